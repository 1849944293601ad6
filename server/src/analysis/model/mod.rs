//! The semantic model of a Dockerfile, built by a BuildKit-faithful scanner over the source text:
//! parser directives, instructions (keyword, flags, arguments split the way BuildKit splits them,
//! heredocs), stages with their base images, and variable references. Every feature asks its
//! questions here; nothing else re-reads the text.
//!
//! Architecture invariant: building the model never fails. Whatever BuildKit would reject is
//! recorded in [`Model::problems`] with the exact range, and everything else is still modelled.

mod types;

pub use types::*;
mod parse;

pub use parse::parse;
