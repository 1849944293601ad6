//! The tree-sitter queries of `server/queries/dockerfile/`, embedded: the very files Neovim and Helix
//! read (the repository's `queries/` is a link to that folder, which lives inside the crate so that
//! the published package carries them), so that the server's semantic tokens and the editors' own
//! highlighting cannot drift apart.

use std::sync::OnceLock;

use tree_sitter::{Language, Query};

pub const HIGHLIGHTS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/queries/dockerfile/highlights.scm"
));
pub const INJECTIONS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/queries/dockerfile/injections.scm"
));
pub const FOLDS: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/queries/dockerfile/folds.scm"));
pub const LOCALS: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/queries/dockerfile/locals.scm"));

/// Every query file by its name in `queries/dockerfile/` (without `.scm`).
pub const ALL: [(&str, &str); 4] = [
    ("highlights", HIGHLIGHTS),
    ("injections", INJECTIONS),
    ("folds", FOLDS),
    ("locals", LOCALS),
];

pub fn language() -> Language {
    arborium_dockerfile::language().into()
}

/// The highlights query, compiled once.
pub fn highlights() -> &'static Query {
    static QUERY: OnceLock<Query> = OnceLock::new();
    QUERY.get_or_init(|| {
        // The file is embedded at build time and a test compiles it, so this cannot fail in a
        // build that passed its tests.
        Query::new(&language(), HIGHLIGHTS).expect("queries/dockerfile/highlights.scm compiles")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_query_compiles_against_the_grammar() {
        for (name, source) in ALL {
            if let Err(err) = Query::new(&language(), source) {
                panic!("queries/dockerfile/{name}.scm: {err}");
            }
        }
    }

    #[test]
    fn every_query_file_is_embedded() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("queries/dockerfile");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|e| e.ok())
            .filter_map(|e| e.file_name().to_str()?.strip_suffix(".scm").map(str::to_owned))
            .collect();
        on_disk.sort();
        let mut embedded: Vec<&str> = ALL.iter().map(|(name, _)| *name).collect();
        embedded.sort_unstable();
        assert_eq!(on_disk, embedded);
    }
}
