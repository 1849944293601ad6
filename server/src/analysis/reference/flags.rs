//! The flags of each instruction, as BuildKit's Dockerfile frontend declares them (stable and labs
//! channels together, so that a file written for `docker/dockerfile:1-labs` is not flagged), and
//! the closed sets of values some of them take.

use crate::analysis::model::{Args, Flag, Instruction, InstructionKind};
use crate::analysis::reference::Values;

#[derive(Clone, Copy, Debug)]
pub struct FlagInfo {
    /// Without dashes; BuildKit's flag names are case-sensitive.
    pub name: &'static str,
    /// What the value is. `Values::Bool` is BuildKit's boolean flag (`--link`, `--link=false`);
    /// every other flag needs `=value`.
    pub values: Values,
    /// BuildKit accepts the flag more than once (`--mount`, `--exclude`, `--device`).
    pub repeatable: bool,
    /// What completion inserts after `--name=` for a value written freely, as a snippet; empty
    /// when the value comes from `values` (a boolean, a closed set). See [`FlagInfo::snippet`].
    pub placeholder: &'static str,
}

impl FlagInfo {
    /// BuildKit reads the flag as a boolean: it may stand alone.
    pub fn is_bool(&self) -> bool {
        self.values == Values::Bool
    }

    /// The snippet completion inserts after `--name=`: a choice of the closed set, else the
    /// placeholder; `None` for a boolean flag, which is written alone.
    pub fn snippet(&self) -> Option<String> {
        match self.values {
            Values::Bool => None,
            Values::Choice(choices) => Some(format!("${{1|{}|}}", choices.join(","))),
            _ => Some(self.placeholder.to_string()),
        }
    }
}

const fn flag(name: &'static str, values: Values, repeatable: bool, placeholder: &'static str) -> FlagInfo {
    FlagInfo {
        name,
        values,
        repeatable,
        placeholder,
    }
}

pub const BOOL: &[&str] = &["true", "false"];
/// `RUN --network`; the default comes first.
pub const NETWORKS: &[&str] = &["default", "none", "host"];
/// `RUN --security`; the default comes first.
pub const SECURITY: &[&str] = &["sandbox", "insecure"];
/// Permission bits offered after `--chmod=`, with what they read as.
pub const MODES: &[(&str, &str)] = &[
    ("0755", "rwxr-xr-x"),
    ("0644", "rw-r--r--"),
    ("0700", "rwx------"),
    ("0600", "rw-------"),
    ("0555", "r-xr-xr-x"),
    ("0444", "r--r--r--"),
];
/// Durations offered for HEALTHCHECK's timings (after the flag's default, which comes first).
pub const DURATIONS: &[&str] = &["5s", "10s", "30s", "1m", "5m"];

// Each flag once; a name means the same on every instruction that has it (`--chown` of COPY and
// ADD), which is why documentation topics are per name.
const PLATFORM: FlagInfo = flag("platform", Values::Platform, false, "${1:linux/amd64}");
const MOUNT: FlagInfo = flag(
    "mount",
    Values::Mount,
    true,
    "type=${1|cache,bind,tmpfs,secret,ssh|},target=${2:path}",
);
const NETWORK: FlagInfo = flag("network", Values::Choice(NETWORKS), false, "");
const SECURITY_FLAG: FlagInfo = flag("security", Values::Choice(SECURITY), false, "");
const DEVICE: FlagInfo = flag("device", Values::Free, true, "${1:name}");
const FROM: FlagInfo = flag("from", Values::Stage, false, "${1:stage}");
const CHOWN: FlagInfo = flag("chown", Values::User, false, "${1:user}:${2:group}");
const CHMOD: FlagInfo = flag("chmod", Values::Mode, false, "${1:0755}");
const LINK: FlagInfo = flag("link", Values::Bool, false, "");
const PARENTS: FlagInfo = flag("parents", Values::Bool, false, "");
const EXCLUDE: FlagInfo = flag("exclude", Values::Free, true, "${1:pattern}");
const CHECKSUM: FlagInfo = flag("checksum", Values::Free, false, "sha256:${1:hash}");
const KEEP_GIT_DIR: FlagInfo = flag("keep-git-dir", Values::Bool, false, "");
const UNPACK: FlagInfo = flag("unpack", Values::Bool, false, "");
const INTERVAL: FlagInfo = flag("interval", Values::Duration, false, "${1:30s}");
const TIMEOUT: FlagInfo = flag("timeout", Values::Duration, false, "${1:30s}");
const START_PERIOD: FlagInfo = flag("start-period", Values::Duration, false, "${1:0s}");
const START_INTERVAL: FlagInfo = flag("start-interval", Values::Duration, false, "${1:5s}");
const RETRIES: FlagInfo = flag("retries", Values::Number, false, "${1:3}");

// In the order completion offers them and "did you mean" breaks ties.
const FROM_FLAGS: &[FlagInfo] = &[PLATFORM];
const RUN_FLAGS: &[FlagInfo] = &[MOUNT, NETWORK, SECURITY_FLAG, DEVICE];
const COPY_FLAGS: &[FlagInfo] = &[FROM, CHOWN, CHMOD, LINK, PARENTS, EXCLUDE];
const ADD_FLAGS: &[FlagInfo] = &[CHOWN, CHMOD, LINK, CHECKSUM, KEEP_GIT_DIR, UNPACK, EXCLUDE];
const HEALTHCHECK_FLAGS: &[FlagInfo] = &[INTERVAL, TIMEOUT, START_PERIOD, START_INTERVAL, RETRIES];

/// The flags an instruction has.
pub fn flags(kind: InstructionKind) -> &'static [FlagInfo] {
    match kind {
        InstructionKind::From => FROM_FLAGS,
        InstructionKind::Run => RUN_FLAGS,
        InstructionKind::Copy => COPY_FLAGS,
        InstructionKind::Add => ADD_FLAGS,
        InstructionKind::Healthcheck => HEALTHCHECK_FLAGS,
        InstructionKind::Arg
        | InstructionKind::Cmd
        | InstructionKind::Entrypoint
        | InstructionKind::Env
        | InstructionKind::Expose
        | InstructionKind::Label
        | InstructionKind::Maintainer
        | InstructionKind::Onbuild
        | InstructionKind::Shell
        | InstructionKind::Stopsignal
        | InstructionKind::User
        | InstructionKind::Volume
        | InstructionKind::Workdir
        | InstructionKind::Unknown => &[],
    }
}

/// A flag of `kind` by name; BuildKit's flag names are case-sensitive.
pub fn flag_info(kind: InstructionKind, name: &str) -> Option<&'static FlagInfo> {
    flags(kind).iter().find(|f| f.name == name)
}

/// The documentation topic of a flag; every flag name means the same on every instruction that
/// has it, so topics are per name.
pub fn flag_topic(kind: InstructionKind, name: &str) -> Option<String> {
    flag_info(kind, name).map(|f| format!("flags/{}", f.name))
}

/// The flags BuildKit parses on `instruction` as written, or `None` when it never looks at them
/// (ARG, STOPSIGNAL and `HEALTHCHECK NONE` skip flag parsing, so anything there is silently
/// ignored) or the keyword is unknown.
pub fn parsed_flags(instruction: &Instruction) -> Option<&'static [FlagInfo]> {
    match instruction.kind {
        InstructionKind::Arg | InstructionKind::Stopsignal | InstructionKind::Unknown => None,
        InstructionKind::Healthcheck => match &instruction.args {
            Args::Healthcheck { keyword, .. } if keyword.value.eq_ignore_ascii_case("NONE") => None,
            _ => Some(flags(instruction.kind)),
        },
        kind => Some(flags(kind)),
    }
}

/// What BuildKit knows of a real (`--`) flag as written on `instruction`, matched exactly.
pub fn parsed_flag(instruction: &Instruction, flag: &Flag) -> Option<&'static FlagInfo> {
    if flag.dashes != 2 {
        return None;
    }
    parsed_flags(instruction)?.iter().find(|f| f.name == flag.name.value)
}
