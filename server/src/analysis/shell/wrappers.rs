//! Commands that run another command: `sudo apt-get install` installs packages, `xargs rm` removes
//! files. Knowing each wrapper's options that take a value tells where the wrapped command starts.

use super::{Command, Word, program_name};

/// How a wrapper's arguments lead to the command it runs.
struct WrapperSpec {
    name: &'static str,
    /// Short options that take the next word as their value (unless attached: `-uroot`).
    short_values: &'static [char],
    /// Long options that take the next word as their value (unless written `--opt=value`).
    long_values: &'static [&'static str],
    /// Operands before the command (`timeout DURATION cmd`, `gosu USER cmd`, `chroot DIR cmd`).
    leading_operands: usize,
    /// `NAME=value` words before the command are environment settings (`env`, `sudo`).
    assignments: bool,
    /// Options after which the wrapper runs nothing (`command -v`: a lookup).
    query_flags: &'static [char],
}

const fn spec(name: &'static str) -> WrapperSpec {
    WrapperSpec {
        name,
        short_values: &[],
        long_values: &[],
        leading_operands: 0,
        assignments: false,
        query_flags: &[],
    }
}

const WRAPPERS: &[WrapperSpec] = &[
    WrapperSpec {
        short_values: &['u', 'g', 'h', 'p', 'r', 't', 'C', 'D', 'R', 'T', 'U'],
        long_values: &[
            "user",
            "group",
            "host",
            "prompt",
            "role",
            "type",
            "close-from",
            "chdir",
            "chroot",
            "other-user",
            "command-timeout",
        ],
        assignments: true,
        ..spec("sudo")
    },
    WrapperSpec {
        short_values: &['u'],
        assignments: true,
        ..spec("doas")
    },
    WrapperSpec {
        short_values: &['u', 'C', 'S'],
        long_values: &["unset", "chdir", "split-string"],
        assignments: true,
        ..spec("env")
    },
    WrapperSpec {
        short_values: &['I', 'L', 'n', 'P', 's', 'd', 'E', 'a'],
        long_values: &[
            "max-args",
            "max-procs",
            "max-chars",
            "delimiter",
            "eof",
            "arg-file",
            "max-lines",
            "replace",
            "process-slot-var",
        ],
        ..spec("xargs")
    },
    WrapperSpec {
        short_values: &['n'],
        long_values: &["adjustment"],
        ..spec("nice")
    },
    spec("nohup"),
    spec("time"),
    WrapperSpec {
        short_values: &['a'],
        ..spec("exec")
    },
    WrapperSpec {
        query_flags: &['v', 'V'],
        ..spec("command")
    },
    WrapperSpec {
        short_values: &['s', 'k'],
        long_values: &["signal", "kill-after"],
        leading_operands: 1,
        ..spec("timeout")
    },
    WrapperSpec {
        short_values: &['i', 'o', 'e'],
        long_values: &["input", "output", "error"],
        ..spec("stdbuf")
    },
    WrapperSpec {
        long_values: &["userspec", "groups"],
        leading_operands: 1,
        ..spec("chroot")
    },
    WrapperSpec {
        leading_operands: 1,
        ..spec("gosu")
    },
    WrapperSpec {
        leading_operands: 1,
        ..spec("su-exec")
    },
    spec("eatmydata"),
    spec("fakeroot"),
    spec("tini"),
    spec("dumb-init"),
    // `busybox wget ...` runs the applet named by its first operand.
    spec("busybox"),
];

/// The index in `command.args` of the command a wrapper runs, following nested wrappers
/// (`sudo env X=1 apt-get ...`).
pub(crate) fn wrapped_command(command: &Command) -> Option<usize> {
    let mut found = None;
    let mut name = &command.name;
    let mut start = 0;
    // Each step moves right, so the loop ends; the bound guards against a mistake in a spec.
    for _ in 0..command.args.len() {
        let Some(spec) = WRAPPERS.iter().find(|s| s.name == program_name(&name.value)) else {
            break;
        };
        let Some(at) = command_start(spec, command.args.get(start..).unwrap_or(&[])) else {
            break;
        };
        found = Some(start + at);
        name = &command.args[start + at];
        start += at + 1;
    }
    found
}

/// Where the wrapped command starts in `args` (the wrapper's own arguments).
fn command_start(spec: &WrapperSpec, args: &[Word]) -> Option<usize> {
    let mut i = 0;
    let mut operands = spec.leading_operands;
    while let Some(word) = args.get(i) {
        let v = word.value.as_str();
        if v == "--" {
            i += 1;
            break;
        }
        if let Some(long) = v.strip_prefix("--") {
            i += if !long.contains('=') && spec.long_values.contains(&long) {
                2
            } else {
                1
            };
            continue;
        }
        if let Some(cluster) = v.strip_prefix('-').filter(|c| !c.is_empty()) {
            if cluster.chars().any(|c| spec.query_flags.contains(&c)) {
                return None;
            }
            // In `-uroot` the value is attached; in `-Eu root` it is the next word.
            let takes_next = cluster
                .char_indices()
                .find(|(_, c)| spec.short_values.contains(c))
                .is_some_and(|(at, c)| at + c.len_utf8() == cluster.len());
            i += if takes_next { 2 } else { 1 };
            continue;
        }
        if spec.assignments && is_assignment(v) {
            i += 1;
            continue;
        }
        if operands > 0 {
            operands -= 1;
            i += 1;
            continue;
        }
        break;
    }
    // Skip wrapper operands that a `--` left in front of the command.
    while operands > 0 && i < args.len() {
        operands -= 1;
        i += 1;
    }
    (i < args.len()).then_some(i)
}

fn is_assignment(word: &str) -> bool {
    word.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty()
            && !name.starts_with(|c: char| c.is_ascii_digit())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

#[cfg(test)]
mod tests {
    use crate::analysis::shell::Script;
    use crate::analysis::shell::source_map::SourceMap;

    fn effective(script: &str) -> Vec<(String, Vec<String>)> {
        let s = Script::parse(script.to_owned(), SourceMap::identity(0, script.len()));
        s.commands
            .iter()
            .map(|c| {
                (
                    c.effective_name().value.clone(),
                    c.effective_args().iter().map(|w| w.value.clone()).collect(),
                )
            })
            .collect()
    }

    fn names(script: &str) -> Vec<String> {
        effective(script).into_iter().map(|(n, _)| n).collect()
    }

    #[test]
    fn sudo_and_env() {
        assert_eq!(
            effective("sudo -E -u root apt-get install -y curl"),
            vec![(
                "apt-get".to_owned(),
                vec!["install".to_owned(), "-y".into(), "curl".into()]
            )]
        );
        assert_eq!(names("sudo -uroot apt-get update"), ["apt-get"]);
        assert_eq!(names("sudo --user=root apt-get update"), ["apt-get"]);
        assert_eq!(names("sudo --user root apt-get update"), ["apt-get"]);
        assert_eq!(names("env -i A=1 B=2 /usr/bin/pip install x"), ["/usr/bin/pip"]);
        assert_eq!(
            names("sudo env DEBIAN_FRONTEND=noninteractive apt-get install x"),
            ["apt-get"]
        );
        assert_eq!(names("sudo"), ["sudo"]);
        assert_eq!(names("env"), ["env"]);
    }

    #[test]
    fn env_values_from_prefix_and_wrapper() {
        let text = "DEBIAN_FRONTEND=noninteractive apt-get install x; env A=1 apt-get install y";
        let s = Script::parse(text.to_owned(), SourceMap::identity(0, text.len()));
        assert_eq!(s.commands[0].env("DEBIAN_FRONTEND"), Some("noninteractive"));
        assert_eq!(s.commands[1].env("A"), Some("1"));
        assert_eq!(s.commands[1].env("B"), None);
    }

    #[test]
    fn xargs_timeout_and_others() {
        assert_eq!(names("find . | xargs -n 1 -I{} rm -f {}"), ["find", "rm"]);
        assert_eq!(names("xargs -0 -P 4 wget"), ["wget"]);
        assert_eq!(names("timeout -s KILL 30 curl x"), ["curl"]);
        assert_eq!(names("timeout 30s curl x"), ["curl"]);
        assert_eq!(names("gosu app npm ci"), ["npm"]);
        assert_eq!(names("nice -n 10 make"), ["make"]);
        assert_eq!(names("command -v curl"), ["command"]);
        assert_eq!(names("exec -a name nginx"), ["nginx"]);
        assert_eq!(names("busybox wget x"), ["wget"]);
        assert_eq!(names("tini -- node app.js"), ["node"]);
    }

    #[test]
    fn wrapper_words_listed() {
        let text = "sudo -E apt-get install x";
        let s = Script::parse(text.to_owned(), SourceMap::identity(0, text.len()));
        let w: Vec<&str> = s.commands[0].wrapper_words().map(|w| w.value.as_str()).collect();
        assert_eq!(w, ["sudo", "-E"]);
        assert!(s.commands[0].runs("apt-get"));
        assert_eq!(s.commands[0].program(), "sudo");
    }
}
