//! The parts of the project tasks that the criterion benchmarks or the tests share with the `xtask`
//! binary.

pub mod eol_refresh;
pub mod large;
pub mod new_rule;
