//! The document store. Edits are applied in arrival order under one short synchronous lock that
//! is never held across an `.await` nor while files are read; everything else works on immutable
//! snapshots. An edit only changes the rope and records itself on the previous tree; each
//! snapshot reparses its tree and computes its analysis at most once, on first use, off the lock.
//!
//! It also holds the configuration: the client's settings, and per folder the configuration file
//! that applies (`dockerfile-lsp.toml` or `.hadolint.yaml`, found by walking up), read once and
//! read again when it changed on disk or the client says files changed.

use std::collections::{HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::SystemTime;

use tower_lsp_server::ls_types::Uri;

use super::capabilities::Negotiated;
use super::settings::{ClientFlags, ClientSettings};
use crate::analysis::config::Config;
use crate::analysis::diagnostic::Diagnostic;
use crate::analysis::navigation::Symbols;
use crate::analysis::{self, Analysis, Host, Previous};
use crate::syntax::{Document, TextEdit};
use crate::workspace::{self, ConfigError};

/// What the server lends the analysis of a document (its build context, ShellCheck), given the
/// document's path when it is a file on disk: `workspace::host_for`, or in tests a host that
/// fails.
pub type HostFor = fn(Option<&Path>, &Config) -> Host;

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
    /// The document's text, made from the rope once: the analysis, the next version's reuse of
    /// this one, the diagnostics' positions and every request read it.
    text: OnceLock<String>,
    config: Arc<Config>,
    /// The generation of the configuration `config` was made from.
    generation: u64,
    host_for: HostFor,
    /// The analysis that does not wait for ShellCheck ([`analysis::analyze_at_hand`]).
    analysis: OnceLock<Result<Analysis, AnalysisPanic>>,
    /// The whole set of diagnostics, ShellCheck's included, when the analysis had ShellCheck
    /// answers pending ([`analysis::complete`]).
    complete: OnceLock<Result<Vec<Diagnostic>, AnalysisPanic>>,
    /// The index of the names the document declares, built from the analysis on first use and
    /// shared by definition, references, highlights and rename.
    symbols: OnceLock<Symbols>,
    /// The newest analysed earlier version, whose model and facts this one reuses; taken (and
    /// so released) when this version is analysed.
    previous: Mutex<Option<Arc<Snapshot>>>,
    /// Which of its diagnostics were pushed to the client: a [`Pushed`] as a number, 0 for none.
    pushed: AtomicU8,
}

/// What was pushed of a snapshot's diagnostics. A version is pushed at most twice, in this
/// order: our findings while ShellCheck still runs, then the whole set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum Pushed {
    /// The analysis that did not wait for ShellCheck, which still had scripts to answer.
    Ours = 1,
    /// Every finding, ShellCheck's included: nothing more is pushed for this snapshot.
    All = 2,
}

impl Snapshot {
    pub fn version(&self) -> i32 {
        self.document.version()
    }

    /// The document's text.
    pub fn text(&self) -> &str {
        self.text.get_or_init(|| self.document.text())
    }

    /// Marks `what` of this snapshot's diagnostics as pushed; `false` when it, or more, already
    /// was. A change can be published by the document's publishing task before the handler that
    /// made it schedules a publication of its own, which then finds nothing left to do; and our
    /// findings are never pushed after the whole set.
    pub fn mark_pushed(&self, what: Pushed) -> bool {
        self.pushed.fetch_max(what as u8, Ordering::SeqCst) < what as u8
    }

    /// Whether every diagnostic of this snapshot was pushed already.
    pub fn was_pushed(&self) -> bool {
        self.pushed.load(Ordering::SeqCst) >= Pushed::All as u8
    }

    /// The configuration this snapshot is analysed with (its locale picks the language of hover
    /// and completion text).
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The analysis of this version, computed by the first caller, without waiting for
    /// ShellCheck: its diagnostics lack the findings of scripts whose ShellCheck answers were
    /// not at hand (`shellcheck_pending`; [`Snapshot::diagnostics`] has them all). Blocking:
    /// call it from `spawn_blocking`, never on the async executor. A panic in the analysis is
    /// caught here and remembered.
    pub fn analysis(&self) -> Result<&Analysis, AnalysisPanic> {
        self.analysis
            .get_or_init(|| {
                let text = self.text();
                let path = file_path(&self.uri);
                let previous = lock(&self.previous).take();
                let reuse = previous.as_deref().and_then(|p| match p.analysis.get() {
                    Some(Ok(analysis)) => Some(Previous::of(p.text(), analysis)),
                    _ => None,
                });
                let analysis = catch_unwind(AssertUnwindSafe(|| {
                    let host = (self.host_for)(path.as_deref(), &self.config);
                    analysis::analyze_at_hand(text, &self.config, &host, reuse)
                }))
                .map_err(|payload| AnalysisPanic(panic_message(payload.as_ref())));
                retire(previous);
                analysis
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Every diagnostic of this version, ShellCheck's included: the analysis' own when no
    /// ShellCheck answer was pending, else computed once (running ShellCheck) by the first
    /// caller. Blocking, like [`Snapshot::analysis`]; a panic is remembered the same way.
    pub fn diagnostics(&self) -> Result<&[Diagnostic], AnalysisPanic> {
        let analysis = self.analysis()?;
        if !analysis.shellcheck_pending {
            return Ok(&analysis.diagnostics);
        }
        self.complete
            .get_or_init(|| {
                let path = file_path(&self.uri);
                catch_unwind(AssertUnwindSafe(|| {
                    let host = (self.host_for)(path.as_deref(), &self.config);
                    analysis::complete(self.text(), &self.config, &host, analysis)
                }))
                .map_err(|payload| AnalysisPanic(panic_message(payload.as_ref())))
            })
            .as_ref()
            .map(Vec::as_slice)
            .map_err(Clone::clone)
    }

    /// The most complete diagnostics known without waiting: every one when ShellCheck has
    /// answered, else the analysis' own. Blocking on the analysis only.
    pub fn diagnostics_so_far(&self) -> Result<&[Diagnostic], AnalysisPanic> {
        match self.complete.get() {
            Some(Ok(all)) => Ok(all),
            _ => self.analysis().map(|a| a.diagnostics.as_slice()),
        }
    }

    /// Whether the analysis is done and had ShellCheck answers pending, and the whole set is
    /// still to be pushed (and did not fail).
    pub fn awaits_shellcheck(&self) -> bool {
        matches!(self.analysis.get(), Some(Ok(a)) if a.shellcheck_pending)
            && !self.was_pushed()
            && !matches!(self.complete.get(), Some(Err(_)))
    }

    /// The symbol index of this version ([`Symbols`]), built once from its analysis. Blocking,
    /// like [`Snapshot::analysis`], whose failure it shares.
    pub fn symbols(&self) -> Result<&Symbols, AnalysisPanic> {
        let analysis = self.analysis()?;
        Ok(self
            .symbols
            .get_or_init(|| Symbols::build(&analysis.model, self.text())))
    }

    /// The analysis of another text as if it were this document (same path, configuration and
    /// build context): what the rounds of a fix-all check their result with. Blocking; a panic
    /// is an error, as in [`Snapshot::analysis`].
    pub fn analyze_text(&self, text: &str) -> Result<Analysis, AnalysisPanic> {
        let path = file_path(&self.uri);
        catch_unwind(AssertUnwindSafe(|| {
            let host = (self.host_for)(path.as_deref(), &self.config);
            analysis::analyze(text, &self.config, &host, None)
        }))
        .map_err(|payload| AnalysisPanic(panic_message(payload.as_ref())))
    }
}

/// Drops a previous version off the path of the diagnostics being computed: freeing a large
/// document's model, facts and diagnostics is about a millisecond, which the user need not wait
/// for. On a blocking thread of the runtime when there is one, which then asks for the freed
/// memory to go back to the system once typing pauses ([`super::memory`]).
fn retire(previous: Option<Arc<Snapshot>>) {
    let Some(previous) = previous else { return };
    match tokio::runtime::Handle::try_current() {
        Ok(runtime) => {
            let later = runtime.clone();
            runtime.spawn_blocking(move || {
                drop(previous);
                super::memory::trim_when_idle(&later);
            });
        }
        Err(_) => drop(previous),
    }
}

/// The path of a `file:` URI.
pub fn file_path(uri: &Uri) -> Option<PathBuf> {
    uri.to_file_path().map(|p| p.into_owned())
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
    client_flags: OnceLock<ClientFlags>,
    settings: Mutex<Arc<ClientSettings>>,
    /// Messages for the user found before the client could be told (at `initialize`).
    pending_messages: Mutex<Vec<String>>,
    /// The configuration of each folder that holds an open document.
    folders: Mutex<HashMap<PathBuf, Folder>>,
    /// Bumped whenever settings change or configuration files may have: folders of an older
    /// generation are read again.
    generation: AtomicU64,
    config_files: Mutex<ConfigFiles>,
    next_id: AtomicU64,
    host_for: HostFor,
}

/// A folder's configuration, as of one generation.
struct Folder {
    config: Arc<Config>,
    /// The configuration file it came from and how it looked then, to notice edits.
    file: Option<(PathBuf, Option<Stamp>)>,
    generation: u64,
}

/// A configuration file found in the workspace came with the files the user opened, not from the
/// user: in the editor it must not choose a program to run. `shellcheck.path` is taken from the
/// client's settings only (`check` takes it from a file the user names with `--config`).
fn without_binary(mut config: Config, file: Option<&Path>) -> Config {
    if let Some(path) = config.shellcheck.path.take() {
        tracing::warn!(
            "ignoring `shellcheck.path = {path:?}` in {}: in the editor only the client's settings choose the binary",
            file.map_or_else(|| "a configuration file".to_owned(), |f| f.display().to_string())
        );
    }
    config
}

/// Enough of a file's metadata to notice that it changed.
type Stamp = (SystemTime, u64);

fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// What each configuration file read so far looked like: broken (with the error), with entries
/// that were dropped, or fine, and which of those the client has been told about.
#[derive(Default)]
struct ConfigFiles {
    state: HashMap<PathBuf, FileErrors>,
    /// Files whose error was published as a diagnostic (to clear once they are fixed).
    published: HashSet<PathBuf>,
    /// Errors already shown in a message, so that each shows once.
    shown: HashSet<(PathBuf, String)>,
}

/// What is wrong with a configuration file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileErrors {
    /// The error that made it unreadable: the defaults apply.
    pub fatal: Option<ConfigError>,
    /// Entries that were dropped while the rest applies (a query that does not compile).
    pub dropped: Vec<ConfigError>,
}

impl FileErrors {
    pub fn is_empty(&self) -> bool {
        self.fatal.is_none() && self.dropped.is_empty()
    }

    /// One line naming every error, to show each distinct state once.
    fn summary(&self) -> String {
        self.fatal
            .iter()
            .chain(&self.dropped)
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// A configuration file whose state the client should hear about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigReport {
    pub path: PathBuf,
    /// Empty: the file is fine now, clear what was published for it.
    pub errors: FileErrors,
    /// Whether to show the errors in a message too (the first time they are seen).
    pub show: bool,
}

/// A poisoned lock only means some thread panicked while holding it; the map itself is always
/// consistent (every mutation is a single insert or remove), so keep serving.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Default for State {
    /// A store whose documents are analysed with no build context and no ShellCheck.
    fn default() -> Self {
        Self::new(|_, _| Host::none())
    }
}

impl State {
    pub fn new(host_for: HostFor) -> Self {
        Self {
            documents: Mutex::new(HashMap::new()),
            negotiated: OnceLock::new(),
            client_flags: OnceLock::new(),
            settings: Mutex::new(Arc::new(ClientSettings::default())),
            pending_messages: Mutex::new(Vec::new()),
            folders: Mutex::new(HashMap::new()),
            generation: AtomicU64::new(0),
            config_files: Mutex::new(ConfigFiles::default()),
            next_id: AtomicU64::new(1),
            host_for,
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

    pub fn set_client_flags(&self, flags: ClientFlags) {
        let _ = self.client_flags.set(flags);
    }

    pub fn client_flags(&self) -> ClientFlags {
        self.client_flags.get().copied().unwrap_or_default()
    }

    /// Keeps a message for the user until the client can be told (after `initialized`).
    pub fn defer_message(&self, message: String) {
        lock(&self.pending_messages).push(message);
    }

    pub fn take_messages(&self) -> Vec<String> {
        std::mem::take(&mut *lock(&self.pending_messages))
    }

    /// Replaces the client's settings; the documents pick them up through [`State::reconfigure`].
    pub fn set_settings(&self, settings: ClientSettings) {
        *lock(&self.settings) = Arc::new(settings);
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    pub fn settings(&self) -> Arc<ClientSettings> {
        lock(&self.settings).clone()
    }

    /// Forgets what was read from configuration files, so that the next use reads them again.
    pub fn forget_config_files(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// The configuration for a document at `uri`, and the generation it belongs to. A folder
    /// already read in this generation is not read again unless `revalidate` is set and its file
    /// changed on disk (a document being opened); documents that are not files get the
    /// client's settings over the defaults. Reads files: call it outside the document lock.
    fn config_for(&self, uri: &Uri, revalidate: bool) -> (Arc<Config>, u64) {
        let generation = self.generation.load(Ordering::SeqCst);
        let settings = self.settings();
        let Some(dir) = file_path(uri).and_then(|p| p.parent().map(Path::to_path_buf)) else {
            return (Arc::new(settings.apply(&Config::default())), generation);
        };
        if let Some(folder) = lock(&self.folders).get(&dir) {
            let unchanged = match &folder.file {
                Some((path, seen)) if revalidate => stamp(path) == *seen,
                _ => true,
            };
            if folder.generation == generation && unchanged {
                return (folder.config.clone(), generation);
            }
        }
        let loaded = workspace::load_config_for(&dir);
        let file = loaded.path.clone().map(|p| {
            let seen = stamp(&p);
            (p, seen)
        });
        let mut files = lock(&self.config_files);
        if let Some(path) = &loaded.path {
            let errors = FileErrors {
                fatal: loaded.error.clone(),
                dropped: loaded.problems.clone(),
            };
            files.state.insert(path.clone(), errors);
        }
        // A broken file that was deleted has nothing left to report: its diagnostic is cleared.
        for (path, errors) in files.state.iter_mut() {
            if !errors.is_empty() && !path.is_file() {
                *errors = FileErrors::default();
            }
        }
        drop(files);
        let config = Arc::new(settings.apply(&without_binary(loaded.config, loaded.path.as_deref())));
        lock(&self.folders).insert(
            dir,
            Folder {
                config: config.clone(),
                file,
                generation,
            },
        );
        (config, generation)
    }

    fn snapshot(&self, uri: Uri, document: Document, (config, generation): (Arc<Config>, u64)) -> Arc<Snapshot> {
        self.snapshot_after(uri, document, (config, generation), None)
    }

    /// A snapshot that will reuse the facts of `before`, an earlier version of the document.
    fn snapshot_after(
        &self,
        uri: Uri,
        document: Document,
        (config, generation): (Arc<Config>, u64),
        before: Option<&Arc<Snapshot>>,
    ) -> Arc<Snapshot> {
        let previous = before.and_then(|b| match b.analysis.get() {
            Some(Ok(_)) => Some(Arc::clone(b)),
            _ => lock(&b.previous).clone(),
        });
        Arc::new(Snapshot {
            id: self.next_id.fetch_add(1, Ordering::Relaxed),
            uri,
            document,
            text: OnceLock::new(),
            config,
            generation,
            host_for: self.host_for,
            analysis: OnceLock::new(),
            complete: OnceLock::new(),
            symbols: OnceLock::new(),
            previous: Mutex::new(previous),
            pushed: AtomicU8::new(0),
        })
    }

    /// Opens (or reopens, replacing) a document. Parsing and reading its configuration happen
    /// before the lock is taken: a fresh document depends on nothing in the store.
    pub fn open(&self, uri: Uri, text: &str, version: i32) -> Arc<Snapshot> {
        let config = self.config_for(&uri, true);
        let snapshot = self.snapshot(uri.clone(), Document::new(text, version), config);
        lock(&self.documents).insert(uri, snapshot.clone());
        snapshot
    }

    /// Applies one `didChange` to the current version. The lock covers reading the current
    /// version and applying the edit to its rope (the tree is reparsed later, when a feature asks
    /// for it), so that changes apply in arrival order. The configuration stays the one of the
    /// current version unless it went stale meanwhile; then it is read again, before the lock is
    /// taken.
    pub fn change(&self, uri: &Uri, edits: &[TextEdit], version: i32) -> Result<Arc<Snapshot>, ChangeError> {
        let stale = self.get(uri).ok_or(ChangeError::NotOpen)?.generation != self.generation.load(Ordering::SeqCst);
        let fresh = stale.then(|| self.config_for(uri, false));
        let mut documents = lock(&self.documents);
        let current = documents.get(uri).ok_or(ChangeError::NotOpen)?;
        let config = fresh.unwrap_or_else(|| (current.config.clone(), current.generation));
        let mut document = current.document.clone();
        document.apply_edits(edits, version, self.negotiated().encoding);
        let snapshot = self.snapshot_after(uri.clone(), document, config, Some(current));
        documents.insert(uri.clone(), snapshot.clone());
        Ok(snapshot)
    }

    /// New snapshots, with the configuration as it is now, of every open document whose
    /// configuration was read again (same text and version); they replace the current ones and
    /// their diagnostics are to be published again.
    pub fn reconfigure(&self) -> Vec<Arc<Snapshot>> {
        let open: Vec<Uri> = lock(&self.documents).keys().cloned().collect();
        let mut renewed = Vec::new();
        for uri in open {
            let config = self.config_for(&uri, true);
            let mut documents = lock(&self.documents);
            let Some(current) = documents.get(&uri) else { continue };
            // The same folder entry: nothing changed for this document.
            if Arc::ptr_eq(&current.config, &config.0) {
                continue;
            }
            let snapshot = self.snapshot_after(uri.clone(), current.document.clone(), config, Some(current));
            documents.insert(uri, snapshot.clone());
            renewed.push(snapshot);
        }
        renewed
    }

    /// What changed about configuration files since the last call: files that broke (to report)
    /// and files that were reported and are fine now (to clear).
    pub fn config_reports(&self) -> Vec<ConfigReport> {
        let mut files = lock(&self.config_files);
        let files = &mut *files;
        let mut out = Vec::new();
        let mut paths: Vec<&PathBuf> = files.state.keys().collect();
        paths.sort();
        for path in paths {
            let errors = &files.state[path];
            if errors.is_empty() {
                if files.published.remove(path) {
                    out.push(ConfigReport {
                        path: path.clone(),
                        errors: FileErrors::default(),
                        show: false,
                    });
                }
                continue;
            }
            let show = files.shown.insert((path.clone(), errors.summary()));
            if show || !files.published.contains(path) {
                files.published.insert(path.clone());
                out.push(ConfigReport {
                    path: path.clone(),
                    errors: errors.clone(),
                    show,
                });
            }
        }
        out
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
    fn an_edited_version_reuses_facts_and_finds_what_a_fresh_analysis_finds() {
        let state = State::default();
        let text = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN echo a | tee b\n";
        let first = state.open(uri(), text, 1);
        let before = first.analysis().map(|a| a.diagnostics.len()).expect("analysis");
        assert!(before > 0);
        // Insert a line above the RUNs: their scripts are reused, shifted.
        let second = state
            .change(&uri(), &[insert(1, 0, "ENV A=1\n")], 2)
            .expect("document is open");
        assert!(lock(&second.previous).is_some());
        let reused = second.analysis().map(|a| a.diagnostics.clone()).expect("analysis");
        assert!(lock(&second.previous).is_none(), "taken when analysed");
        let fresh = analysis::analyze(&second.document.text(), second.config(), &Host::none(), None).diagnostics;
        assert_eq!(reused, fresh);
    }

    /// A ShellCheck that reports SC2086 on every script and keeps no answer.
    fn reporting(_: Option<&Path>, _: &Config) -> Host {
        crate::analysis::tests::host()
    }

    #[test]
    fn our_findings_first_then_the_same_set_a_whole_analysis_gives() {
        let state = State::new(reporting);
        let text = "FROM debian:12\nRUN echo $a\nRUN echo | tee b\n";
        let snapshot = state.open(uri(), text, 1);
        let first = snapshot.analysis().expect("analysis");
        assert!(first.shellcheck_pending);
        let ours = analysis::analyze(text, snapshot.config(), &Host::none(), None).diagnostics;
        assert_eq!(first.diagnostics, ours, "ours: a analysis without ShellCheck");
        let path = file_path(&uri());
        let whole = analysis::analyze(
            text,
            snapshot.config(),
            &reporting(path.as_deref(), snapshot.config()),
            None,
        );
        assert_eq!(snapshot.diagnostics().expect("diagnostics"), whole.diagnostics);
        assert!(whole.diagnostics.iter().any(|d| d.rule == "shellcheck"));
        assert_eq!(snapshot.diagnostics_so_far().expect("diagnostics"), whole.diagnostics);
        assert!(snapshot.awaits_shellcheck(), "not pushed yet");
        assert!(snapshot.mark_pushed(Pushed::Ours));
        assert!(snapshot.mark_pushed(Pushed::All));
        assert!(!snapshot.mark_pushed(Pushed::Ours), "never ours after the whole set");
        assert!(!snapshot.awaits_shellcheck());
    }

    #[test]
    fn a_change_after_new_settings_takes_the_new_configuration_once() {
        let state = State::default();
        let uri: Uri = "untitled:Dockerfile".parse().expect("valid uri");
        let first = state.open(uri.clone(), "FROM a\n", 1);
        assert!(!first.config().ignore.contains("DL3006"));
        let settings = ClientSettings::parse(Some(&serde_json::json!({"ignore": ["DL3006"]})), None);
        state.set_settings(settings.expect("valid settings"));
        let second = state.change(&uri, &[insert(0, 6, ":1")], 2).expect("document is open");
        assert!(
            second.config().ignore.contains("DL3006"),
            "read again: the settings changed"
        );
        let third = state.change(&uri, &[insert(0, 8, "2")], 3).expect("document is open");
        assert!(Arc::ptr_eq(&second.config, &third.config), "current: kept");
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
        let state = State::new(crate::lsp::tests::exploding);
        let snapshot = state.open(uri(), "FROM a\nRUN x\n", 1);
        // The analysis does not wait for ShellCheck, whose answer is not at hand: it is fine,
        // and ShellCheck is still to run.
        assert!(snapshot.analysis().is_ok_and(|a| a.shellcheck_pending));
        assert!(snapshot.awaits_shellcheck());
        let expected = Err(AnalysisPanic("analysis exploded".into()));
        assert_eq!(snapshot.diagnostics().map(|_| ()), expected);
        assert_eq!(snapshot.diagnostics().map(|_| ()), expected);
        assert!(!snapshot.awaits_shellcheck(), "a failure is not waited for again");
    }
}
