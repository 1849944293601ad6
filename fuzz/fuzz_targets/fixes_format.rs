//! Fuzz target `fixes_format`: see `checks::fixes_format` for what it checks.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| dockerfile_lsp_fuzz::checks::fixes_format(data));
