//! §3 of the catalog, the part read from RUN scripts: package managers, caches, layers and the
//! commands inside RUN. The helpers here answer what several of these rules ask: which RUN
//! scripts a POSIX shell (or no shell, for exec form) runs, in which stage, under which `SHELL`,
//! which stages end up in an image, which cache folders a `--mount=type=cache` covers, and how
//! to add text to a script without changing what the rest of it does.

use crate::analysis::diagnostic::Edit;
use crate::analysis::model::{Args, Base, Instruction, InstructionKind, Model, Word as ModelWord};
use crate::analysis::reference::mount_fields;
use crate::analysis::rules::shell_in_force::ShellInForce;
use crate::analysis::rules::{Context, Rule};
use crate::analysis::shell::{BodyRunner, Command, Form, PackageCommand, Scope, Script, Word, program_name};
use crate::syntax::TextRange;

mod apt_get_missing_no_install_recommends;
mod apt_get_update_alone;
mod apt_key_deprecated;
mod apt_usage;
mod cd_in_run;
mod consecutive_run;
mod curl_without_fail;
mod debian_frontend_env;
mod download_without_verification;
mod downloads;
mod duplicate_packages;
mod heredoc_without_errexit;
mod package_cache_not_cleaned;
mod package_install_missing_yes;
mod pipe_without_pipefail;
mod sudo_in_run;
mod unnecessary_tools;
mod unpinned_package_versions;
mod unsorted_packages;
mod useradd_without_l;
mod wget_and_curl;
mod wget_without_progress;

pub(super) static RULES: &[&Rule] = &[
    &apt_get_missing_no_install_recommends::RULE,
    &apt_get_update_alone::RULE,
    &apt_key_deprecated::RULE,
    &apt_usage::RULE,
    &cd_in_run::RULE,
    &consecutive_run::RULE,
    &curl_without_fail::RULE,
    &debian_frontend_env::RULE,
    &download_without_verification::RULE,
    &duplicate_packages::RULE,
    &heredoc_without_errexit::RULE,
    &package_cache_not_cleaned::RULE,
    &package_install_missing_yes::RULE,
    &pipe_without_pipefail::RULE,
    &sudo_in_run::RULE,
    &unnecessary_tools::RULE,
    &unpinned_package_versions::RULE,
    &unsorted_packages::RULE,
    &useradd_without_l::RULE,
    &wget_and_curl::RULE,
    &wget_without_progress::RULE,
];

/// A RUN instruction (ONBUILD triggers included) and the script it runs.
pub(super) struct RunScript<'a> {
    pub instruction: &'a Instruction,
    pub script: &'a Script,
    /// Index in [`Model::instructions`] of the top-level instruction (the ONBUILD for a trigger).
    pub index: usize,
    /// The stage the instruction is in; `None` before the first FROM.
    pub stage: Option<usize>,
    /// An ONBUILD trigger: it runs in the builds of child images, not in this one.
    pub trigger: bool,
    /// `set -o pipefail` is in force from the start of the script: a `SHELL` with
    /// `-o pipefail`, or exec form `["bash", "-o", "pipefail", "-c", ...]`.
    pub pipefail: bool,
}

impl RunScript<'_> {
    /// The script's commands are written in Dockerfile text (shell form or heredoc), so text
    /// can be inserted between them; exec form is JSON.
    pub fn is_shell_text(&self) -> bool {
        matches!(self.script.form, Form::Shell | Form::Heredoc)
    }
}

/// Every RUN whose script a POSIX shell runs (or that runs one command in exec form), in file
/// order, each ONBUILD trigger right after its ONBUILD. Scripts under a `cmd` or PowerShell
/// `SHELL`, or on a Windows base image, are left out: they are not shell scripts.
pub(super) fn run_scripts<'c, 'a>(cx: &'c Context<'a>) -> &'c [RunScript<'a>] {
    cx.memo.run_scripts.get_or_init(|| collect_run_scripts(cx))
}

fn collect_run_scripts<'a>(cx: &Context<'a>) -> Vec<RunScript<'a>> {
    let mut out = Vec::new();
    for (index, top) in cx.model.instructions.iter().enumerate() {
        let stage = cx.model.stage_of(index);
        let (instruction, trigger) = match &top.args {
            Args::Onbuild(inner) => (&**inner, true),
            _ => (top, false),
        };
        if instruction.kind != InstructionKind::Run {
            continue;
        }
        let Some(script) = cx.facts.script(instruction) else {
            continue;
        };
        // A trigger runs under the child's SHELL, which is not known here: assume the default.
        let shell = if trigger {
            ShellInForce::Default
        } else {
            cx.shell_in_force(index)
        };
        let pipefail = match script.form {
            Form::Exec => false,
            Form::ExecShell => match &instruction.args {
                Args::Json { elements, .. } => sets_pipefail(elements),
                _ => false,
            },
            Form::Shell | Form::Heredoc => {
                let in_force = match shell {
                    ShellInForce::Default => false,
                    ShellInForce::Windows => continue,
                    ShellInForce::Shell(_) => match shell.elements(cx.model) {
                        Some(elements) if is_posix_shell(elements) => sets_pipefail(elements),
                        _ => continue,
                    },
                };
                // A shell named on the line (`RUN <<EOF bash`) is a new process: the `SHELL`'s
                // options do not reach it, only its own.
                match &script.heredoc_body {
                    Some(BodyRunner::Interpreter(interpreter)) => interpreter.sets_pipefail(),
                    _ => in_force,
                }
            }
        };
        out.push(RunScript {
            instruction,
            script,
            index,
            stage,
            trigger,
            pipefail,
        });
    }
    out
}

/// The stage whose instructions include the top-level instruction `index`.
/// For each stage, whether its layers end up in the image the file builds: the last stage and
/// the stages it is built `FROM`, transitively. A stage that only hands files to `COPY --from`
/// (or is the base of such a stage) is thrown away with whatever it leaves behind.
pub(super) fn shipped_stages(model: &Model) -> Vec<bool> {
    let mut shipped = vec![false; model.stages.len()];
    for s in stage_chain(model, model.stages.len().checked_sub(1)) {
        if let Some(flag) = shipped.get_mut(s) {
            *flag = true;
        }
    }
    shipped
}

/// Whether `run` is in a stage whose layers are shipped; ONBUILD triggers always are (they run
/// in the child image), and so is anything before the first FROM.
pub(super) fn in_shipped_stage(shipped: &[bool], run: &RunScript<'_>) -> bool {
    run.trigger || run.stage.is_none_or(|s| shipped.get(s).copied().unwrap_or(true))
}

const POSIX_SHELLS: &[&str] = &["sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", "busybox"];

/// `["/bin/bash", ...]`, `["/usr/bin/env", "bash", ...]`.
fn is_posix_shell(elements: &[ModelWord]) -> bool {
    let mut words = elements.iter().map(|w| program_name(&w.value));
    let mut program = words.next().unwrap_or("");
    if program == "env" {
        program = words.find(|w| !w.starts_with('-') && !w.contains('=')).unwrap_or("");
    }
    POSIX_SHELLS.contains(&program)
}

/// `-o pipefail` among the options before `-c`: `["bash", "-o", "pipefail", "-c"]`,
/// `["/bin/ash", "-exo", "pipefail", "-c"]`.
fn sets_pipefail(elements: &[ModelWord]) -> bool {
    elements.windows(2).any(|pair| {
        let option = pair[0].value.as_str();
        option.starts_with('-') && !option.starts_with("--") && option.ends_with('o') && pair[1].value == "pipefail"
    })
}

/// The folders `--mount=type=cache` and `--mount=type=tmpfs` flags of `instruction` keep out
/// of its layer.
pub(super) fn cache_mount_targets(instruction: &Instruction) -> Vec<String> {
    let mut out = Vec::new();
    for flag in instruction.flags.iter().filter(|f| f.dashes == 2) {
        if !flag.name.value.eq_ignore_ascii_case("mount") {
            continue;
        }
        let Some(value) = &flag.value else { continue };
        let fields = mount_fields(&value.value);
        let is_cache = fields
            .iter()
            .any(|f| f.key.eq_ignore_ascii_case("type") && f.value.is_some_and(|(v, _)| v == "cache" || v == "tmpfs"));
        if !is_cache {
            continue;
        }
        let target = fields.iter().rev().find_map(|f| {
            let key = f.key.to_ascii_lowercase();
            matches!(key.as_str(), "target" | "dst" | "destination")
                .then_some(f.value)
                .flatten()
        });
        if let Some((target, _)) = target {
            out.push(target.trim_end_matches('/').to_owned());
        }
    }
    out
}

/// Whether a cache mount covers `folder` (a mount on the folder or on one of its parents).
pub(super) fn cache_mounted(targets: &[String], folder: &str) -> bool {
    let folder = folder.trim_end_matches('/');
    targets.iter().any(|t| {
        folder == t
            || folder
                .strip_prefix(t.as_str())
                .is_some_and(|rest| rest.starts_with('/') || t.is_empty())
    })
}

/// The RUNs with a command that has an argument containing a needle (ASCII case ignored), each
/// read once: asking [`Mentions::before`] for every RUN is then linear in the file, where
/// scanning the earlier RUNs again for each was quadratic.
pub(super) struct Mentions(Vec<usize>);

impl Mentions {
    pub(super) fn new(runs: &[RunScript<'_>], needle: &str) -> Self {
        Self(
            runs.iter()
                .enumerate()
                .filter(|(_, r)| {
                    r.script
                        .commands
                        .iter()
                        .flat_map(|c| c.effective_args())
                        .any(|w| contains_ignore_ascii_case(&w.value, needle))
                })
                .map(|(i, _)| i)
                .collect(),
        )
    }

    /// Whether `runs[i]`, or an earlier RUN of its stage or of the stages it is built `FROM`,
    /// mentions the needle: how apt options written into `/etc/apt/apt.conf.d` by an earlier
    /// `echo` are noticed.
    pub(super) fn before(&self, model: &Model, runs: &[RunScript<'_>], i: usize) -> bool {
        let Some(run) = runs.get(i) else { return false };
        let earlier = self.0.partition_point(|&j| j <= i);
        if earlier == 0 {
            return false;
        }
        if self.0[earlier - 1] == i {
            return true;
        }
        let chain = stage_chain(model, run.stage);
        self.0[..earlier]
            .iter()
            .map(|&j| &runs[j])
            .any(|r| r.index == run.index || (!r.trigger && r.stage.is_some_and(|s| chain.contains(&s))))
    }
}

/// Whether `needle` occurs in `haystack`, ASCII case ignored, without lowering a copy of either
/// (this runs for every word of every RUN on each keystroke).
fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    needle.is_empty()
        || haystack
            .as_bytes()
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// `stage` and the stages it is built `FROM`, nearest first.
pub(super) fn stage_chain(model: &Model, stage: Option<usize>) -> Vec<usize> {
    stage.map(|s| model.stage_chain(s)).unwrap_or_default()
}

/// Whether the stage of `run` is built on Alpine or BusyBox (or installs with `apk`): its shell
/// is BusyBox ash and its `wget` BusyBox's, which lack bash and GNU options.
pub(super) fn busybox_stage(model: &Model, runs: &[RunScript<'_>], run: &RunScript<'_>) -> bool {
    let chain = stage_chain(model, run.stage);
    let base = chain
        .last()
        .and_then(|&s| model.stages.get(s))
        .is_some_and(|s| match &s.base {
            Base::Image { resolved, .. } => {
                let image = resolved.to_ascii_lowercase();
                image.contains("alpine") || image.contains("busybox")
            }
            _ => false,
        });
    base || runs
        .iter()
        .filter(|r| !r.trigger && r.stage.is_some_and(|s| chain.contains(&s)))
        .any(|r| r.script.runs("apk"))
}

/// What to delete so that the word goes and the layout stays: the whole line when the word is
/// alone on a continued line, else the word with the blanks before it (or after it, when it
/// starts its line). `None` when the word is alone on the last line of the instruction (the
/// previous line's escape would then continue into the next instruction) or has no blank next
/// to it (exec form).
pub(super) fn remove_word(text: &str, word: TextRange, escape: char) -> Option<TextRange> {
    let line_start = text.get(..word.start)?.rfind('\n').map_or(0, |i| i + 1);
    let line_end = text.get(word.end..)?.find('\n').map_or(text.len(), |i| word.end + i);
    let before = text.get(line_start..word.start)?;
    let after = text.get(word.end..line_end)?.trim_end_matches('\r');
    let blank = |c: char| c == ' ' || c == '\t';
    if before.chars().all(blank) {
        let rest = after.trim_matches(blank);
        if rest.len() == escape.len_utf8() && rest.starts_with(escape) {
            let end = (line_end + 1).min(text.len());
            return Some(TextRange::new(line_start, end));
        }
        if rest.is_empty() {
            return None;
        }
        let gap = after.len() - after.trim_start_matches(blank).len();
        return (gap > 0).then(|| TextRange::new(word.start, word.end + gap));
    }
    let gap = before.len() - before.trim_end_matches(blank).len();
    (gap > 0).then(|| TextRange::new(word.start - gap, word.end))
}

/// Whether the stage's release is not fixed: its root image has no tag and no digest, or the tag
/// is `latest`. `false` when the image is unknown (a variable without a default, ONBUILD).
pub(super) fn floating_base(model: &Model, stage: Option<usize>) -> bool {
    let chain = stage_chain(model, stage);
    let Some(root) = chain.last().and_then(|&s| model.stages.get(s)) else {
        return false;
    };
    match &root.base {
        Base::Image { image: Some(image), .. } => {
            image.digest.is_none() && image.tag.as_ref().is_none_or(|t| t.value == "latest")
        }
        _ => false,
    }
}

/// A dry run that installs nothing and asks nothing: `apt-get install -s`, `--dry-run`.
pub(super) fn is_simulation(pc: &PackageCommand) -> bool {
    pc.manager.is_apt() && pc.has_option(&['s'], &["simulate", "just-print", "dry-run", "recon", "no-act"])
}

/// The line break the document uses, as the fix engine decides it (from the first line: a
/// search of the whole text for each fix made files without CRLF cost a scan per finding).
pub(super) fn line_break(text: &str) -> &'static str {
    crate::analysis::fixes::line_ending(text)
}

/// Inserts `new_word` as the word after `word`: ` new_word` in shell text, `, "new_word"` in
/// an exec-form JSON array.
pub(super) fn insert_word_after(script: &Script, word: &Word, new_word: &str) -> Edit {
    let new_text = match script.form {
        Form::Exec => format!(", \"{new_word}\""),
        _ => format!(" {new_word}"),
    };
    Edit {
        range: TextRange::empty(word.range.end),
        new_text,
    }
}

/// The command that ends the script when it is a simple command of the script's own shell, not
/// piped and not in the background: text added after it runs last, after everything else.
pub(super) fn final_command(script: &Script) -> Option<&Command> {
    let last = script.commands.iter().max_by_key(|c| c.range.end)?;
    let ends_last = script.commands.iter().all(|c| c.range.end <= last.range.end);
    let nothing_after = script.errors.iter().all(|e| e.range.start < last.range.start)
        && script.pipelines.iter().all(|p| p.range.end <= last.range.end);
    (last.scope == Scope::Top && !last.pipe_out && ends_last && nothing_after).then_some(last)
}

/// The script's final command ([`final_command`]) when nothing but blanks follows it in the
/// script (no `;`, `&` or comment): text appended after it becomes part of that command's list.
pub(super) fn clean_end(script: &Script) -> Option<&Command> {
    let last = final_command(script)?;
    let last_byte = script.map.to_script(last.range.end.checked_sub(1)?)?;
    script
        .text
        .get(last_byte + 1..)
        .is_some_and(|rest| rest.trim().is_empty())
        .then_some(last)
}

/// `apt-get update`, `pip install`: the manager and the subcommand, as values (a wrapper, the
/// exec form's quotes and `python -m` left out).
pub(super) fn head_text(pc: &PackageCommand) -> String {
    match &pc.subcommand {
        Some(sub) => format!("{} {}", pc.manager.name(), sub.value),
        None => pc.manager.name().to_owned(),
    }
}

/// Appends `&& command` to the end of a shell-form or heredoc script, right after its final
/// command; `None` when the script does not end with a plain command (a loop, a trailing `;`
/// or comment, exec form).
pub(super) fn append_command(cx: &Context<'_>, run: &RunScript<'_>, command: &str) -> Option<Edit> {
    if !run.is_shell_text() {
        return None;
    }
    let last = final_command(run.script)?;
    // Only what follows the command on its own line decides: `&` or `;` or a comment there
    // would change what `&&` attaches to.
    let rest = cx.text.get(last.range.end..)?;
    let line_rest = rest.split(['\n', '\r']).next().unwrap_or("");
    let tail = line_rest.trim();
    let continued = tail == cx.model.escape.to_string();
    if !(tail.is_empty() || continued) {
        return None;
    }
    if continued && !followed_by_nothing(cx, run, last.range.end) {
        return None;
    }
    Some(Edit {
        range: TextRange::empty(last.range.end),
        new_text: format!(" && {command}"),
    })
}

/// Whether the instruction has no more script text after `offset` (only continuation escapes,
/// blank and comment lines).
fn followed_by_nothing(cx: &Context<'_>, run: &RunScript<'_>, offset: usize) -> bool {
    let end = run.instruction.range.end.max(offset);
    cx.text.get(offset..end).is_some_and(|t| {
        t.lines().all(|l| {
            let l = l.trim();
            l.is_empty() || l.starts_with('#') || l == cx.model.escape.to_string()
        })
    })
}

/// The range from the start of a command's name through its subcommand word (`apt-get
/// install`), or the name alone.
pub(super) fn command_head(command: &Command, subcommand: Option<&Word>) -> TextRange {
    let name = command.effective_name().range;
    match subcommand {
        Some(sub) if sub.range.start >= name.start => name.cover(sub.range),
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_mount_covers_children() {
        let targets = vec!["/var/lib/apt".to_owned(), "/root/.cache".to_owned()];
        assert!(cache_mounted(&targets, "/var/lib/apt/lists"));
        assert!(cache_mounted(&targets, "/root/.cache/pip"));
        assert!(!cache_mounted(&targets, "/var/lib/aptitude"));
        assert!(!cache_mounted(&targets, "/var/cache/apk"));
    }

    #[test]
    fn contains_ignoring_ascii_case_finds_what_lowering_both_finds() {
        let needle = "APT::Install-Recommends";
        for (hay, found) in [
            ("apt::install-recommends=false", true),
            ("'APT::Install-Recommends \"0\";'", true),
            ("APT::Install-Suggests", false),
            ("", false),
            ("ÉAPT::INSTALL-RECOMMENDS", true),
        ] {
            assert_eq!(contains_ignore_ascii_case(hay, needle), found, "{hay}");
            assert_eq!(
                hay.to_ascii_lowercase().contains(&needle.to_ascii_lowercase()),
                found,
                "{hay}"
            );
        }
        assert!(contains_ignore_ascii_case("anything", ""));
    }
}
