//! The document store. Edits are applied in arrival order under one short synchronous lock that
//! is never held across an `.await`; everything else works on immutable snapshots, each of which
//! computes its analysis at most once, on first use, off the lock.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

use tower_lsp_server::ls_types::Uri;

use super::capabilities::Negotiated;
use crate::analysis::config::Config;
use crate::analysis::{self, Analysis};
use crate::syntax::{Document, TextEdit};

/// The analysis the server runs; a parameter so that tests can make it fail.
pub type Analyzer = fn(&str, &Config) -> Analysis;

/// The analysis of a snapshot panicked. The message is kept so that every request for that
/// snapshot gets the same answer instead of panicking again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnalysisPanic(pub String);

impl std::fmt::Display for AnalysisPanic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "analysis panicked: {}", self.0)
    }
}

/// One version of one open document. Immutable once made; a change makes a new snapshot.
pub struct Snapshot {
    /// Unique for the life of the server, so it tells two snapshots of one version apart (a
    /// document closed and opened again) and serves as the pull-diagnostics `resultId`.
    pub id: u64,
    pub uri: Uri,
    pub document: Document,
    config: Arc<Config>,
    analyzer: Analyzer,
    analysis: OnceLock<Result<Analysis, AnalysisPanic>>,
}

impl Snapshot {
    pub fn version(&self) -> i32 {
        self.document.version()
    }

    /// The configuration this snapshot is analysed with (its locale picks the language of hover
    /// and completion text).
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The analysis of this version, computed by the first caller. Blocking: call it from
    /// `spawn_blocking`, never on the async executor. A panic in the analysis is caught here and
    /// remembered.
    pub fn analysis(&self) -> Result<&Analysis, AnalysisPanic> {
        self.analysis
            .get_or_init(|| {
                let text = self.document.text();
                catch_unwind(AssertUnwindSafe(|| (self.analyzer)(&text, &self.config)))
                    .map_err(|payload| AnalysisPanic(panic_message(payload.as_ref())))
            })
            .as_ref()
            .map_err(Clone::clone)
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "non-string panic payload".to_owned()
    }
}

/// What happened to a `didChange`.
#[derive(Debug)]
pub enum ChangeError {
    /// The client changed a document it never opened (or already closed).
    NotOpen,
}

pub struct State {
    documents: Mutex<HashMap<Uri, Arc<Snapshot>>>,
    negotiated: OnceLock<Negotiated>,
    config: Mutex<Arc<Config>>,
    next_id: AtomicU64,
    analyzer: Analyzer,
}

/// A poisoned lock only means some thread panicked while holding it; the map itself is always
/// consistent (every mutation is a single insert or remove), so keep serving.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Default for State {
    fn default() -> Self {
        Self::new(analysis::analyze)
    }
}

impl State {
    pub fn new(analyzer: Analyzer) -> Self {
        Self {
            documents: Mutex::new(HashMap::new()),
            negotiated: OnceLock::new(),
            config: Mutex::new(Arc::new(Config::default())),
            next_id: AtomicU64::new(1),
            analyzer,
        }
    }

    /// Records what `initialize` agreed on. Only the first call counts: the protocol allows one
    /// `initialize`, and the transport rejects a second.
    pub fn set_negotiated(&self, negotiated: Negotiated) {
        if self.negotiated.set(negotiated).is_err() {
            tracing::warn!("ignoring a second negotiation");
        }
    }

    pub fn negotiated(&self) -> Negotiated {
        self.negotiated.get().copied().unwrap_or_default()
    }

    pub fn set_config(&self, config: Config) {
        *lock(&self.config) = Arc::new(config);
    }

    fn snapshot(&self, uri: Uri, document: Document) -> Arc<Snapshot> {
        Arc::new(Snapshot {
            id: self.next_id.fetch_add(1, Ordering::Relaxed),
            uri,
            document,
            config: lock(&self.config).clone(),
            analyzer: self.analyzer,
            analysis: OnceLock::new(),
        })
    }

    /// Opens (or reopens, replacing) a document. Parsing happens before the lock is taken: a
    /// fresh document depends on nothing in the store.
    pub fn open(&self, uri: Uri, text: &str, version: i32) -> Arc<Snapshot> {
        let snapshot = self.snapshot(uri.clone(), Document::new(text, version));
        lock(&self.documents).insert(uri, snapshot.clone());
        snapshot
    }

    /// Applies one `didChange` to the current version. The lock covers reading the current
    /// version, the edit and the incremental reparse, so that changes apply in arrival order.
    pub fn change(&self, uri: &Uri, edits: &[TextEdit], version: i32) -> Result<Arc<Snapshot>, ChangeError> {
        let mut documents = lock(&self.documents);
        let current = documents.get(uri).ok_or(ChangeError::NotOpen)?;
        let mut document = current.document.clone();
        document.apply_edits(edits, version, self.negotiated().encoding);
        let snapshot = self.snapshot(uri.clone(), document);
        documents.insert(uri.clone(), snapshot.clone());
        Ok(snapshot)
    }

    pub fn close(&self, uri: &Uri) -> Option<Arc<Snapshot>> {
        lock(&self.documents).remove(uri)
    }

    pub fn get(&self, uri: &Uri) -> Option<Arc<Snapshot>> {
        lock(&self.documents).get(uri).cloned()
    }

    /// Whether `snapshot` is still what the store holds for its document: results computed from
    /// anything else are stale and must not reach the client.
    pub fn is_current(&self, snapshot: &Snapshot) -> bool {
        lock(&self.documents)
            .get(&snapshot.uri)
            .is_some_and(|current| current.id == snapshot.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::LineCol;

    fn uri() -> Uri {
        "file:///tmp/Dockerfile".parse().expect("valid uri")
    }

    fn insert(line: u32, col: u32, text: &str) -> TextEdit {
        let at = LineCol { line, col };
        TextEdit {
            range: Some((at, at)),
            text: text.into(),
        }
    }

    #[test]
    fn changes_make_new_snapshots_and_old_ones_go_stale() {
        let state = State::default();
        let first = state.open(uri(), "FROM a\n", 1);
        assert!(state.is_current(&first));
        let second = state
            .change(&uri(), &[insert(0, 6, ":1")], 2)
            .expect("document is open");
        assert_eq!(second.document.text(), "FROM a:1\n");
        assert_eq!(second.version(), 2);
        assert!(!state.is_current(&first));
        assert!(state.is_current(&second));
        // The old snapshot is untouched.
        assert_eq!(first.document.text(), "FROM a\n");
    }

    #[test]
    fn reopening_makes_earlier_snapshots_stale_even_with_the_same_version() {
        let state = State::default();
        let first = state.open(uri(), "FROM a\n", 1);
        state.close(&uri());
        assert!(!state.is_current(&first));
        let again = state.open(uri(), "FROM a\n", 1);
        assert!(!state.is_current(&first));
        assert!(state.is_current(&again));
    }

    #[test]
    fn change_to_an_unknown_document_is_refused() {
        let state = State::default();
        assert!(matches!(
            state.change(&uri(), &[insert(0, 0, "x")], 2),
            Err(ChangeError::NotOpen)
        ));
    }

    #[test]
    fn a_panicking_analysis_is_caught_and_remembered() {
        fn boom(_: &str, _: &Config) -> Analysis {
            panic!("boom")
        }
        let state = State::new(boom);
        let snapshot = state.open(uri(), "FROM a\n", 1);
        let expected = Err(AnalysisPanic("boom".into()));
        assert_eq!(snapshot.analysis().map(|_| ()), expected);
        assert_eq!(snapshot.analysis().map(|_| ()), expected);
    }
}
