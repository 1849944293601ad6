//! §3 of the catalog, the part read from RUN scripts: package managers, caches, layers and the
//! commands inside RUN.

use crate::analysis::rules::Rule;

pub(super) static RULES: &[&Rule] = &[];
