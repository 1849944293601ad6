//! Package managers on top of the command facts: which command installs (updates, removes,
//! cleans) with which manager, the options given, each package with the exact range of its name
//! and its version pin, the cache cleanups in the script, and the steps that install
//! dependencies from manifest files.

use super::{Command, Script, Word, flag_matches};
use crate::syntax::TextRange;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Manager {
    AptGet,
    Apt,
    Aptitude,
    Apk,
    Yum,
    Dnf,
    Microdnf,
    Zypper,
    Pip,
    /// `pipx`: installs applications from PyPI, each in its own environment.
    Pipx,
    Npm,
    Yarn,
    Pnpm,
    Gem,
    Go,
    Cargo,
}

impl Manager {
    /// The program name as usually written (`apt-get`, `pip` for every pip spelling).
    pub const fn name(self) -> &'static str {
        match self {
            Manager::AptGet => "apt-get",
            Manager::Apt => "apt",
            Manager::Aptitude => "aptitude",
            Manager::Apk => "apk",
            Manager::Yum => "yum",
            Manager::Dnf => "dnf",
            Manager::Microdnf => "microdnf",
            Manager::Zypper => "zypper",
            Manager::Pip => "pip",
            Manager::Pipx => "pipx",
            Manager::Npm => "npm",
            Manager::Yarn => "yarn",
            Manager::Pnpm => "pnpm",
            Manager::Gem => "gem",
            Manager::Go => "go",
            Manager::Cargo => "cargo",
        }
    }

    /// The cleanups that remove what this manager leaves in the layer.
    pub const fn cleanup_kinds(self) -> &'static [CleanupKind] {
        match self {
            Manager::AptGet | Manager::Apt | Manager::Aptitude => &[CleanupKind::AptLists],
            Manager::Apk => &[CleanupKind::ApkCache],
            Manager::Yum => &[CleanupKind::YumCache],
            Manager::Dnf | Manager::Microdnf => &[CleanupKind::DnfCache],
            Manager::Zypper => &[CleanupKind::ZypperCache],
            Manager::Pip => &[CleanupKind::PipCache],
            Manager::Npm => &[CleanupKind::NpmCache],
            Manager::Yarn => &[CleanupKind::YarnCache],
            Manager::Pnpm => &[CleanupKind::PnpmStore],
            Manager::Pipx | Manager::Gem | Manager::Go | Manager::Cargo => &[],
        }
    }

    /// The Debian family (`apt-get`, `apt`, `aptitude`).
    pub const fn is_apt(self) -> bool {
        matches!(self, Manager::AptGet | Manager::Apt | Manager::Aptitude)
    }

    /// The RPM family that shares yum's and dnf's commands and caches (`yum`, `dnf`, `microdnf`).
    pub const fn is_rpm(self) -> bool {
        matches!(self, Manager::Yum | Manager::Dnf | Manager::Microdnf)
    }

    /// pip and pipx: one requirement syntax (PEP 508).
    const fn is_python(self) -> bool {
        matches!(self, Manager::Pip | Manager::Pipx)
    }

    /// npm, yarn and pnpm: one package-spec syntax.
    const fn is_node(self) -> bool {
        matches!(self, Manager::Npm | Manager::Yarn | Manager::Pnpm)
    }
}

/// What a package-manager command does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    Install,
    /// Refreshes the package index (`apt-get update`, `apk update`, `zypper refresh`).
    Update,
    Upgrade,
    Remove,
    /// Cleans the manager's cache (`apt-get clean`, `yum clean all`, `pip cache purge`).
    Clean,
    Other,
}

/// An option word and the value it takes from the next word, if any (`-o Dpkg::Options=...`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionWord {
    pub flag: Word,
    pub value: Option<Word>,
}

impl OptionWord {
    /// The value, attached (`--target=/x`) or separate (`--target /x`).
    pub fn value(&self) -> Option<&str> {
        match &self.value {
            Some(v) => Some(&v.value),
            None => self.flag.value.split_once('=').map(|(_, v)| v),
        }
    }
}

/// What a package argument refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PackageKind {
    /// A name from the manager's registry or repositories.
    Name,
    /// A local file or folder (`./x.deb`, `.`, `/tmp/pkg.whl`).
    Path,
    /// A URL of a file (`https://example.com/pkg-1.2.tar.gz`): it names one release.
    Url,
    /// A repository (`git+https://...`, `git://...`, `github:user/repo`, npm's `user/repo`):
    /// what it installs is pinned only by a ref, the [`Package::version`] (`@v1.2` for pip,
    /// `#<commit>` for npm).
    Vcs,
    /// A group or environment of packages (`@development-tools`, the arguments of
    /// `dnf group install`): there is no version to give.
    Group,
}

/// A version constraint written with the package.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    /// `=` (apt, apk, zypper), `/` (apt release), `~`, `>=`, `==`, `~=` (pip), `@` (npm, go,
    /// cargo, a pip repository's ref), `#` (an npm repository's ref), `:` (gem, a dnf module's
    /// stream), `-` (yum/dnf `name-1.2`), or the option (`--version`, `-v`) that gave it.
    pub operator: String,
    /// What follows the operator (`7.88.*`, `2.31,<3`, `latest`).
    pub value: String,
    /// The operator and value as written; for an option, the value word.
    pub range: TextRange,
}

/// One package argument.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Package {
    /// The whole argument.
    pub word: Word,
    /// The name without version or extras (`requests` in `requests[socks]==2.31`).
    pub name: String,
    /// Exactly the name in the document (the whole word when quoting makes that impossible).
    pub name_range: TextRange,
    pub version: Option<Version>,
    pub kind: PackageKind,
}

impl Package {
    /// Has a version constraint (an expansion such as `$VERSION` counts).
    pub fn is_pinned(&self) -> bool {
        self.version.is_some()
    }

    /// The name comes from an expansion (`$buildDeps`, `openjdk-${V}-jre`): unknown until the
    /// script runs, possibly several packages. Rules about names and pins should skip it.
    pub fn is_dynamic(&self) -> bool {
        self.word.is_dynamic_within(self.name.len())
    }

    /// Installed by `manager` without anything that fixes what it installs: a name from a
    /// registry or a repository with no version, or with one that moves (`@latest` for npm
    /// and Go, `@upgrade` and `@patch` for Go, a branch such as `main` for a repository).
    /// Files, URLs of files, groups and names given by a variable are never unpinned.
    pub fn is_unpinned(&self, manager: Manager) -> bool {
        if !matches!(self.kind, PackageKind::Name | PackageKind::Vcs) || self.is_dynamic() || self.name.is_empty() {
            return false;
        }
        let Some(version) = &self.version else {
            return true;
        };
        let value = version.value.as_str();
        if self.kind == PackageKind::Vcs {
            return MOVING_REFS.contains(&value);
        }
        match manager {
            Manager::Npm | Manager::Yarn | Manager::Pnpm => value == "latest",
            Manager::Go => matches!(value, "latest" | "upgrade" | "patch") || MOVING_REFS.contains(&value),
            _ => false,
        }
    }
}

/// Refs that name a branch rather than a release: a repository installed at one of them
/// changes under the same Dockerfile.
const MOVING_REFS: &[&str] = &["main", "master", "HEAD", "develop", "trunk"];

/// A package-manager command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageCommand {
    pub manager: Manager,
    /// Index into [`Script::commands`].
    pub command: usize,
    pub action: Action,
    /// `install`, `add`, `i`, ...; `None` for a bare `yarn` (which installs).
    pub subcommand: Option<Word>,
    /// Options anywhere in the command line, before or after the subcommand.
    pub options: Vec<OptionWord>,
    /// Package arguments of an install or removal, in order.
    pub packages: Vec<Package>,
    /// The non-option words after the subcommand for other actions (`all` in `yum clean all`).
    pub operands: Vec<Word>,
    /// The whole command.
    pub range: TextRange,
}

impl PackageCommand {
    /// An option matching `-x` (also in a cluster) or `--long`.
    pub fn option(&self, short: &[char], long: &[&str]) -> Option<&OptionWord> {
        self.options.iter().find(|o| flag_matches(&o.flag.value, short, long))
    }

    pub fn has_option(&self, short: &[char], long: &[&str]) -> bool {
        self.option(short, long).is_some()
    }

    /// Runs without asking for confirmation (always, for actions that never ask): `-y`/`--yes`/`--assume-yes`/`-qq` for apt,
    /// `-y`/`--assumeyes` for yum and dnf, `-n`/`--non-interactive`/`-y`/`--no-confirm` for zypper;
    /// the other managers never ask.
    pub fn is_non_interactive(&self) -> bool {
        // Only changes to the installed set ask for confirmation.
        if !matches!(self.action, Action::Install | Action::Upgrade | Action::Remove) {
            return true;
        }
        match self.manager {
            Manager::AptGet | Manager::Apt | Manager::Aptitude => {
                self.has_option(&['y'], &["yes", "assume-yes", "force-yes"])
                    || self.apt_quiet_level() >= 2
                    || self.options.iter().any(|o| {
                        flag_matches(&o.flag.value, &['o'], &["option"])
                            && o.value().is_some_and(|v| {
                                v.eq_ignore_ascii_case("APT::Get::Assume-Yes=true")
                                    || v.eq_ignore_ascii_case("APT::Get::Assume-Yes=1")
                            })
                    })
            }
            Manager::Yum | Manager::Dnf => self.has_option(&['y'], &["assumeyes"]),
            Manager::Zypper => self.has_option(&['n', 'y'], &["non-interactive", "no-confirm"]),
            _ => true,
        }
    }

    /// apt's quiet level: each `q` of `-q`, `-qq`, `-yq` and each `--quiet` adds one, `-q=N`
    /// and `--quiet=N` set it. apt-get(8): "quiet level 2 implies -y".
    fn apt_quiet_level(&self) -> u32 {
        let mut level = 0u32;
        for option in &self.options {
            let f = option.flag.value.as_str();
            let set = f
                .strip_prefix("-q=")
                .or_else(|| f.strip_prefix("--quiet="))
                .map(|n| n.parse::<u32>().unwrap_or(0));
            if let Some(n) = set {
                level = n;
            } else if f == "--quiet" {
                level = level.saturating_add(1);
            } else if let Some(cluster) = f.strip_prefix('-').filter(|c| !c.starts_with('-')) {
                let letters = cluster.chars().take_while(|c| c.is_ascii_alphabetic());
                let count = letters.filter(|&c| c == 'q').count();
                level = level.saturating_add(u32::try_from(count).unwrap_or(u32::MAX));
            }
        }
        level
    }

    /// Installs without keeping a download cache: `apk --no-cache`, `pip --no-cache-dir`.
    pub fn skips_cache(&self) -> bool {
        match self.manager {
            Manager::Apk => self.has_option(&[], &["no-cache"]),
            Manager::Pip => self.has_option(&[], &["no-cache-dir"]),
            _ => false,
        }
    }

    /// An install from a manifest rather than named packages (`npm ci`, `yarn install`,
    /// `pip install -r requirements.txt`).
    pub fn from_manifest(&self) -> bool {
        self.action == Action::Install
            && (self.packages.is_empty() || self.has_option(&['r'], &["requirement"]))
            && !matches!(
                self.manager,
                Manager::Go | Manager::Cargo | Manager::Gem | Manager::Pipx
            )
    }
}

/// A cache cleanup.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CleanupKind {
    /// `rm -rf /var/lib/apt/lists/*`.
    AptLists,
    /// `apt-get clean`, `rm -rf /var/cache/apt/*`.
    AptCache,
    /// `apk cache clean`, `rm -rf /var/cache/apk/*`.
    ApkCache,
    /// `yum clean all`, `rm -rf /var/cache/yum`.
    YumCache,
    /// `dnf clean all`, `microdnf clean all`, `rm -rf /var/cache/dnf`, dnf5's
    /// `rm -rf /var/cache/libdnf5`.
    DnfCache,
    /// `zypper clean`, `zypper cc`, `rm -rf /var/cache/zypp`.
    ZypperCache,
    /// `pip cache purge`, `rm -rf ~/.cache/pip`.
    PipCache,
    /// `npm cache clean --force`, `rm -rf ~/.npm`.
    NpmCache,
    /// `yarn cache clean`, `rm -rf /usr/local/share/.cache/yarn`.
    YarnCache,
    /// `pnpm store prune`.
    PnpmStore,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cleanup {
    pub kind: CleanupKind,
    /// Index into [`Script::commands`].
    pub command: usize,
    pub range: TextRange,
}

/// A command that installs dependencies from manifest files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DependencyStep {
    /// Index into [`Script::commands`].
    pub command: usize,
    /// `npm`, `pip`, `go`, `bundle`, ...
    pub tool: &'static str,
    /// The files it reads (`package.json`, `package-lock.json`; the file named by `pip -r`).
    pub manifests: Vec<String>,
}

/// How a manager's command line is read.
struct Spec {
    manager: Manager,
    /// Short options taking the next word as value.
    short_values: &'static [char],
    /// Long options taking the next word as value.
    long_values: &'static [&'static str],
    /// Go writes long options with one dash (`-ldflags`).
    single_dash_long: bool,
}

const fn spec(manager: Manager, short_values: &'static [char], long_values: &'static [&'static str]) -> Spec {
    Spec {
        manager,
        short_values,
        long_values,
        single_dash_long: false,
    }
}

const APT_SHORT: &[char] = &['o', 'c', 't', 'a'];
const APT_LONG: &[&str] = &[
    "option",
    "config-file",
    "target-release",
    "default-release",
    "host-architecture",
    "build-profiles",
];
const RPM_SHORT: &[char] = &['c', 'x', 'R', 'd', 'e'];
const RPM_LONG: &[&str] = &[
    "config",
    "exclude",
    "installroot",
    "releasever",
    "enablerepo",
    "disablerepo",
    "repo",
    "repoid",
    "setopt",
    "downloaddir",
    "destdir",
    "forcearch",
    "color",
    "debuglevel",
    "errorlevel",
];
const PIP_SHORT: &[char] = &['r', 'c', 'e', 'i', 'f', 't', 'C'];
const PIP_LONG: &[&str] = &[
    "requirement",
    "constraint",
    "editable",
    "index-url",
    "extra-index-url",
    "find-links",
    "target",
    "prefix",
    "root",
    "trusted-host",
    "platform",
    "python-version",
    "implementation",
    "abi",
    "src",
    "upgrade-strategy",
    "progress-bar",
    "log",
    "proxy",
    "retries",
    "timeout",
    "cache-dir",
    "no-binary",
    "only-binary",
    "config-settings",
    "global-option",
    "report",
    "python",
    "exists-action",
    "cert",
    "client-cert",
    "use-feature",
    "use-deprecated",
    "root-user-action",
    "keyring-provider",
    "group",
    "build",
];
/// pipx: the options of `install`, `upgrade` and `uninstall` that take a value.
const PIPX_LONG: &[&str] = &[
    "python",
    "index-url",
    "pip-args",
    "suffix",
    "spec",
    "preinstall",
    "backend",
];
const NODE_LONG: &[&str] = &[
    "registry",
    "prefix",
    "workspace",
    "tag",
    "omit",
    "include",
    "cache",
    "loglevel",
    "userconfig",
    "cwd",
    "modules-folder",
    "cache-folder",
    "network-timeout",
    "mutex",
    "global-folder",
    "dir",
    "filter",
    "store-dir",
];

const SPECS: &[Spec] = &[
    spec(Manager::AptGet, APT_SHORT, APT_LONG),
    spec(Manager::Apt, APT_SHORT, APT_LONG),
    spec(Manager::Aptitude, APT_SHORT, APT_LONG),
    spec(
        Manager::Apk,
        &['X', 'p', 't'],
        &[
            "repository",
            "root",
            "virtual",
            "arch",
            "cache-dir",
            "keys-dir",
            "repositories-file",
            "cache-max-age",
            "timeout",
        ],
    ),
    spec(Manager::Yum, RPM_SHORT, RPM_LONG),
    spec(Manager::Dnf, RPM_SHORT, RPM_LONG),
    spec(Manager::Microdnf, RPM_SHORT, RPM_LONG),
    spec(
        Manager::Zypper,
        &['R', 'c', 'D', 'C', 'r', 't'],
        &["root", "config", "reposd-dir", "cache-dir", "repo", "type", "from"],
    ),
    spec(Manager::Pip, PIP_SHORT, PIP_LONG),
    spec(Manager::Pipx, &['i'], PIPX_LONG),
    spec(Manager::Npm, &['w'], NODE_LONG),
    spec(Manager::Yarn, &[], NODE_LONG),
    spec(Manager::Pnpm, &['C', 'F'], NODE_LONG),
    spec(
        Manager::Gem,
        &['v', 'i', 'n', 's', 'P'],
        &[
            "version",
            "install-dir",
            "bindir",
            "source",
            "trust-policy",
            "platform",
            "build-root",
        ],
    ),
    Spec {
        manager: Manager::Go,
        short_values: &['C', 'p', 'o'],
        long_values: &[
            "ldflags",
            "gcflags",
            "asmflags",
            "gccgoflags",
            "tags",
            "mod",
            "modfile",
            "pkgdir",
            "toolexec",
            "overlay",
            "exec",
            "pgo",
            "buildmode",
            "compiler",
            "installsuffix",
            "covermode",
            "coverpkg",
        ],
        single_dash_long: true,
    },
    spec(
        Manager::Cargo,
        &['F', 'j', 'Z'],
        &[
            "version",
            "vers",
            "git",
            "branch",
            "tag",
            "rev",
            "path",
            "root",
            "index",
            "registry",
            "features",
            "target",
            "target-dir",
            "profile",
            "jobs",
            "bin",
            "example",
            "config",
            "color",
        ],
    ),
];

/// The manager a command runs, and where its own arguments start in the effective arguments
/// (after `-m pip` for `python -m pip`).
fn manager_of(command: &Command) -> Option<(Manager, usize)> {
    let program = command.effective_program();
    let manager = match program {
        "apt-get" => Manager::AptGet,
        "apt" => Manager::Apt,
        "aptitude" => Manager::Aptitude,
        "apk" => Manager::Apk,
        "yum" => Manager::Yum,
        "dnf" | "dnf5" | "dnf-3" => Manager::Dnf,
        "microdnf" => Manager::Microdnf,
        "zypper" => Manager::Zypper,
        "npm" => Manager::Npm,
        "yarn" | "yarnpkg" => Manager::Yarn,
        "pnpm" => Manager::Pnpm,
        "gem" => Manager::Gem,
        "go" => Manager::Go,
        "cargo" => Manager::Cargo,
        "pipx" => Manager::Pipx,
        p if is_pip(p) => Manager::Pip,
        p if is_python(p) => {
            let args = command.effective_args();
            let at = args.iter().position(|w| w.value == "-m")?;
            let module = args.get(at + 1)?.value.as_str();
            let manager = if is_pip(module) {
                Manager::Pip
            } else if module == "pipx" {
                Manager::Pipx
            } else {
                return None;
            };
            return Some((manager, at + 2));
        }
        _ => return None,
    };
    Some((manager, 0))
}

/// `pip`, `pip3`, `pip3.11`.
fn is_pip(p: &str) -> bool {
    p.strip_prefix("pip")
        .is_some_and(|v| v.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

/// `python`, `python3`, `python3.12`.
fn is_python(p: &str) -> bool {
    p.strip_prefix("python")
        .is_some_and(|v| v.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

fn action_of(manager: Manager, sub: &str, next: Option<&str>) -> Action {
    use Action::*;
    match manager {
        Manager::AptGet | Manager::Apt | Manager::Aptitude => match sub {
            "install" | "reinstall" => Install,
            "update" => Update,
            "upgrade" | "dist-upgrade" | "full-upgrade" | "safe-upgrade" => Upgrade,
            "remove" | "purge" | "autoremove" => Remove,
            "clean" | "autoclean" => Clean,
            _ => Other,
        },
        Manager::Apk => match (sub, next) {
            ("add", _) => Install,
            ("update", _) => Update,
            ("upgrade", _) => Upgrade,
            ("del", _) => Remove,
            ("cache", Some("clean" | "purge")) => Clean,
            _ => Other,
        },
        // dnf(8) and dnf5(8) with their documented aliases; yum is dnf on RHEL 8 and later, and
        // yum 3's own commands are among these.
        Manager::Yum | Manager::Dnf | Manager::Microdnf => match sub {
            "install" | "in" | "install-n" | "install-na" | "install-nevra" | "localinstall" | "reinstall" | "rei"
            | "downgrade" | "dg" | "groupinstall" => Install,
            "makecache" | "mc" | "check-update" | "check-upgrade" => Update,
            "update"
            | "upgrade"
            | "up"
            | "upgrade-minimal"
            | "up-min"
            | "update-minimal"
            | "distro-sync"
            | "dsync"
            | "distrosync"
            | "distribution-synchronization"
            | "localupdate"
            | "groupupdate"
            | "update-to"
            | "upgrade-to" => Upgrade,
            "remove" | "rm" | "erase" | "autoremove" | "remove-n" | "remove-na" | "remove-nevra" | "groupremove"
            | "grouperase" => Remove,
            "clean" => Clean,
            // `dnf group install`, `dnf module install`: the action is the next word.
            "group" | "groups" | "grp" | "module" => match next {
                Some("install" | "in") => Install,
                Some("upgrade" | "update" | "up") => Upgrade,
                Some("remove" | "rm" | "erase") => Remove,
                _ => Other,
            },
            _ => Other,
        },
        Manager::Zypper => match sub {
            "install" | "in" => Install,
            "refresh" | "ref" => Update,
            "update" | "up" | "dist-upgrade" | "dup" => Upgrade,
            "remove" | "rm" => Remove,
            "clean" | "cc" => Clean,
            _ => Other,
        },
        Manager::Pip => match (sub, next) {
            ("install", _) => Install,
            ("uninstall", _) => Remove,
            ("cache", Some("purge" | "remove")) => Clean,
            _ => Other,
        },
        Manager::Pipx => match sub {
            "install" => Install,
            "uninstall" => Remove,
            "upgrade" => Upgrade,
            _ => Other,
        },
        Manager::Npm => match (sub, next) {
            ("install" | "i" | "in" | "add" | "isntall" | "ci" | "clean-install", _) => Install,
            ("uninstall" | "remove" | "rm" | "un" | "r", _) => Remove,
            ("update" | "up" | "upgrade", _) => Upgrade,
            ("cache", Some("clean")) => Clean,
            _ => Other,
        },
        Manager::Yarn => match (sub, next) {
            ("add" | "install", _) => Install,
            ("remove", _) => Remove,
            ("upgrade" | "up", _) => Upgrade,
            ("cache", Some("clean")) => Clean,
            _ => Other,
        },
        Manager::Pnpm => match (sub, next) {
            ("add" | "install" | "i", _) => Install,
            ("remove" | "rm" | "uninstall", _) => Remove,
            ("update" | "up", _) => Upgrade,
            ("store", Some("prune")) => Clean,
            _ => Other,
        },
        Manager::Gem => match sub {
            "install" | "i" => Install,
            "uninstall" => Remove,
            "update" => Upgrade,
            _ => Other,
        },
        // `go run example.com/cmd@v1` fetches and builds a module just as `go install` does.
        Manager::Go => match sub {
            "install" | "get" | "run" => Install,
            _ => Other,
        },
        Manager::Cargo => match sub {
            "install" => Install,
            "uninstall" => Remove,
            _ => Other,
        },
    }
}

fn cleanup_of(manager: Manager) -> Option<CleanupKind> {
    Some(match manager {
        Manager::AptGet | Manager::Apt | Manager::Aptitude => CleanupKind::AptCache,
        Manager::Apk => CleanupKind::ApkCache,
        Manager::Yum => CleanupKind::YumCache,
        Manager::Dnf | Manager::Microdnf => CleanupKind::DnfCache,
        Manager::Zypper => CleanupKind::ZypperCache,
        Manager::Pip => CleanupKind::PipCache,
        Manager::Npm => CleanupKind::NpmCache,
        Manager::Yarn => CleanupKind::YarnCache,
        Manager::Pnpm => CleanupKind::PnpmStore,
        Manager::Pipx | Manager::Gem | Manager::Go | Manager::Cargo => return None,
    })
}

/// Fills [`Script::packages`] and [`Script::cleanups`] from the commands.
pub(crate) fn analyze(script: &mut Script) {
    let mut packages = Vec::new();
    let mut cleanups = Vec::new();
    for (index, command) in script.commands.iter().enumerate() {
        if let Some(pc) = package_command(index, command) {
            if let Some(kind) = cleanup_of(pc.manager).filter(|_| pc.action == Action::Clean) {
                cleanups.push(Cleanup {
                    kind,
                    command: index,
                    range: command.range,
                });
            }
            packages.push(pc);
        } else if command.runs("rm") {
            for word in command.operands() {
                if let Some(kind) = removed_cache(&word.value) {
                    cleanups.push(Cleanup {
                        kind,
                        command: index,
                        range: word.range,
                    });
                }
            }
        }
    }
    script.packages = packages;
    script.cleanups = cleanups;
}

fn package_command(index: usize, command: &Command) -> Option<PackageCommand> {
    let (manager, skip) = manager_of(command)?;
    let spec = SPECS.iter().find(|s| s.manager == manager)?;
    let args = command.effective_args().get(skip..).unwrap_or(&[]);
    let mut options = Vec::new();
    let mut operands: Vec<&Word> = Vec::new();
    let mut i = 0;
    let mut options_done = false;
    while let Some(word) = args.get(i) {
        i += 1;
        let v = word.value.as_str();
        // `gem install x -- --with-opt`: what follows `--` configures the gem's build.
        if v == "--" && manager == Manager::Gem {
            break;
        }
        if options_done || !word.is_flag() {
            options_done |= v == "--";
            if v != "--" {
                operands.push(word);
            }
            continue;
        }
        let takes_value = takes_value(spec, v);
        let value = if takes_value { args.get(i).cloned() } else { None };
        if value.is_some() {
            i += 1;
        }
        options.push(OptionWord {
            flag: word.clone(),
            value,
        });
    }
    // `yarn global add`, `npm cache clean`: a scope word before the real subcommand.
    let mut operands = operands.into_iter();
    let mut subcommand = operands.next();
    if matches!(manager, Manager::Yarn | Manager::Pnpm) && subcommand.is_some_and(|s| s.value == "global") {
        subcommand = operands.next();
    }
    if manager == Manager::Go && subcommand.is_some_and(|s| s.value == "mod") {
        subcommand = operands.next().or(subcommand);
    }
    let mut rest: Vec<&Word> = operands.collect();
    let action = match &subcommand {
        Some(sub) => action_of(manager, &sub.value, rest.first().map(|w| w.value.as_str())),
        // A bare `yarn` installs from package.json.
        None if manager == Manager::Yarn => Action::Install,
        None => Action::Other,
    };
    // `dnf group install "Development Tools"`, `dnf module install nodejs:20`: the word after
    // the command group is the subcommand, and the arguments are groups or module specs.
    let mut form = ArgumentForm::Package;
    if manager.is_rpm() && action != Action::Other {
        match subcommand.map(|s| s.value.as_str()) {
            Some("group" | "groups" | "grp" | "module") if !rest.is_empty() => {
                form = if subcommand.is_some_and(|s| s.value == "module") {
                    ArgumentForm::Module
                } else {
                    ArgumentForm::Group
                };
                subcommand = Some(rest.remove(0));
            }
            Some("groupinstall" | "groupupdate" | "groupremove" | "grouperase") => form = ArgumentForm::Group,
            _ => {}
        }
    }
    // `go run example.com/cmd@v1 args...`: only the first word is a package, the rest are the
    // program's arguments.
    if manager == Manager::Go && subcommand.is_some_and(|s| s.value == "run") {
        rest.truncate(1);
    }
    let gem_version = (manager == Manager::Gem)
        .then(|| {
            options
                .iter()
                .find(|o| flag_matches(&o.flag.value, &['v'], &["version"]))
        })
        .flatten();
    let cargo_version = (manager == Manager::Cargo)
        .then(|| {
            options
                .iter()
                .find(|o| flag_matches(&o.flag.value, &[], &["version", "vers"]))
        })
        .flatten();
    let option_version = gem_version.or(cargo_version).and_then(|o| {
        let (value, range) = match &o.value {
            Some(v) => (v.value.clone(), v.range),
            None => (o.value()?.to_owned(), o.flag.range),
        };
        Some(Version {
            operator: o.flag.value.split('=').next().unwrap_or("").to_owned(),
            value,
            range,
        })
    });
    let (packages, operands) = if matches!(action, Action::Install | Action::Remove) {
        let packages = rest
            .iter()
            .map(|w| {
                let mut p = package(manager, w, form);
                if p.version.is_none() && p.kind == PackageKind::Name {
                    p.version = option_version.clone();
                }
                p
            })
            .collect();
        (packages, Vec::new())
    } else {
        (Vec::new(), rest.into_iter().cloned().collect())
    };
    Some(PackageCommand {
        manager,
        command: index,
        action,
        subcommand: subcommand.cloned(),
        options,
        packages,
        operands,
        range: command.range,
    })
}

fn takes_value(spec: &Spec, flag: &str) -> bool {
    if flag.contains('=') {
        return false;
    }
    if let Some(long) = flag.strip_prefix("--") {
        return spec.long_values.contains(&long);
    }
    let Some(cluster) = flag.strip_prefix('-') else {
        return false;
    };
    if spec.single_dash_long && spec.long_values.contains(&cluster) {
        return true;
    }
    // The value follows when the value-taking letter ends the cluster (`-o`, `-yo`), not when it
    // is attached (`-oAPT::...`).
    cluster.chars().last().is_some_and(|c| {
        spec.short_values.contains(&c) && cluster.chars().filter(|c| spec.short_values.contains(c)).count() == 1
    })
}

/// How the arguments of an install are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ArgumentForm {
    /// The manager's package specs.
    Package,
    /// Group names (`dnf group install`).
    Group,
    /// Module specs, `name:stream/profile` (`dnf module install`).
    Module,
}

/// Where a version was found in an argument: the operator's start and length, and where the
/// version ends (before a `#egg=` fragment of a pip repository URL).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Found {
    start: usize,
    operator: usize,
    end: usize,
}

/// Reads one package argument for `manager`.
fn package(manager: Manager, word: &Word, form: ArgumentForm) -> Package {
    let v = word.value.as_str();
    let (kind, name_end, found) = read_argument(manager, v, form);
    let version = found.map(|f| Version {
        operator: v[f.start..f.start + f.operator].to_owned(),
        value: v[f.start + f.operator..f.end].to_owned(),
        range: word.sub_range(f.start, f.end),
    });
    // pip extras are not part of the name: `requests[socks]`.
    let name_end = if manager.is_python() && kind == PackageKind::Name {
        v[..name_end].find('[').unwrap_or(name_end)
    } else {
        name_end
    };
    Package {
        word: word.clone(),
        name: v[..name_end].to_owned(),
        name_range: word.sub_range(0, name_end),
        version,
        kind,
    }
}

/// What an argument is, where its name ends and where its version is.
fn read_argument(manager: Manager, v: &str, form: ArgumentForm) -> (PackageKind, usize, Option<Found>) {
    let whole = |kind| (kind, v.len(), None);
    match form {
        ArgumentForm::Group => return whole(PackageKind::Group),
        ArgumentForm::Module => return module_spec(v, 0),
        ArgumentForm::Package => {}
    }
    // dnf's `@group` and `@module:stream` in a plain install.
    if manager.is_rpm() && v.starts_with('@') {
        return if v.contains(':') {
            module_spec(v, 1)
        } else {
            whole(PackageKind::Group)
        };
    }
    // PEP 508's direct reference in one word: `name@git+https://...`, `name@https://...`.
    if manager.is_python()
        && let Some(at) = v.find('@')
        && !v[..at].contains('/')
        && v[at + 1..].trim_start().contains("://")
    {
        let url = at + 1 + (v[at + 1..].len() - v[at + 1..].trim_start().len());
        let name_end = v[..at].trim_end().len();
        return if is_vcs(manager, &v[url..]) {
            let (_, found) = vcs_ref(manager, v, url);
            (PackageKind::Vcs, name_end, found)
        } else {
            (PackageKind::Url, name_end, None)
        };
    }
    match kind_of(manager, v) {
        PackageKind::Name => {
            let (end, found) = split_version(manager, v);
            (PackageKind::Name, end, found)
        }
        PackageKind::Vcs => {
            let (end, found) = vcs_ref(manager, v, 0);
            (PackageKind::Vcs, end, found)
        }
        kind => whole(kind),
    }
}

/// `nodejs:20/minimal` (from `from` on): the name ends at `:` or `/`, the stream pins it.
fn module_spec(v: &str, from: usize) -> (PackageKind, usize, Option<Found>) {
    let end = v[from..].find([':', '/']).map_or(v.len(), |i| from + i);
    let found = v[end..].starts_with(':').then_some(Found {
        start: end,
        operator: 1,
        end: v.len(),
    });
    (PackageKind::Name, end, found)
}

/// A repository rather than a registry name or a file.
fn is_vcs(manager: Manager, v: &str) -> bool {
    let lower = v.to_ascii_lowercase();
    const PREFIXES: &[&str] = &["git+", "git://", "git@", "hg+", "svn+", "svn://", "bzr+"];
    if PREFIXES.iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    if !manager.is_node() {
        return false;
    }
    // npm reads a URL of a `.git` repository and the hosted shorthands as git.
    const HOSTED: &[&str] = &["github:", "gitlab:", "bitbucket:", "gist:"];
    let base = lower.split('#').next().unwrap_or(&lower);
    HOSTED.iter().any(|p| lower.starts_with(p)) || (lower.contains("://") && base.ends_with(".git"))
}

fn kind_of(manager: Manager, v: &str) -> PackageKind {
    if is_vcs(manager, v) {
        return PackageKind::Vcs;
    }
    if v.contains("://") {
        return PackageKind::Url;
    }
    let local = v == "."
        || v == ".."
        || v.starts_with("./")
        || v.starts_with("../")
        || v.starts_with('/')
        || v.starts_with('~');
    if local {
        return PackageKind::Path;
    }
    const ARCHIVES: &[&str] = &[
        ".deb", ".rpm", ".apk", ".whl", ".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.bz2", ".zip", ".gem",
        ".crate",
    ];
    // For Go a slash is part of every module path; `pkg/release` is apt's release pin.
    if manager != Manager::Go && ARCHIVES.iter().any(|ext| v.ends_with(ext)) {
        return PackageKind::Path;
    }
    match manager {
        Manager::Npm | Manager::Yarn | Manager::Pnpm => {
            let is_scoped = v.starts_with('@');
            if v.starts_with("file:") || v.starts_with("link:") {
                PackageKind::Path
            } else if !is_scoped && v.split(['@', '#']).next().is_some_and(|n| n.contains('/')) {
                // `user/repo`, `user/repo#v1`: a GitHub repository.
                PackageKind::Vcs
            } else {
                PackageKind::Name
            }
        }
        // pip reads an argument with a slash as a path (`pip install src/pkg`).
        Manager::Pip | Manager::Pipx if v.contains('/') => PackageKind::Path,
        // A module path starts with a domain (`golang.org/x/tools`); without a dot in its first
        // element it is a package of the standard library or of the module being built.
        Manager::Go if v.ends_with(".go") || !v.split(['/', '@']).next().is_some_and(|e| e.contains('.')) => {
            PackageKind::Path
        }
        _ => PackageKind::Name,
    }
}

/// The ref of a repository URL starting at `url` in `v`: where the name ends, and the ref.
/// npm writes it as a fragment (`git+https://host/repo.git#v1.2`, `user/repo#semver:^1`);
/// pip and the others after `@` in the path (`git+https://host/repo.git@v1.2#egg=name`),
/// where an `@` before the path is a user (`git+ssh://git@host/...`).
fn vcs_ref(manager: Manager, v: &str, url: usize) -> (usize, Option<Found>) {
    let fragment = v[url..].find('#').map_or(v.len(), |i| url + i);
    if manager.is_node() {
        let found = (fragment + 1 < v.len()).then_some(Found {
            start: fragment,
            operator: 1,
            end: v.len(),
        });
        return (fragment, found);
    }
    let base = &v[url..fragment];
    let path_start = match base.find("://") {
        Some(i) => base[i + 3..].find('/').map_or(base.len(), |j| i + 3 + j),
        // `git@host:path` (scp-like).
        None => base.find(':').unwrap_or(0),
    };
    match base[path_start..].rfind('@') {
        Some(i) if path_start + i + 1 < base.len() => {
            let at = url + path_start + i;
            (
                at,
                Some(Found {
                    start: at,
                    operator: 1,
                    end: fragment,
                }),
            )
        }
        _ => (fragment, None),
    }
}

/// Where the name ends and, when there is one, where the version is.
fn split_version(manager: Manager, v: &str) -> (usize, Option<Found>) {
    let b = v.as_bytes();
    let to_end = |start: usize, operator: usize| Found {
        start,
        operator,
        end: v.len(),
    };
    let found = match manager {
        Manager::AptGet | Manager::Apt | Manager::Aptitude => v.find(['=', '/']).map(|i| to_end(i, 1)),
        Manager::Apk | Manager::Zypper => v.find(['=', '<', '>', '~']).map(|i| {
            let len = b[i..].iter().take_while(|c| b"=<>~".contains(c)).count();
            to_end(i, len)
        }),
        Manager::Yum | Manager::Dnf | Manager::Microdnf => {
            let op = v
                .find(['=', '<', '>'])
                .map(|i| to_end(i, b[i..].iter().take_while(|c| b"=<>".contains(c)).count()));
            op.or_else(|| rpm_version_start(v).map(|i| to_end(i, 1)))
        }
        Manager::Pip | Manager::Pipx => v.find(['=', '<', '>', '!', '~', '@', ';', ' ']).and_then(|i| {
            let len = b[i..].iter().take_while(|c| b"=<>!~".contains(c)).count();
            match b[i] {
                b'@' => Some(to_end(i, 1)),
                // An environment marker alone is no version.
                b';' | b' ' => None,
                _ => Some(to_end(i, len)),
            }
        }),
        Manager::Npm | Manager::Yarn | Manager::Pnpm | Manager::Go | Manager::Cargo => {
            // Skip the `@` of an npm scope.
            let from = usize::from(v.starts_with('@'));
            v[from..].find('@').map(|i| to_end(from + i, 1))
        }
        Manager::Gem => v.find(':').map(|i| to_end(i, 1)),
    };
    match found {
        Some(f) => (f.start, Some(f)),
        None => {
            let end = match manager {
                Manager::Pip | Manager::Pipx => v.find([';', ' ']).unwrap_or(v.len()),
                _ => v.len(),
            };
            (end, None)
        }
    }
}

/// Where the version starts in `name-version` or `name-version-release` (the dash before
/// it), read the way rpm's names are built: a name may itself hold dashes and numbers
/// (`gcc-toolset-13-gcc`, `java-17-openjdk`), so a suffix only counts as a version when it
/// looks like one (see [`is_rpm_evr`]). The first dash that starts one wins.
fn rpm_version_start(v: &str) -> Option<usize> {
    let b = v.as_bytes();
    (1..b.len().saturating_sub(1))
        .filter(|&i| b[i] == b'-' && b[i + 1].is_ascii_digit())
        .find(|&i| is_rpm_evr(&v[i + 1..]))
}

/// `[epoch:]version[-release]` as written after a package name. The version and the release
/// start with a digit and hold only what rpm allows in them (letters, digits, `._+~^`, and
/// globs). A version alone must show it is one (a dot, an epoch or a glob: `mariadb-10.4`,
/// `openssl-1:1.1.1k`): a bare number is as likely the end of a name (`gcc-toolset-13`).
fn is_rpm_evr(s: &str) -> bool {
    let part_ok = |p: &str| {
        p.starts_with(|c: char| c.is_ascii_digit())
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '+' | '~' | '^' | '*' | '?'))
    };
    let (epoch, rest) = match s.split_once(':') {
        Some((e, r)) if !e.is_empty() && e.chars().all(|c| c.is_ascii_digit()) => (true, r),
        Some(_) => return false,
        None => (false, s),
    };
    let mut parts = rest.split('-');
    let version = parts.next().unwrap_or("");
    let release = parts.next();
    if parts.next().is_some() || !part_ok(version) {
        return false;
    }
    match release {
        Some(release) => part_ok(release),
        None => epoch || version.contains(['.', '*', '?']),
    }
}

/// The cache a removed path belongs to.
fn removed_cache(path: &str) -> Option<CleanupKind> {
    let path = path.trim_end_matches('*').trim_end_matches('/');
    let home = ["~/", "/root/", "$HOME/", "${HOME}/"]
        .iter()
        .find_map(|h| path.strip_prefix(h))
        .unwrap_or("");
    let under = |prefix: &str| path == prefix || path.strip_prefix(prefix).is_some_and(|r| r.starts_with('/'));
    Some(if under("/var/lib/apt/lists") {
        CleanupKind::AptLists
    } else if under("/var/cache/apt") {
        CleanupKind::AptCache
    } else if under("/var/cache/apk") || under("/etc/apk/cache") {
        CleanupKind::ApkCache
    } else if under("/var/cache/yum") {
        CleanupKind::YumCache
    } else if under("/var/cache/dnf") || under("/var/cache/libdnf5") {
        CleanupKind::DnfCache
    } else if under("/var/cache/zypp") {
        CleanupKind::ZypperCache
    } else if home == ".cache" || home == ".cache/pip" || home.starts_with(".cache/pip/") {
        CleanupKind::PipCache
    } else if home == ".npm" || home.starts_with(".npm/") {
        CleanupKind::NpmCache
    } else if under("/usr/local/share/.cache/yarn") || home == ".cache/yarn" || home.starts_with(".cache/yarn/") {
        CleanupKind::YarnCache
    } else {
        return None;
    })
}

pub(crate) fn dependency_steps(script: &Script) -> Vec<DependencyStep> {
    let mut steps = Vec::new();
    let manifests = |names: &[&str]| names.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    for pc in &script.packages {
        if pc.action != Action::Install || !pc.from_manifest() {
            continue;
        }
        let files = match pc.manager {
            Manager::Npm => manifests(&["package.json", "package-lock.json"]),
            Manager::Yarn => manifests(&["package.json", "yarn.lock"]),
            Manager::Pnpm => manifests(&["package.json", "pnpm-lock.yaml"]),
            Manager::Pip => pc
                .options
                .iter()
                .filter(|o| flag_matches(&o.flag.value, &['r'], &["requirement"]))
                .filter_map(|o| o.value().map(str::to_owned))
                .collect(),
            _ => continue,
        };
        steps.push(DependencyStep {
            command: pc.command,
            tool: pc.manager.name(),
            manifests: files,
        });
    }
    for (index, command) in script.commands.iter().enumerate() {
        let mut operands = command.operands().map(|w| w.value.as_str());
        let first = operands.next();
        let (tool, files): (&'static str, &[&str]) = match (command.effective_program(), first) {
            ("bundle", Some("install") | None) => ("bundle", &["Gemfile", "Gemfile.lock"]),
            ("go", Some("mod")) if operands.next() == Some("download") => ("go", &["go.mod", "go.sum"]),
            ("cargo", Some("build" | "fetch" | "vendor")) => ("cargo", &["Cargo.toml", "Cargo.lock"]),
            ("composer", Some("install")) => ("composer", &["composer.json", "composer.lock"]),
            ("poetry", Some("install")) => ("poetry", &["pyproject.toml", "poetry.lock"]),
            ("pipenv", Some("install" | "sync")) => ("pipenv", &["Pipfile", "Pipfile.lock"]),
            ("uv", Some("sync")) => ("uv", &["pyproject.toml", "uv.lock"]),
            ("mvn" | "mvnw", _) => ("mvn", &["pom.xml"]),
            ("dotnet", Some("restore")) => ("dotnet", &[]),
            _ => continue,
        };
        steps.push(DependencyStep {
            command: index,
            tool,
            manifests: manifests(files),
        });
    }
    steps.sort_by_key(|s| s.command);
    steps
}
