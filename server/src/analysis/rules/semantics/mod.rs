//! §2 of the catalog: stages, variables and instruction semantics.

use crate::analysis::rules::Rule;

pub(super) static RULES: &[&Rule] = &[];
