//! The `shellcheck` binary behind the analysis' [`ShellChecker`]: found on `PATH` (or where the
//! configuration says), run with an argument vector and the script on stdin (no shell in
//! between), killed after a timeout, its answers cached by (script, dialect) in a bounded cache
//! shared by every document of the process, and on disk between processes (`shellcheck_disk.rs`).
//! No binary, or one that fails: no findings and no error, as the catalog promises.
//! `workspace::host_for` lends it to the analysis.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex, MutexGuard, PoisonError, mpsc};
use std::time::{Duration, Instant};

use serde::Deserialize;

use crate::analysis::config::ShellcheckConfig;
use crate::analysis::shellcheck::{Dialect, Finding, Level, ShellChecker};
use crate::workspace::shellcheck_disk;

pub use crate::workspace::shellcheck_disk::disable as disable_disk_cache;

/// A script ShellCheck has not finished in this long is given up (and the answer "none" cached,
/// so that the next keystroke does not wait again).
const TIMEOUT: Duration = Duration::from_secs(5);
/// Answers kept; a Dockerfile has tens of scripts, an editing session a few hundred versions.
const CACHE_CAPACITY: usize = 2048;
/// Processes started at once for one document.
const MAX_PARALLEL: usize = 4;
/// More output than this is not ShellCheck's answer about one script: the process is killed and
/// its answer is "none", so that a runaway binary cannot fill memory.
const MAX_OUTPUT: u64 = 16 << 20;

/// How to ask this binary for JSON. `json1` (ShellCheck 0.7.0 and later) counts a tab as one
/// column; the legacy `json` format, the only one older versions know, expands tabs to stops
/// of 8. `--norc` keeps a `.shellcheckrc` near the working directory out of the answers, which
/// must depend on the script and dialect alone to be cached by them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Format {
    Json1 { norc: bool },
    Json,
}

impl Format {
    const PREFERENCE: [Format; 3] = [
        Format::Json1 { norc: true },
        Format::Json1 { norc: false },
        Format::Json,
    ];

    const fn tab_stop(self) -> u32 {
        match self {
            Format::Json1 { .. } => 1,
            Format::Json => 8,
        }
    }
}

/// A working `shellcheck` binary.
#[derive(Debug)]
pub struct Shellcheck {
    binary: PathBuf,
    format: Format,
    /// What names this binary in the disk cache: its path, size and modification time.
    identity: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Key {
    binary: PathBuf,
    format: Format,
    dialect: Dialect,
    script: String,
}

struct Cache {
    entries: HashMap<Key, (Option<Vec<Finding>>, u64)>,
    clock: u64,
}

impl Cache {
    fn get(&mut self, key: &Key) -> Option<Option<Vec<Finding>>> {
        self.clock += 1;
        let clock = self.clock;
        self.entries.get_mut(key).map(|(answer, used)| {
            *used = clock;
            answer.clone()
        })
    }

    /// Inserts, evicting the least recently used entry when full.
    fn put(&mut self, key: Key, answer: Option<Vec<Finding>>) {
        if self.entries.len() >= CACHE_CAPACITY && !self.entries.contains_key(&key) {
            let oldest = self
                .entries
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(k, _)| k.clone());
            if let Some(oldest) = oldest {
                self.entries.remove(&oldest);
            }
        }
        self.clock += 1;
        self.entries.insert(key, (answer, self.clock));
    }
}

static CACHE: LazyLock<Mutex<Cache>> = LazyLock::new(|| {
    Mutex::new(Cache {
        entries: HashMap::new(),
        clock: 0,
    })
});

/// What was found for a configured path (`None`: `shellcheck` on `PATH`), or is being looked
/// for: a caller that arrives during the probe waits for its answer instead of probing again.
type Found = HashMap<Option<String>, Arc<std::sync::OnceLock<Option<Arc<Shellcheck>>>>>;

/// Binaries already looked for.
static FOUND: LazyLock<Mutex<Found>> = LazyLock::new(|| Mutex::new(HashMap::new()));

/// A poisoned lock only means a thread panicked while holding it; both maps stay consistent
/// (every change is one insert or remove).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shellcheck {
    /// The ShellCheck the configuration asks for: `None` when it is disabled, not found or not
    /// working. Looked for once per process and path (installing ShellCheck while the server
    /// runs takes a restart to notice).
    pub fn for_config(config: &ShellcheckConfig) -> Option<Arc<Shellcheck>> {
        if !config.enabled {
            return None;
        }
        let slot = Arc::clone(lock(&FOUND).entry(config.path.clone()).or_default());
        slot.get_or_init(|| {
            let found = find_binary(config.path.as_deref().unwrap_or("shellcheck"))
                .and_then(|binary| Shellcheck::at(&binary))
                .map(Arc::new);
            match &found {
                Some(s) => tracing::debug!(binary = %s.binary.display(), format = ?s.format, "using shellcheck"),
                None => tracing::debug!(path = ?config.path, "no working shellcheck; the shellcheck rule stays quiet"),
            }
            found
        })
        .clone()
    }

    /// [`Shellcheck::for_config`] as a checker that does not wait for the binary to be found
    /// and probed where waiting is not wanted: until the probe is done, no answer is at hand
    /// ([`ShellChecker::cached`]), so an analysis that takes only those goes on without it, and
    /// the probe runs meanwhile on a thread of its own. Asking for an answer waits for the probe.
    /// `None` when ShellCheck is disabled.
    pub fn lazy_for_config(config: &ShellcheckConfig) -> Option<Arc<dyn ShellChecker>> {
        config.enabled.then(|| {
            Arc::new(Lazy {
                config: config.clone(),
                slot: Arc::clone(lock(&FOUND).entry(config.path.clone()).or_default()),
                started: AtomicBool::new(false),
            }) as Arc<dyn ShellChecker>
        })
    }

    /// The binary at `binary`, if it answers a trivial script in one of the JSON formats.
    pub fn at(binary: &Path) -> Option<Shellcheck> {
        let identity = std::fs::metadata(binary)
            .map(|m| {
                let modified = m
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos());
                format!("{} {} {modified}", binary.display(), m.len())
            })
            .ok()?;
        Format::PREFERENCE.into_iter().find_map(|format| {
            let candidate = Shellcheck {
                binary: binary.to_path_buf(),
                format,
                identity: identity.clone(),
            };
            candidate.run("true\n", Dialect::Sh).map(|_| candidate)
        })
    }

    fn args(&self, dialect: Dialect) -> Vec<String> {
        let mut args = Vec::with_capacity(4);
        match self.format {
            Format::Json1 { norc } => {
                args.push("--format=json1".to_owned());
                if norc {
                    args.push("--norc".to_owned());
                }
            }
            Format::Json => args.push("--format=json".to_owned()),
        }
        args.push(format!("--shell={}", dialect.as_str()));
        args.push("-".to_owned());
        args
    }

    /// One run, uncached.
    fn run(&self, script: &str, dialect: Dialect) -> Option<Vec<Finding>> {
        self.run_raw(script, dialect).map(|(findings, _)| findings)
    }

    /// One run: the findings and the output they were read from.
    fn run_raw(&self, script: &str, dialect: Dialect) -> Option<(Vec<Finding>, Vec<u8>)> {
        let (status, stdout) = run_process(&self.binary, &self.args(dialect), script, TIMEOUT)?;
        // 0: no findings, 1: findings; anything else is a failure (bad option, unreadable input).
        if status != 0 && status != 1 {
            return None;
        }
        parse_output(&stdout, self.format).map(|findings| (findings, stdout))
    }

    /// The name of a script's answer in the disk cache.
    fn disk_name(&self, script: &str, dialect: Dialect) -> String {
        let format = format!("{:?}", self.format);
        shellcheck_disk::entry_name(&[
            self.identity.as_bytes(),
            format.as_bytes(),
            dialect.as_str().as_bytes(),
            script.as_bytes(),
        ])
    }

    /// The answer kept in the disk cache, if any.
    fn kept_on_disk(&self, name: &str) -> Option<Vec<Finding>> {
        shellcheck_disk::get(name, MAX_OUTPUT).and_then(|out| parse_output(&out, self.format))
    }

    /// The answer from the disk cache, else from a run (kept on disk when ShellCheck gave one).
    fn answer(&self, script: &str, dialect: Dialect) -> Option<Vec<Finding>> {
        let name = self.disk_name(script, dialect);
        if let Some(findings) = self.kept_on_disk(&name) {
            return Some(findings);
        }
        let (findings, stdout) = self.run_raw(script, dialect)?;
        shellcheck_disk::put(&name, &stdout);
        Some(findings)
    }

    fn key(&self, script: &str, dialect: Dialect) -> Key {
        Key {
            binary: self.binary.clone(),
            format: self.format,
            dialect,
            script: script.to_owned(),
        }
    }
}

impl ShellChecker for Shellcheck {
    fn check(&self, script: &str, dialect: Dialect) -> Option<Vec<Finding>> {
        let key = self.key(script, dialect);
        if let Some(answer) = lock(&CACHE).get(&key) {
            return answer;
        }
        let answer = self.answer(script, dialect);
        lock(&CACHE).put(key, answer.clone());
        answer
    }

    /// From the cache in memory, else from the one on disk (a file read, no process).
    fn cached(&self, script: &str, dialect: Dialect) -> Option<Option<Vec<Finding>>> {
        let key = self.key(script, dialect);
        if let Some(answer) = lock(&CACHE).get(&key) {
            return Some(answer);
        }
        let findings = self.kept_on_disk(&self.disk_name(script, dialect))?;
        lock(&CACHE).put(key, Some(findings.clone()));
        Some(Some(findings))
    }

    /// Cached answers first; the rest run a few at a time.
    fn check_all(&self, jobs: &[(&str, Dialect)]) -> Vec<Option<Vec<Finding>>> {
        let mut answers: Vec<Option<Option<Vec<Finding>>>> = {
            let mut cache = lock(&CACHE);
            jobs.iter().map(|(s, d)| cache.get(&self.key(s, *d))).collect()
        };
        let missing: Vec<usize> = (0..jobs.len()).filter(|&i| answers[i].is_none()).collect();
        let workers = missing.len().min(MAX_PARALLEL);
        if workers <= 1 {
            for &i in &missing {
                answers[i] = Some(self.check(jobs[i].0, jobs[i].1));
            }
        } else {
            let next = AtomicUsize::new(0);
            let computed: Vec<(usize, Option<Vec<Finding>>)> = std::thread::scope(|scope| {
                let handles: Vec<_> = (0..workers)
                    .map(|_| {
                        scope.spawn(|| {
                            let mut done = Vec::new();
                            while let Some(&i) = missing.get(next.fetch_add(1, Ordering::Relaxed)) {
                                done.push((i, self.check(jobs[i].0, jobs[i].1)));
                            }
                            done
                        })
                    })
                    .collect();
                handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
            });
            for (i, answer) in computed {
                answers[i] = Some(answer);
            }
        }
        answers.into_iter().map(Option::flatten).collect()
    }
}

/// A ShellCheck being looked for ([`Shellcheck::lazy_for_config`]).
struct Lazy {
    config: ShellcheckConfig,
    slot: Arc<std::sync::OnceLock<Option<Arc<Shellcheck>>>>,
    /// This checker started the probe in the background already.
    started: AtomicBool,
}

impl Lazy {
    /// The binary, waiting for the probe.
    fn found(&self) -> Option<Arc<Shellcheck>> {
        Shellcheck::for_config(&self.config)
    }
}

impl ShellChecker for Lazy {
    fn check(&self, script: &str, dialect: Dialect) -> Option<Vec<Finding>> {
        self.found()?.check(script, dialect)
    }

    fn check_all(&self, jobs: &[(&str, Dialect)]) -> Vec<Option<Vec<Finding>>> {
        match self.found() {
            Some(shellcheck) => shellcheck.check_all(jobs),
            None => vec![None; jobs.len()],
        }
    }

    /// Until the probe is done, ShellCheck may be there: the scripts are prepared and their
    /// answers asked for.
    fn available(&self) -> bool {
        self.slot.get().is_none_or(Option::is_some)
    }

    fn cached(&self, script: &str, dialect: Dialect) -> Option<Option<Vec<Finding>>> {
        match self.slot.get() {
            Some(Some(shellcheck)) => shellcheck.cached(script, dialect),
            Some(None) => Some(None),
            None => {
                // Probe in the background, once per checker (a probe already running elsewhere
                // is waited for by the thread, not run again).
                if !self.started.swap(true, Ordering::Relaxed) {
                    let config = self.config.clone();
                    std::thread::spawn(move || Shellcheck::for_config(&config));
                }
                None
            }
        }
    }
}

/// `name` itself when it names a path (`/opt/bin/shellcheck`, `./sc`), else the first
/// executable file called `name` on `PATH`, else one beside our own executable: where
/// `pip install dockerfile-lsp[shellcheck]` puts ShellCheck, so that a venv's or pipx's
/// `dockerfile-lsp` finds it without the venv on `PATH`.
fn find_binary(name: &str) -> Option<PathBuf> {
    let path = Path::new(name);
    if path.components().count() > 1 {
        return path.is_file().then(|| path.to_path_buf());
    }
    let dirs = std::env::var_os("PATH").unwrap_or_default();
    let exe = format!("{name}{}", std::env::consts::EXE_SUFFIX);
    // Only absolute entries: `.` or another relative one would find a program in the folder
    // being checked, which is not the user's to choose. Our own folder was chosen by whoever
    // installed us.
    let beside_us = std::env::current_exe()
        .ok()
        .and_then(|us| us.parent().map(Path::to_path_buf));
    std::env::split_paths(&dirs)
        .filter(|d| d.is_absolute())
        .chain(beside_us)
        .map(|d| d.join(&exe))
        .find(|p| is_executable(p))
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

/// Runs `binary args...` with `input` on stdin and returns its exit code and stdout, or `None`
/// when it cannot start, is killed by a signal, or is still running after `timeout` (then it is
/// killed). Stdin is written and stdout read on their own threads so that neither pipe can block
/// the other.
fn run_process(binary: &Path, args: &[String], input: &str, timeout: Duration) -> Option<(i32, Vec<u8>)> {
    run_bounded(binary, args, input, timeout, MAX_OUTPUT)
}

/// [`run_process`] with the bound on stdout as a parameter. On a timeout or too much output the
/// process is killed and its pipe threads are left to end on their own: a grandchild that holds
/// the pipes open must not hold up the analysis.
fn run_bounded(
    binary: &Path,
    args: &[String],
    input: &str,
    timeout: Duration,
    max_output: u64,
) -> Option<(i32, Vec<u8>)> {
    let deadline = Instant::now() + timeout;
    let mut child = Command::new(binary)
        .args(args)
        // Options from the environment would change the answers behind the cache's back.
        .env_remove("SHELLCHECK_OPTS")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let (Some(mut stdin), Some(mut stdout)) = (child.stdin.take(), child.stdout.take()) else {
        kill(&mut child);
        return None;
    };
    let input = input.to_owned();
    let writer = std::thread::spawn(move || {
        // A child that exits without reading everything closes the pipe: not our error.
        let _ = stdin.write_all(input.as_bytes());
    });
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        let read = (&mut stdout).take(max_output + 1).read_to_end(&mut out);
        let _ = tx.send(read.map(|_| out));
    });
    let output = match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
        Ok(Ok(out)) if out.len() as u64 <= max_output => Some(out),
        _ => None,
    };
    let Some(output) = output else {
        kill(&mut child);
        return None;
    };
    let status = wait_until(&mut child, deadline);
    // The child closed stdout and is gone: both threads are ending.
    let _ = writer.join();
    let _ = reader.join();
    Some((status?, output))
}

/// The exit code, waiting at most until `deadline` (the child closed stdout, so it is ending).
fn wait_until(child: &mut Child, deadline: Instant) -> Option<i32> {
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return status.code(),
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(2)),
            _ => {
                kill(child);
                return None;
            }
        }
    }
}

fn kill(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

#[derive(Deserialize)]
struct Json1 {
    comments: Vec<Comment>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Comment {
    line: u32,
    end_line: u32,
    column: u32,
    end_column: u32,
    level: String,
    code: u32,
    message: String,
}

fn parse_output(stdout: &[u8], format: Format) -> Option<Vec<Finding>> {
    let comments = match format {
        Format::Json1 { .. } => serde_json::from_slice::<Json1>(stdout).ok()?.comments,
        Format::Json => serde_json::from_slice::<Vec<Comment>>(stdout).ok()?,
    };
    Some(
        comments
            .into_iter()
            .filter_map(|c| {
                Some(Finding {
                    line: c.line,
                    column: c.column,
                    end_line: c.end_line,
                    end_column: c.end_column,
                    tab_stop: format.tab_stop(),
                    level: Level::parse(&c.level)?,
                    code: c.code,
                    message: c.message,
                })
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The real binary, when this machine has one (CI installs Debian's).
    fn real() -> Option<Shellcheck> {
        let found = find_binary("shellcheck").and_then(|b| Shellcheck::at(&b));
        if found.is_none() {
            eprintln!("note: no working `shellcheck` on PATH; the tests that run it check nothing here");
        }
        found
    }

    #[test]
    fn parses_json1_and_legacy_json() {
        let json1 = br#"{"comments":[{"file":"-","line":2,"endLine":2,"column":7,"endColumn":9,"level":"info","code":2086,"message":"Double quote.","fix":null},{"file":"-","line":1,"endLine":1,"column":1,"endColumn":2,"level":"bogus","code":1,"message":"x"}]}"#;
        let findings = parse_output(json1, Format::Json1 { norc: true }).unwrap_or_default();
        assert_eq!(
            findings,
            [Finding {
                line: 2,
                column: 7,
                end_line: 2,
                end_column: 9,
                tab_stop: 1,
                level: Level::Info,
                code: 2086,
                message: "Double quote.".to_owned(),
            }]
        );
        let json = br#"[{"file":"-","line":1,"endLine":1,"column":14,"endColumn":16,"level":"style","code":2006,"message":"m"}]"#;
        let findings = parse_output(json, Format::Json).unwrap_or_default();
        assert_eq!(findings.len(), 1);
        assert_eq!((findings[0].tab_stop, findings[0].level), (8, Level::Style));
        assert_eq!(parse_output(b"not json", Format::Json), None);
    }

    #[test]
    fn cache_evicts_the_least_recently_used() {
        let mut cache = Cache {
            entries: HashMap::new(),
            clock: 0,
        };
        let key = |n: usize| Key {
            binary: PathBuf::from("sc"),
            format: Format::Json,
            dialect: Dialect::Sh,
            script: n.to_string(),
        };
        for n in 0..CACHE_CAPACITY {
            cache.put(key(n), None);
        }
        assert!(cache.get(&key(0)).is_some());
        cache.put(key(CACHE_CAPACITY), Some(Vec::new()));
        assert_eq!(cache.entries.len(), CACHE_CAPACITY);
        assert!(cache.get(&key(0)).is_some(), "recently used");
        assert!(cache.get(&key(1)).is_none(), "least recently used");
        assert_eq!(cache.get(&key(CACHE_CAPACITY)), Some(Some(Vec::new())));
    }

    #[test]
    fn missing_or_disabled_binary_is_no_checker() {
        let missing = ShellcheckConfig {
            enabled: true,
            path: Some("/nonexistent/dir/shellcheck".to_owned()),
        };
        assert!(Shellcheck::for_config(&missing).is_none());
        let not_on_path = ShellcheckConfig {
            enabled: true,
            path: Some("no-such-shellcheck-binary".to_owned()),
        };
        assert!(Shellcheck::for_config(&not_on_path).is_none());
        let disabled = ShellcheckConfig {
            enabled: false,
            path: None,
        };
        assert!(Shellcheck::for_config(&disabled).is_none());
        // A binary that is not ShellCheck answers no probe.
        assert!(Shellcheck::at(Path::new("/bin/true")).is_none());
    }

    #[cfg(unix)]
    #[test]
    fn a_hanging_process_is_killed_at_the_timeout() {
        let start = Instant::now();
        let answer = run_process(
            Path::new("/bin/sleep"),
            &["10".to_owned()],
            "",
            Duration::from_millis(200),
        );
        assert_eq!(answer, None);
        assert!(start.elapsed() < Duration::from_secs(5), "{:?}", start.elapsed());
        // `cat` echoes its input: stdin is written and stdout read in full.
        let big = "x".repeat(300_000);
        let answer = run_process(Path::new("/bin/cat"), &[], &big, Duration::from_secs(10));
        assert_eq!(answer.map(|(code, out)| (code, out.len())), Some((0, big.len())));
    }

    #[cfg(unix)]
    #[test]
    fn runaway_output_is_cut_off_and_pipes_held_by_a_grandchild_do_not_hang() {
        // The script is passed as an argument vector to `sh -c`: no shell parses our input.
        let sh = Path::new("/bin/sh");
        let start = Instant::now();
        let endless = ["-c".to_owned(), "yes shellcheck".to_owned()];
        assert_eq!(run_bounded(sh, &endless, "", Duration::from_secs(60), 1 << 20), None);
        // A child that leaves a grandchild holding stdout open, then hangs itself.
        let orphan = ["-c".to_owned(), "sleep 30 & sleep 30".to_owned()];
        assert_eq!(run_bounded(sh, &orphan, "", Duration::from_millis(300), 1 << 20), None);
        assert!(start.elapsed() < Duration::from_secs(20), "{:?}", start.elapsed());
        // Output within the bound is answered in full, and the input is never a command line.
        let echo = [
            "-c".to_owned(),
            "cat; echo \"$0\"".to_owned(),
            "$(touch /tmp/never)".to_owned(),
        ];
        let answer = run_bounded(sh, &echo, "x;y", Duration::from_secs(10), 1 << 20);
        assert_eq!(
            answer.map(|(code, out)| (code, String::from_utf8_lossy(&out).into_owned())),
            Some((0, "x;y$(touch /tmp/never)\n".to_owned()))
        );
        assert!(!Path::new("/tmp/never").exists());
    }

    #[test]
    fn real_shellcheck_positions_and_dialects() {
        let Some(sc) = real() else { return };
        assert_eq!(sc.format, Format::Json1 { norc: true });
        let findings = sc.check("echo $1\n\techo é$x\n", Dialect::Sh).unwrap_or_default();
        let sc2086: Vec<(u32, u32, u32)> = findings
            .iter()
            .filter(|f| f.code == 2086)
            .map(|f| (f.line, f.column, f.end_column))
            .collect();
        assert_eq!(sc2086, [(1, 6, 8), (2, 8, 10)]);
        // `[[` is fine in bash and not in sh.
        let bashism = |d| sc.check("[[ -n \"$1\" ]] && echo yes\n", d).unwrap_or_default();
        assert!(bashism(Dialect::Bash).is_empty());
        assert!(bashism(Dialect::Sh).iter().any(|f| f.code == 3010));
        // The same question twice is answered from the cache, in any batch.
        let again = sc.check_all(&[("echo $1\n\techo é$x\n", Dialect::Sh), ("true\n", Dialect::Dash)]);
        assert_eq!(again[0].as_ref(), Some(&findings));
        assert_eq!(again[1].as_ref().map(Vec::len), Some(0));
    }
}
