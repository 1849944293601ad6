//! ShellCheck as the analysis sees it: one narrow interface ([`ShellChecker`]) that the front
//! ends implement by running the `shellcheck` binary and tests fake with a closure, the findings
//! it returns, and the arithmetic that turns ShellCheck's (line, column) into byte offsets of
//! the text it checked.
//!
//! Architecture invariant: the analysis never runs a process; everything it knows about
//! ShellCheck comes through [`ShellChecker`], and "no shellcheck" is simply no findings.

use std::sync::atomic::{AtomicBool, Ordering};

use crate::syntax::TextRange;

/// The dialects `shellcheck --shell=` understands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dialect {
    Sh,
    Bash,
    Dash,
    Ksh,
}

impl Dialect {
    pub const fn as_str(self) -> &'static str {
        match self {
            Dialect::Sh => "sh",
            Dialect::Bash => "bash",
            Dialect::Dash => "dash",
            Dialect::Ksh => "ksh",
        }
    }

    /// The dialect of a shell program (last path component: `bash`, `dash`...); `None` for
    /// shells ShellCheck does not read (`zsh`) and for anything that is not a POSIX shell.
    pub fn of_program(program: &str) -> Option<Dialect> {
        Some(match program {
            "sh" | "ash" | "busybox" => Dialect::Sh,
            "bash" => Dialect::Bash,
            "dash" => Dialect::Dash,
            "ksh" | "mksh" | "ksh93" => Dialect::Ksh,
            _ => return None,
        })
    }
}

/// ShellCheck's levels; `style` is shown as a hint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Level {
    Error,
    Warning,
    Info,
    Style,
}

impl Level {
    pub fn parse(s: &str) -> Option<Level> {
        Some(match s {
            "error" => Level::Error,
            "warning" => Level::Warning,
            "info" => Level::Info,
            "style" => Level::Style,
            _ => return None,
        })
    }
}

/// One ShellCheck comment, positioned as ShellCheck reports it: 1-based lines, and 1-based
/// columns counted in characters where a tab advances to the next multiple of `tab_stop` (1
/// for `--format=json1`, which counts a tab as one character; 8 for the legacy `json` format).
/// The end is exclusive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub tab_stop: u32,
    pub level: Level,
    /// `2086` for SC2086.
    pub code: u32,
    pub message: String,
}

/// Runs ShellCheck on a script. `None` means "no answer" (no binary, it failed or timed out),
/// which rules treat exactly like "no findings".
///
/// Any `Fn(&str, Dialect) -> Option<Vec<Finding>>` closure is a checker, which is how tests
/// fake one.
pub trait ShellChecker: Send + Sync {
    fn check(&self, script: &str, dialect: Dialect) -> Option<Vec<Finding>>;

    /// `false` when every answer is known to be `None`, so that rules skip preparing scripts.
    fn available(&self) -> bool {
        true
    }

    /// The answer for a script when it is at hand without running ShellCheck (an answer kept
    /// from an earlier run); `None` when it would take a run. The first, fast analysis of a
    /// version takes only these ([`AtHand`]), so that our own findings need not wait.
    fn cached(&self, _script: &str, _dialect: Dialect) -> Option<Option<Vec<Finding>>> {
        None
    }

    /// Checks several scripts; an implementation may run them concurrently. The answers come
    /// back in the order of `jobs`.
    fn check_all(&self, jobs: &[(&str, Dialect)]) -> Vec<Option<Vec<Finding>>> {
        jobs.iter()
            .map(|(script, dialect)| self.check(script, *dialect))
            .collect()
    }
}

impl<F> ShellChecker for F
where
    F: Fn(&str, Dialect) -> Option<Vec<Finding>> + Send + Sync,
{
    fn check(&self, script: &str, dialect: Dialect) -> Option<Vec<Finding>> {
        self(script, dialect)
    }
}

/// No ShellCheck: what `analyze` uses, and what the front ends use when it is disabled or absent.
pub struct NoShellcheck;

impl ShellChecker for NoShellcheck {
    fn check(&self, _script: &str, _dialect: Dialect) -> Option<Vec<Finding>> {
        None
    }

    fn available(&self) -> bool {
        false
    }
}

/// A checker that gives only the answers `inner` has at hand ([`ShellChecker::cached`]) and
/// notes whether any script went without one: the checker of an analysis that must not wait
/// for ShellCheck. When nothing was missing, that analysis is the same as one with `inner`.
pub struct AtHand<'a> {
    inner: &'a dyn ShellChecker,
    missed: AtomicBool,
}

impl<'a> AtHand<'a> {
    pub fn new(inner: &'a dyn ShellChecker) -> Self {
        Self {
            inner,
            missed: AtomicBool::new(false),
        }
    }

    /// Whether a script was asked about whose answer was not at hand.
    pub fn missed(&self) -> bool {
        self.missed.load(Ordering::Relaxed)
    }
}

impl ShellChecker for AtHand<'_> {
    fn check(&self, script: &str, dialect: Dialect) -> Option<Vec<Finding>> {
        match self.inner.cached(script, dialect) {
            Some(answer) => answer,
            None => {
                self.missed.store(true, Ordering::Relaxed);
                None
            }
        }
    }

    fn available(&self) -> bool {
        self.inner.available()
    }

    fn cached(&self, script: &str, dialect: Dialect) -> Option<Option<Vec<Finding>>> {
        self.inner.cached(script, dialect)
    }
}

/// Where each line of a script starts, as ShellCheck counts lines (at `\n`): made once per
/// script so that placing its findings does not scan it again for each.
pub struct ScriptLines<'a> {
    text: &'a str,
    /// The byte offset where each line starts; the first is 0.
    starts: Vec<usize>,
}

impl<'a> ScriptLines<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { text, starts }
    }

    /// The byte offset of ShellCheck's 1-based (`line`, `column`) ([`offset_of`]).
    pub fn offset(&self, line: u32, column: u32, tab_stop: u32) -> Option<usize> {
        let line_index = usize::try_from(line.checked_sub(1)?).ok()?;
        let line_start = *self.starts.get(line_index)?;
        let line_end = self.starts.get(line_index + 1).map_or(self.text.len(), |next| next - 1);
        let line_text = &self.text[line_start..line_end];
        let target = column.max(1) - 1;
        let tab_stop = tab_stop.max(1);
        // Most scripts are ASCII without tabs: the column is the byte offset.
        let prefix = &line_text.as_bytes()[..(target as usize).min(line_text.len())];
        if prefix.is_ascii() && (tab_stop == 1 || !prefix.contains(&b'\t')) {
            return Some(line_start + prefix.len());
        }
        let mut visual = 0u32;
        for (at, c) in line_text.char_indices() {
            if visual >= target {
                return Some(line_start + at);
            }
            visual = if c == '\t' {
                (visual / tab_stop + 1) * tab_stop
            } else {
                visual + 1
            };
        }
        Some(line_start + line_text.len())
    }

    /// The byte range a finding covers ([`range_of`]).
    pub fn range(&self, finding: &Finding) -> Option<TextRange> {
        let text = self.text;
        let start = self.offset(finding.line, finding.column, finding.tab_stop)?;
        let end = self
            .offset(finding.end_line, finding.end_column, finding.tab_stop)
            .unwrap_or(text.len())
            .max(start);
        if end > start {
            return Some(TextRange::new(start, end));
        }
        match text[start..].chars().next() {
            Some(c) if c != '\n' && c != '\r' => Some(TextRange::new(start, start + c.len_utf8())),
            _ => Some(TextRange::empty(start)),
        }
    }
}

/// The byte offset in `text` of ShellCheck's 1-based (`line`, `column`). A column past the end
/// of its line is the line's end (ShellCheck points there for "expected ... at end of line");
/// a line past the end of the text is `None`.
pub fn offset_of(text: &str, line: u32, column: u32, tab_stop: u32) -> Option<usize> {
    ScriptLines::new(text).offset(line, column, tab_stop)
}

/// The byte range in `text` a finding covers. An empty range is widened to the character it
/// points at, when there is one on the line, so that an editor has something to underline.
pub fn range_of(text: &str, finding: &Finding) -> Option<TextRange> {
    ScriptLines::new(text).range(finding)
}

/// `SC1000` ..= `SC9999` as static strings, so that a diagnostic's `code` can name the exact
/// ShellCheck code it reports (suppressions and `ignore` match it) without allocating.
const CODE_COUNT: usize = 9000;

const fn code_table() -> [[u8; 6]; CODE_COUNT] {
    let mut table = [[0u8; 6]; CODE_COUNT];
    let mut i = 0;
    while i < CODE_COUNT {
        let n = i + 1000;
        table[i] = [
            b'S',
            b'C',
            b'0' + (n / 1000) as u8,
            b'0' + (n / 100 % 10) as u8,
            b'0' + (n / 10 % 10) as u8,
            b'0' + (n % 10) as u8,
        ];
        i += 1;
    }
    table
}

static CODES: [[u8; 6]; CODE_COUNT] = code_table();

/// `SC2086` for 2086; `None` outside the four-digit range ShellCheck uses.
pub fn code_name(code: u32) -> Option<&'static str> {
    let index = usize::try_from(code.checked_sub(1000)?).ok()?;
    std::str::from_utf8(CODES.get(index)?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(line: u32, column: u32, end_line: u32, end_column: u32, tab_stop: u32) -> Finding {
        Finding {
            line,
            column,
            end_line,
            end_column,
            tab_stop,
            level: Level::Info,
            code: 2086,
            message: String::new(),
        }
    }

    fn slice(text: &str, f: &Finding) -> String {
        range_of(text, f).map(|r| r.slice(text).to_owned()).unwrap_or_default()
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "x=é; echo é$d\n";
        assert_eq!(slice(text, &finding(1, 12, 1, 14, 1)), "$d");
        let text = "echo 😀$b";
        assert_eq!(slice(text, &finding(1, 7, 1, 9, 1)), "$b");
    }

    #[test]
    fn tabs_count_as_one_in_json1_and_to_the_next_stop_in_json() {
        // The same places as `shellcheck -f json1` and `-f json` report them.
        let text = "echo a\n\techo $b\n\t \techo $c\n";
        assert_eq!(slice(text, &finding(2, 7, 2, 9, 1)), "$b");
        assert_eq!(slice(text, &finding(3, 9, 3, 11, 1)), "$c");
        assert_eq!(slice(text, &finding(2, 14, 2, 16, 8)), "$b");
        assert_eq!(slice(text, &finding(3, 22, 3, 24, 8)), "$c");
    }

    #[test]
    fn ranges_across_lines_and_past_the_end() {
        let text = "echo \"a\nb\" x\n";
        assert_eq!(slice(text, &finding(1, 6, 2, 3, 1)), "\"a\nb\"");
        // A column past the end of its line is the end of the line.
        assert_eq!(offset_of(text, 1, 40, 1), Some(7));
        assert_eq!(offset_of(text, 4, 1, 1), None);
        assert_eq!(offset_of(text, 0, 1, 1), None);
    }

    #[test]
    fn empty_findings_widen_to_one_character() {
        let text = "echo 'é\n";
        assert_eq!(slice(text, &finding(1, 7, 1, 7, 1)), "é");
        // At the end of a line there is nothing to widen to.
        let r = range_of(text, &finding(1, 8, 1, 8, 1));
        assert_eq!(r, Some(TextRange::empty(text.find('\n').unwrap_or(0))));
    }

    #[test]
    fn code_names() {
        assert_eq!(code_name(2086), Some("SC2086"));
        assert_eq!(code_name(1000), Some("SC1000"));
        assert_eq!(code_name(9999), Some("SC9999"));
        assert_eq!(code_name(999), None);
        assert_eq!(code_name(10000), None);
    }

    #[test]
    fn closures_are_checkers() {
        let fake = |script: &str, dialect: Dialect| {
            Some(vec![finding(1, 1, 1, 2, 1)]).filter(|_| script == "x" && dialect == Dialect::Bash)
        };
        let jobs = [("x", Dialect::Bash), ("y", Dialect::Bash)];
        let answers = fake.check_all(&jobs);
        assert_eq!(answers.len(), 2);
        assert!(answers[0].is_some() && answers[1].is_none());
        assert_eq!(NoShellcheck.check("x", Dialect::Sh), None);
        assert!(fake.available() && !NoShellcheck.available());
    }

    /// A checker that remembers one answer, like the binary's cache.
    struct Remembers;

    impl ShellChecker for Remembers {
        fn check(&self, _script: &str, _dialect: Dialect) -> Option<Vec<Finding>> {
            Some(vec![finding(1, 1, 1, 2, 1)])
        }

        fn cached(&self, script: &str, _dialect: Dialect) -> Option<Option<Vec<Finding>>> {
            (script == "kept").then(|| Some(vec![finding(1, 1, 1, 2, 1)]))
        }
    }

    #[test]
    fn at_hand_gives_kept_answers_and_notes_the_missing_ones() {
        let at_hand = AtHand::new(&Remembers);
        assert!(at_hand.available());
        assert_eq!(at_hand.check("kept", Dialect::Sh).map(|f| f.len()), Some(1));
        assert!(!at_hand.missed(), "the kept answer was at hand");
        assert_eq!(at_hand.check("new", Dialect::Sh), None);
        assert!(at_hand.missed(), "the new script would take a run");
        let fake = |_: &str, _: Dialect| Some(Vec::new());
        let at_hand = AtHand::new(&fake);
        assert_eq!(at_hand.check_all(&[("x", Dialect::Sh)]), [None]);
        assert!(at_hand.missed(), "a closure keeps nothing");
        assert!(!AtHand::new(&NoShellcheck).available());
    }
}
