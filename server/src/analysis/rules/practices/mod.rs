//! §3 of the catalog, the part about images and instructions: base images and tags, exec form,
//! ADD and COPY, users, volumes, init processes and the build context.

use crate::analysis::rules::Rule;

pub(super) static RULES: &[&Rule] = &[];
