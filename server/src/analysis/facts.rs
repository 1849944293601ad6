//! Facts computed once per document version and shared by every rule: the shell scripts of
//! RUN, CMD, ENTRYPOINT and HEALTHCHECK CMD (ONBUILD triggers included) read with tree-sitter-bash.
//!
//! Reading scripts is most of the cost of analysing a Dockerfile, and an edit changes one
//! instruction at a time, so a new version reuses the facts of every instruction whose text did
//! not change, shifted to where it now stands, and reads only the rest.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::analysis::model::{Args, Instruction, InstructionKind, Model};
use crate::analysis::shell::Script;

#[derive(Debug, Default)]
pub struct Facts {
    /// By the start offset of the instruction (a trigger starts after its ONBUILD, so every
    /// instruction has its own key).
    scripts: HashMap<usize, Arc<Script>>,
    /// The escape character and source text of each instruction with a script, with where it
    /// started: what the next version looks its unchanged instructions up by.
    sources: HashMap<(char, Box<str>), (usize, Arc<Script>)>,
}

impl Facts {
    pub fn compute(text: &str, model: &Model) -> Facts {
        Facts::compute_reusing(text, model, None)
    }

    /// Like [`Facts::compute`], taking the scripts of instructions whose text is unchanged from
    /// `previous` (the facts of an earlier version of the same document).
    pub fn compute_reusing(text: &str, model: &Model, previous: Option<&Facts>) -> Facts {
        // What each instruction with a script needs: its key, and its script when reused.
        let mut wanted: Vec<Wanted<'_>> = Vec::new();
        for top in &model.instructions {
            let instruction = match (&top.kind, &top.args) {
                (InstructionKind::Onbuild, Args::Onbuild(trigger)) => &**trigger,
                _ => top,
            };
            if !runs_a_script(instruction) {
                continue;
            }
            // The script reads the heredoc bodies too, and an unterminated body's line breaks at
            // the end of the file lie past the instruction's range: they are part of the key.
            let end = instruction
                .heredocs
                .iter()
                .map(|h| h.body.end)
                .fold(instruction.range.end, usize::max);
            let Some(source) = text.get(instruction.range.start..end) else {
                continue;
            };
            let key = (model.escape, Box::<str>::from(source));
            let start = instruction.range.start;
            let reused = previous.and_then(|p| p.sources.get(&key)).map(|(old_start, script)| {
                if *old_start == start {
                    Arc::clone(script)
                } else {
                    Arc::new(script.shifted(start as isize - *old_start as isize))
                }
            });
            wanted.push(Wanted {
                instruction,
                key,
                script: reused,
            });
        }
        read_missing(text, model.escape, &mut wanted);
        let mut facts = Facts::default();
        for Wanted {
            instruction,
            key,
            script,
        } in wanted
        {
            if let Some(script) = script {
                let start = instruction.range.start;
                facts.sources.insert(key, (start, Arc::clone(&script)));
                facts.scripts.insert(start, script);
            }
        }
        facts
    }

    /// The script an instruction runs, read as shell; `None` for instructions that run none.
    pub fn script(&self, instruction: &Instruction) -> Option<&Script> {
        self.scripts.get(&instruction.range.start).map(|s| &**s)
    }
}

/// An instruction that runs a script, the key its script is stored under, and the script once
/// reused or read (`None` also for an instruction whose script cannot be read).
struct Wanted<'m> {
    instruction: &'m Instruction,
    key: (char, Box<str>),
    script: Option<Arc<Script>>,
}

/// Below this many bytes of scripts to read, one thread reads them: starting more costs more than
/// it saves, and `check` already analyses files on every core.
const PARALLEL_BYTES: usize = 64 * 1024;

/// The most threads one analysis reads scripts on.
const MAX_READERS: usize = 4;

/// Reads the scripts `wanted` did not reuse. A first analysis of a large file (a new document,
/// every document after a configuration change) reads them on several threads, each with its own
/// parser; the facts are the same either way.
fn read_missing(text: &str, escape: char, wanted: &mut [Wanted<'_>]) {
    let missing: Vec<usize> = (0..wanted.len()).filter(|&i| wanted[i].script.is_none()).collect();
    let bytes: usize = missing.iter().map(|&i| wanted[i].key.1.len()).sum();
    // Asked once per process: on Linux it reads the cgroup's CPU quota from files.
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    let readers = if bytes < PARALLEL_BYTES {
        1
    } else {
        let cores = *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, std::num::NonZero::get));
        cores.min(MAX_READERS).min(missing.len())
    };
    if readers <= 1 {
        for i in missing {
            wanted[i].script = Script::from_instruction(text, wanted[i].instruction, escape).map(Arc::new);
        }
        return;
    }
    let next = AtomicUsize::new(0);
    let instructions: Vec<&Instruction> = missing.iter().map(|&i| wanted[i].instruction).collect();
    let read: Vec<(usize, Option<Script>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..readers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let j = next.fetch_add(1, Ordering::Relaxed);
                        let Some(instruction) = instructions.get(j) else {
                            break done;
                        };
                        done.push((j, Script::from_instruction(text, instruction, escape)));
                    }
                })
            })
            .collect();
        // A reader that panicked is re-raised here, as the same panic on one thread would be.
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|payload| std::panic::resume_unwind(payload)))
            .collect()
    });
    for (j, script) in read {
        wanted[missing[j]].script = script.map(Arc::new);
    }
}

fn runs_a_script(instruction: &Instruction) -> bool {
    matches!(
        instruction.kind,
        InstructionKind::Run | InstructionKind::Cmd | InstructionKind::Entrypoint | InstructionKind::Healthcheck
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::model;

    fn facts_of(text: &str, previous: Option<&Facts>) -> (Model, Facts) {
        let model = model::parse(text);
        let facts = Facts::compute_reusing(text, &model, previous);
        (model, facts)
    }

    #[test]
    fn reused_scripts_equal_fresh_ones_after_an_edit_above() {
        let before =
            "FROM alpine:3.20\nRUN apk add --no-cache curl \\\n    git\nCMD [\"sh\", \"-c\", \"echo $HOME | tee x\"]\n";
        let after = "FROM alpine:3.20\n# a comment with ü\nENV A=1\nRUN apk add --no-cache curl \\\n    git\nCMD [\"sh\", \"-c\", \"echo $HOME | tee x\"]\n";
        let (_, old) = facts_of(before, None);
        let (model, reused) = facts_of(after, Some(&old));
        let (_, fresh) = facts_of(after, None);
        let mut compared = 0;
        for instruction in &model.instructions {
            assert_eq!(
                reused.script(instruction),
                fresh.script(instruction),
                "{}",
                instruction.original
            );
            compared += usize::from(fresh.script(instruction).is_some());
        }
        assert_eq!(compared, 2);
    }

    #[test]
    fn scripts_read_on_several_threads_equal_ones_read_in_turn() {
        let mut text = String::from("FROM alpine:3.20\n");
        let mut i = 0;
        while text.len() < 2 * PARALLEL_BYTES {
            text.push_str(&format!(
                "RUN apk add --no-cache pkg{i} && echo \"$HOME{i}\" | tee /tmp/{i} \\\n    && rm -rf /var/cache/{i}\n\
                 ONBUILD RUN echo {i}\nCMD [\"run\", \"{i}\"]\nRUN <<EOF\nset -e\nmake {i}\nEOF\n"
            ));
            i += 1;
        }
        let model = model::parse(&text);
        let facts = Facts::compute(&text, &model);
        let mut compared = 0;
        for top in &model.instructions {
            let instruction = match (&top.kind, &top.args) {
                (InstructionKind::Onbuild, Args::Onbuild(trigger)) => &**trigger,
                _ => top,
            };
            let alone = Script::from_instruction(&text, instruction, model.escape);
            assert_eq!(facts.script(instruction), alone.as_ref(), "{}", instruction.original);
            compared += usize::from(alone.is_some());
        }
        assert_eq!(compared, 4 * i, "every RUN, trigger, CMD and heredoc RUN");
    }

    #[test]
    fn reused_after_a_line_inserted_between_instructions() {
        let before = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN echo a | tee b\n";
        let after = "FROM debian:12\nENV A=1\nRUN apt-get update && apt-get install -y curl\nRUN echo a | tee b\n";
        let (_, old) = facts_of(before, None);
        let (model, reused) = facts_of(after, Some(&old));
        let (_, fresh) = facts_of(after, None);
        for instruction in &model.instructions {
            assert_eq!(
                reused.script(instruction),
                fresh.script(instruction),
                "{}",
                instruction.original
            );
        }
    }

    #[test]
    fn an_unterminated_heredoc_gaining_a_line_break_is_read_again() {
        // Found by fuzzing: the instruction's range ends before the body's last line break, so
        // both versions had the same key and the script without the break was reused.
        for (before, after) in [
            ("FROM a\nRUN <<EOF\necho hi", "FROM a\nRUN <<EOF\necho hi\n"),
            ("FROM a\nRUN <<EOF\necho hi\n\n", "FROM a\nRUN <<EOF\necho hi\n"),
            ("FROM a\nRUN <<EOF\necho hi\r\n", "FROM a\nRUN <<EOF\necho hi\n"),
        ] {
            let (_, old) = facts_of(before, None);
            let (model, reused) = facts_of(after, Some(&old));
            let (_, fresh) = facts_of(after, None);
            let run = &model.instructions[1];
            assert!(fresh.script(run).is_some());
            assert_eq!(reused.script(run), fresh.script(run), "{before:?} -> {after:?}");
        }
    }

    #[test]
    fn a_changed_instruction_is_read_again() {
        let (_, old) = facts_of("FROM a\nRUN apt-get install -y curl\n", None);
        let text = "FROM a\nRUN apt-get install -y wget\n";
        let (model, new) = facts_of(text, Some(&old));
        let script = new.script(&model.instructions[1]);
        let packages: Vec<&str> = script
            .iter()
            .flat_map(|s| s.installs())
            .flat_map(|p| &p.packages)
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(packages, ["wget"]);
    }

    #[test]
    fn a_changed_escape_character_invalidates_everything() {
        let (_, old) = facts_of("FROM a\nRUN echo a \\\n b\n", None);
        let text = "# escape=`\nFROM a\nRUN echo a \\\n b\n";
        let (model, new) = facts_of(text, Some(&old));
        let (_, fresh) = facts_of(text, None);
        for instruction in &model.instructions {
            assert_eq!(new.script(instruction), fresh.script(instruction));
        }
    }
}
