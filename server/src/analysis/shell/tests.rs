//! Scenario tests over whole Dockerfile snippets: script facts with ranges checked against the
//! document text.
