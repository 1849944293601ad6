//! The parts of the project tasks that the criterion benchmarks share with the `xtask` binary.

pub mod large;
