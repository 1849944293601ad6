//! §4 of the catalog: the shell inside RUN (syntax errors, ShellCheck).

use crate::analysis::rules::Rule;

pub(super) static RULES: &[&Rule] = &[];
