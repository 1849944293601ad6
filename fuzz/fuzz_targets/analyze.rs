//! Fuzz target `analyze`: see `checks::analyze` for what it checks.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| dockerfile_lsp_fuzz::checks::analyze(data));
