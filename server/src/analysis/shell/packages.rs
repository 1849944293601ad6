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
            Manager::Gem | Manager::Go | Manager::Cargo => &[],
        }
    }

    /// The Debian family (`apt-get`, `apt`, `aptitude`).
    pub const fn is_apt(self) -> bool {
        matches!(self, Manager::AptGet | Manager::Apt | Manager::Aptitude)
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
    /// A URL or VCS reference (`https://...`, `git+https://...`, `user/repo` for npm).
    Url,
}

/// A version constraint written with the package.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    /// `=` (apt, apk, zypper), `/` (apt release), `~`, `>=`, `==`, `~=` (pip), `@` (npm, go,
    /// cargo), `:` (gem), `-` (yum/dnf `name-1.2`), or the option (`--version`, `-v`) that gave it.
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
}

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
                    || self.options.iter().any(|o| {
                        let f = o.flag.value.as_str();
                        f.starts_with("-qq")
                            || f == "-q=2"
                            || f == "--quiet=2"
                            || (flag_matches(f, &['o'], &["option"])
                                && o.value().is_some_and(|v| {
                                    v.eq_ignore_ascii_case("APT::Get::Assume-Yes=true")
                                        || v.eq_ignore_ascii_case("APT::Get::Assume-Yes=1")
                                }))
                    })
            }
            Manager::Yum | Manager::Dnf => self.has_option(&['y'], &["assumeyes"]),
            Manager::Zypper => self.has_option(&['n', 'y'], &["non-interactive", "no-confirm"]),
            _ => true,
        }
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
            && !matches!(self.manager, Manager::Go | Manager::Cargo | Manager::Gem)
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
    /// `dnf clean all`, `microdnf clean all`, `rm -rf /var/cache/dnf`.
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
    spec(Manager::Npm, &['w'], NODE_LONG),
    spec(Manager::Yarn, &[], NODE_LONG),
    spec(Manager::Pnpm, &['C', 'F'], NODE_LONG),
    spec(
        Manager::Gem,
        &['v', 'i', 'n', 's', 'P'],
        &["version", "install-dir", "bindir", "source", "trust-policy", "platform"],
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
        p if is_pip(p) => Manager::Pip,
        p if is_python(p) => {
            let args = command.effective_args();
            let at = args.iter().position(|w| w.value == "-m")?;
            if !is_pip(&args.get(at + 1)?.value) {
                return None;
            }
            return Some((Manager::Pip, at + 2));
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
        Manager::Yum | Manager::Dnf | Manager::Microdnf => match sub {
            "install" | "groupinstall" | "localinstall" | "reinstall" => Install,
            "makecache" | "check-update" => Update,
            "update" | "upgrade" | "distro-sync" => Upgrade,
            "remove" | "erase" | "autoremove" => Remove,
            "clean" => Clean,
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
        Manager::Go => match sub {
            "install" | "get" => Install,
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
        Manager::Gem | Manager::Go | Manager::Cargo => return None,
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
    let rest: Vec<&Word> = operands.collect();
    let action = match &subcommand {
        Some(sub) => action_of(manager, &sub.value, rest.first().map(|w| w.value.as_str())),
        // A bare `yarn` installs from package.json.
        None if manager == Manager::Yarn => Action::Install,
        None => Action::Other,
    };
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
                let mut p = package(manager, w);
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

/// Reads one package argument for `manager`.
fn package(manager: Manager, word: &Word) -> Package {
    let v = word.value.as_str();
    let kind = kind_of(manager, v);
    let (name_end, version) = if kind == PackageKind::Name {
        split_version(manager, v)
    } else {
        (v.len(), None)
    };
    let version = version.map(|(op_start, op_len)| Version {
        operator: v[op_start..op_start + op_len].to_owned(),
        value: v[op_start + op_len..].to_owned(),
        range: word.sub_range(op_start, v.len()),
    });
    // pip extras are not part of the name: `requests[socks]`.
    let name_end = match manager {
        Manager::Pip => v[..name_end].find('[').unwrap_or(name_end),
        _ => name_end,
    };
    Package {
        word: word.clone(),
        name: v[..name_end].to_owned(),
        name_range: word.sub_range(0, name_end),
        version,
        kind,
    }
}

fn kind_of(manager: Manager, v: &str) -> PackageKind {
    if v.contains("://") || v.starts_with("git+") || v.starts_with("git@") {
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
        ".deb", ".rpm", ".apk", ".whl", ".tar.gz", ".tgz", ".zip", ".gem", ".tar.bz2", ".crate",
    ];
    // For Go a slash is part of every module path; `pkg/release` is apt's release pin.
    if manager != Manager::Go && ARCHIVES.iter().any(|ext| v.ends_with(ext)) {
        return PackageKind::Path;
    }
    match manager {
        Manager::Npm | Manager::Yarn | Manager::Pnpm => {
            let is_scoped = v.starts_with('@');
            let body = if is_scoped {
                v.split_once('/').map_or("", |(_, b)| b)
            } else {
                v
            };
            if v.starts_with("file:") || v.starts_with("github:") || v.starts_with("link:") {
                PackageKind::Path
            } else if !is_scoped && body.split('@').next().is_some_and(|n| n.contains('/')) {
                // `user/repo`: a GitHub shorthand.
                PackageKind::Url
            } else {
                PackageKind::Name
            }
        }
        _ => PackageKind::Name,
    }
}

/// Where the name ends and, when there is one, where the version operator starts and its
/// length.
fn split_version(manager: Manager, v: &str) -> (usize, Option<(usize, usize)>) {
    let b = v.as_bytes();
    let found = match manager {
        Manager::AptGet | Manager::Apt | Manager::Aptitude => v.find(['=', '/']).map(|i| (i, 1)),
        Manager::Apk | Manager::Zypper => v.find(['=', '<', '>', '~']).map(|i| {
            let len = b[i..].iter().take_while(|c| b"=<>~".contains(c)).count();
            (i, len)
        }),
        Manager::Yum | Manager::Dnf | Manager::Microdnf => {
            let op = v
                .find(['=', '<', '>'])
                .map(|i| (i, b[i..].iter().take_while(|c| b"=<>".contains(c)).count()));
            // `name-1.2.3`: the first dash followed by a digit starts the version.
            op.or_else(|| {
                b.windows(2)
                    .position(|w| w[0] == b'-' && w[1].is_ascii_digit())
                    .filter(|&i| i > 0)
                    .map(|i| (i, 1))
            })
        }
        Manager::Pip => v.find(['=', '<', '>', '!', '~', '@', ';', ' ']).and_then(|i| {
            let len = b[i..].iter().take_while(|c| b"=<>!~".contains(c)).count();
            match b[i] {
                b'@' => Some((i, 1)),
                // An environment marker alone is no version.
                b';' | b' ' => None,
                _ => Some((i, len)),
            }
        }),
        Manager::Npm | Manager::Yarn | Manager::Pnpm | Manager::Go | Manager::Cargo => {
            // Skip the `@` of an npm scope.
            let from = usize::from(v.starts_with('@'));
            v[from..].find('@').map(|i| (from + i, 1))
        }
        Manager::Gem => v.find(':').map(|i| (i, 1)),
    };
    match found {
        Some((i, len)) => (i, Some((i, len))),
        None => {
            let end = match manager {
                Manager::Pip => v.find([';', ' ']).unwrap_or(v.len()),
                _ => v.len(),
            };
            (end, None)
        }
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
    } else if under("/var/cache/dnf") {
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
