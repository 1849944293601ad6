//! Rules about the suppression comments themselves. The engine applies suppressions after every
//! other rule ran (analysis/suppress.rs), so these rules are reported from there.

use crate::analysis::rules::Rule;

mod unused_suppression;

pub use unused_suppression::ID as UNUSED_SUPPRESSION;

pub(super) static RULES: &[&Rule] = &[&unused_suppression::RULE];
