//! The fuzz targets' checks, in a library so that the targets stay one line each and
//! `server/tests/analysis/fuzz_replay.rs` can run the same code over the corpus without a nightly
//! toolchain.

pub mod checks;
