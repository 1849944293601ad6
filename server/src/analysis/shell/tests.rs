//! Scenario tests over Dockerfile snippets: the facts of a RUN script, with every range checked
//! against the document text.

use super::*;
use crate::analysis::model::{Heredoc, Spanned};

/// The script of the RUN instruction starting at the first `RUN ` of `doc` (the joining stops by
/// itself where the instruction ends).
fn run(doc: &str) -> Script {
    run_with(doc, '\\')
}

fn run_with(doc: &str, escape: char) -> Script {
    let start = doc.find("RUN ").map_or(0, |i| i + 4);
    Script::shell_form(doc, TextRange::new(start, doc.len()), escape)
}

fn slice(doc: &str, range: TextRange) -> &str {
    range.slice(doc)
}

fn names(script: &Script) -> Vec<&str> {
    script.commands.iter().map(|c| c.name.value.as_str()).collect()
}

fn values(words: &[Word]) -> Vec<&str> {
    words.iter().map(|w| w.value.as_str()).collect()
}

/// The range of the `n`th (0-based) occurrence of `needle` in `doc`.
fn nth(doc: &str, needle: &str, n: usize) -> TextRange {
    let start = doc.match_indices(needle).nth(n).map_or(0, |(i, _)| i);
    TextRange::new(start, start + needle.len())
}

fn model_word(doc: &str, raw: &str, value: &str) -> model::Word {
    model::Word {
        value: value.to_owned(),
        raw: raw.to_owned(),
        range: nth(doc, raw, 0),
    }
}

fn instruction(kind: InstructionKind, doc: &str, args: Args, heredocs: Vec<Heredoc>) -> Instruction {
    Instruction {
        kind,
        keyword: Spanned::new(kind.keyword().to_owned(), TextRange::new(0, 3)),
        flags: Vec::new(),
        args,
        heredocs,
        vars: Vec::new(),
        range: TextRange::new(0, doc.len()),
        original: String::new(),
    }
}

fn shell_args(doc: &str, from: &str) -> Args {
    let start = doc.find(from).unwrap_or(0);
    let line_end = doc[start..].find('\n').map_or(doc.len(), |i| start + i);
    Args::Shell {
        text: doc[start..line_end].to_owned(),
        range: TextRange::new(start, line_end),
    }
}

fn heredoc(doc: &str, name: &str, strip_tabs: bool) -> Heredoc {
    let marker = nth(doc, &format!("<<{}{name}", if strip_tabs { "-" } else { "" }), 0);
    let body_start = doc[marker.end..].find('\n').map_or(doc.len(), |i| marker.end + i + 1);
    let terminator = doc[body_start..]
        .match_indices('\n')
        .map(|(i, _)| body_start + i + 1)
        .find(|&line| doc[line..].trim_start_matches('\t').starts_with(&format!("{name}\n")));
    let body_end = terminator.unwrap_or(doc.len());
    let end = terminator.map(|t| {
        let len = doc[t..].find('\n').unwrap_or(doc.len() - t);
        TextRange::new(t, t + len)
    });
    Heredoc {
        name: Spanned::new(name.to_owned(), nth(doc, name, 0)),
        marker,
        strip_tabs,
        quoted: false,
        content: doc[body_start..body_end].to_owned(),
        body: TextRange::new(body_start, body_end),
        end,
    }
}

// ---- BuildKit's joining -------------------------------------------------------------------

#[test]
fn joined_text_equals_buildkit_results() {
    // Cases and expected strings from BuildKit's parser test files (testfiles/continueIndent,
    // escapes, lk4d4-the-edge-case-generator, continue-at-eof).
    let cases: &[(&str, &str)] = &[
        (
            "RUN echo hello\\\n  world\\\n  goodnight  \\\n  moon\\\n  light\\\nning\n",
            "echo hello  world  goodnight    moon  lightning",
        ),
        ("RUN echo hello  \\\n  world\n", "echo hello    world"),
        ("RUN echo hello \\\ngoodbye\\\nfrog\n", "echo hello goodbyefrog"),
        ("RUN echo hello  \\  \nworld\n", "echo hello  world"),
        (
            "RUN echo hi \\\n \\\n world \\\n\\\n good\\\n\\\nnight\n",
            "echo hi   world  goodnight",
        ),
        ("RUN foo \\\n\nbar \\\n\nbaz\n", "foo bar baz"),
        (
            "RUN apt-get \\update && \\\n  apt-get \\\"install znc -y\n",
            "apt-get \\update &&   apt-get \\\"install znc -y",
        ),
        (
            "RUN echo '1234' && \\\n    echo \"456\" && \\\n    echo 789\n",
            "echo '1234' &&     echo \"456\" &&     echo 789",
        ),
        (
            "RUN    sh -c 'echo root:testpass \\\n        > /tmp/passwd'\n",
            "sh -c 'echo root:testpass         > /tmp/passwd'",
        ),
        ("RUN something \\", "something"),
    ];
    for (doc, expected) in cases {
        assert_eq!(run(doc).text, *expected, "joining {doc:?}");
    }
}

#[test]
fn comment_lines_inside_continuation_do_not_reach_the_shell() {
    let doc = "RUN apt-get update \\\n # refresh first\n && apt-get install -y curl \\\n#wget \\\n  jq\n";
    let s = run(doc);
    assert_eq!(s.text, "apt-get update  && apt-get install -y curl   jq");
    assert_eq!(names(&s), ["apt-get", "apt-get"]);
    let install = s
        .installs()
        .next()
        .map(|p| p.packages.iter().map(|p| p.name.as_str()).collect::<Vec<_>>());
    assert_eq!(install, Some(vec!["curl", "jq"]));
}

// ---- Commands and chains ------------------------------------------------------------------

#[test]
fn commands_words_and_operators() {
    let doc = "RUN set -eux; DEBIAN_FRONTEND=noninteractive apt-get install -y \"curl\" 'a b' c\\ d \\\n    && rm -rf /var/lib/apt/lists/* || true & wait\n";
    let s = run(doc);
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    assert_eq!(names(&s), ["set", "apt-get", "rm", "true", "wait"]);
    let ops: Vec<_> = s.commands.iter().map(|c| c.operator_before).collect();
    assert_eq!(
        ops,
        [
            None,
            Some(Operator::Seq),
            Some(Operator::And),
            Some(Operator::Or),
            Some(Operator::Background)
        ]
    );
    let apt = &s.commands[1];
    assert_eq!(values(&apt.args), ["install", "-y", "curl", "a b", "c d"]);
    assert_eq!(slice(doc, apt.args[2].range), "\"curl\"");
    assert!(apt.args[2].quoted && !apt.args[0].quoted);
    assert_eq!(apt.assignments.len(), 1);
    assert_eq!(apt.assignments[0].name, "DEBIAN_FRONTEND");
    assert_eq!(apt.assignments[0].value.value, "noninteractive");
    assert_eq!(apt.env("DEBIAN_FRONTEND"), Some("noninteractive"));
    assert_eq!(
        slice(doc, apt.range),
        &doc[nth(doc, "DEBIAN", 0).start..nth(doc, "c\\ d", 0).end]
    );
    let rm = &s.commands[2];
    assert_eq!(slice(doc, rm.name.range), "rm");
    assert_eq!(rm.name.line, 1);
    assert_eq!(rm.args[1].value, "/var/lib/apt/lists/*");
    assert_eq!(s.commands.iter().map(|c| c.scope).collect::<Vec<_>>(), [Scope::Top; 5]);
}

#[test]
fn pipelines_and_pipefail() {
    let doc = "RUN curl -s x | tar xz && set -o pipefail && wget -O- y | sh\n";
    let s = run(doc);
    assert_eq!(s.pipelines.len(), 2);
    assert!(!s.pipelines[0].pipefail);
    assert!(s.pipelines[1].pipefail);
    assert_eq!(slice(doc, s.pipelines[0].range), "curl -s x | tar xz");
    assert_eq!(s.pipelines_without_pipefail().count(), 1);
    let curl = &s.commands[0];
    assert!(curl.pipe_out && !curl.pipe_in);
    let tar = &s.commands[1];
    assert!(tar.pipe_in && !tar.pipe_out);
    assert_eq!(tar.operator_before, Some(Operator::Pipe));
    assert_eq!(s.pipeline_of(tar).map(|p| p.commands.clone()), Some(vec![0, 1]));

    for (script, pipefail) in [
        ("set -euo pipefail; a | b", true),
        ("set -eo pipefail -x; a | b", true),
        ("set -o errexit -o pipefail; a | b", true),
        ("set -o pipefail; set +o pipefail; a | b", false),
        ("(set -o pipefail); a | b", false),
        ("set -e; a | b", false),
        ("a | b; set -o pipefail", false),
    ] {
        let s = Script::parse(script.to_owned(), SourceMap::identity(0, script.len()));
        assert_eq!(s.pipelines.len(), 1, "{script}");
        assert_eq!(s.pipelines[0].pipefail, pipefail, "{script}");
    }
}

#[test]
fn a_pipeline_in_a_substitution_counts_only_where_its_status_is_kept() {
    for (script, used) in [
        // A bare assignment has the status of its substitution.
        ("v=$(curl -fsSL x | jq -r .tag)", true),
        ("set -e; v=\"$(curl x | jq .)\" && echo \"$v\"", true),
        ("a=1 b=pre-$(curl x | jq .)", true),
        ("v=`curl x | jq .`", true),
        ("v=$(echo $(curl x | jq .))", false),
        // Everywhere else the shell drops it.
        ("tar -xzf \"$(curl x | head -n1)\"", false),
        ("for f in $(ls /x | grep y); do echo $f; done", false),
        ("case $(uname -m | tr A-Z a-z) in x) ;; esac", false),
        ("export V=$(curl x | jq .)", false),
        ("V=$(curl x | jq .) make", false),
        ("echo > $(mktemp | tr a b)", false),
        ("diff <(curl x | sort) y", false),
        ("$(curl x | sh)", false),
        ("if [ \"$(curl x | jq .)\" = y ]; then :; fi", false),
        // Pipelines outside substitutions always count.
        ("curl x | sh", true),
        ("for f in a; do curl $f | sh; done", true),
    ] {
        let s = Script::parse(script.to_owned(), SourceMap::identity(0, script.len()));
        let inner = s.pipelines.last().map(|p| p.status_used);
        assert_eq!(inner, Some(used), "{script}");
    }
}

#[test]
fn compound_stages_and_negation() {
    let text = "! grep -q x f | sort |& uniq; find . | while read f; do rm \"$f\"; done";
    let s = Script::parse(text.to_owned(), SourceMap::identity(0, text.len()));
    assert_eq!(names(&s), ["grep", "sort", "uniq", "find", "read", "rm"]);
    assert!(s.commands[0].negated);
    assert_eq!(s.pipelines.len(), 2);
    assert_eq!(s.pipelines[0].commands, [0, 1, 2]);
    assert_eq!(s.pipelines[1].stages, 2);
    assert_eq!(s.pipelines[1].commands, [3]);
    assert!(s.commands[3].pipe_out);
    assert_eq!(s.commands[4].scope, Scope::Compound);
    assert!(!s.commands[4].pipe_in);
}

#[test]
fn heredoc_inside_the_script_pipes_to_its_reader() {
    let text = "cat <<EOF | sh && echo done\napk add curl\nEOF\necho after";
    let s = Script::parse(text.to_owned(), SourceMap::identity(0, text.len()));
    assert_eq!(names(&s), ["cat", "sh", "echo", "echo"]);
    assert!(s.commands[0].pipe_out && s.commands[1].pipe_in);
    assert_eq!(s.commands[2].operator_before, Some(Operator::And));
    assert_eq!(s.commands[0].redirects[0].operator, "<<");
    // The heredoc body is data for `sh`, not commands of this script.
    assert!(s.packages.is_empty());
}

#[test]
fn scopes_and_cd() {
    let text = "cd /src && make && (cd docs && make html) && echo $(cd /x; pwd) && if true; then cd /y; fi";
    let s = Script::parse(text.to_owned(), SourceMap::identity(0, text.len()));
    let scopes: Vec<_> = s.commands.iter().map(|c| (c.name.value.as_str(), c.scope)).collect();
    assert_eq!(
        scopes,
        [
            ("cd", Scope::Top),
            ("make", Scope::Top),
            ("cd", Scope::Subshell),
            ("make", Scope::Subshell),
            ("echo", Scope::Top),
            ("cd", Scope::Substitution),
            ("pwd", Scope::Substitution),
            ("true", Scope::Compound),
            ("cd", Scope::Compound),
        ]
    );
    let cds: Vec<&str> = s.cd_commands().map(|c| c.args[0].value.as_str()).collect();
    assert_eq!(cds, ["/src", "/y"]);
    // A substitution starts its own chain; the outer chain resumes after it.
    assert_eq!(s.commands[5].operator_before, None);
    assert_eq!(s.commands[4].operator_before, Some(Operator::And));
    assert!(s.commands[4].args[0].has_expansion);
}

#[test]
fn redirects_are_attached() {
    let text = "make >build.log 2>&1 && cat <in 3>>x";
    let s = Script::parse(text.to_owned(), SourceMap::identity(0, text.len()));
    let make = &s.commands[0];
    let r: Vec<_> = make
        .redirects
        .iter()
        .map(|r| (r.operator.as_str(), r.fd, r.target.as_ref().map(|t| t.value.as_str())))
        .collect();
    assert_eq!(r, [(">", None, Some("build.log")), (">&", Some(2), Some("1"))]);
    assert_eq!(s.commands[1].redirects.len(), 2);
    assert_eq!(s.commands[1].redirects[1].fd, Some(3));
    assert_eq!(values(&s.commands[1].args), Vec::<&str>::new());
}

#[test]
fn declaration_commands_and_assignments_only() {
    let text = "export PATH=/x:$PATH A; FOO=1; unset B; readonly C=2";
    let s = Script::parse(text.to_owned(), SourceMap::identity(0, text.len()));
    assert_eq!(names(&s), ["export", "unset", "readonly"]);
    assert_eq!(s.commands[0].args[0].value, "PATH=/x:$PATH");
    assert!(s.commands[0].args[0].has_expansion);
}

#[test]
fn function_bodies_are_listed_apart() {
    let text = "f() { apt-get install -y x; }; f && echo";
    let s = Script::parse(text.to_owned(), SourceMap::identity(0, text.len()));
    assert_eq!(names(&s), ["apt-get", "f", "echo"]);
    assert_eq!(s.commands[0].scope, Scope::Function);
    assert_eq!(s.commands[1].operator_before, Some(Operator::Seq));
}

// ---- Syntax errors ------------------------------------------------------------------------

fn errors(text: &str) -> Vec<(String, String)> {
    let s = Script::parse(text.to_owned(), SourceMap::identity(0, text.len()));
    s.errors
        .iter()
        .map(|e| (e.message.clone(), slice(text, e.range).to_owned()))
        .collect()
}

#[test]
fn syntax_errors_have_short_messages_and_precise_ranges() {
    let one = |m: &str, at: &str| vec![(m.to_owned(), at.to_owned())];
    assert_eq!(errors("echo \"abc"), one("unterminated double quote", "\""));
    assert_eq!(errors("echo 'abc"), one("unterminated single quote", "'"));
    assert_eq!(errors("apt-get install &&"), one("expected a command after `&&`", "&&"));
    assert_eq!(errors("foo |"), one("expected a command after `|`", "|"));
    assert_eq!(errors("echo $(foo"), one("`$(` without `)`", "$("));
    assert_eq!(errors("(foo"), one("`(` without `)`", "("));
    assert_eq!(errors("if x; then y"), one("`if` without `fi`", "if"));
    assert_eq!(errors("echo ) foo"), one("unexpected `)`", ")"));
    assert_eq!(errors("foo || ; bar"), one("unexpected `;`", ";"));
    for fine in [
        "apt-get update && apt-get install -y curl",
        "echo \"a $(b \"c\")\" 'd' $'e\\n'",
        "if [ -f x ]; then echo; elif true; then :; else false; fi",
        "for i in 1 2; do echo $i; done; while read l; do :; done < f",
        "case $x in a) echo;; *) :;; esac",
        "cat <<EOF > /etc/x\nline $HOME\nEOF",
        "",
    ] {
        assert_eq!(errors(fine), vec![], "{fine:?}");
    }
}

#[test]
fn syntax_error_range_maps_through_continuations() {
    let doc = "RUN apt-get update && \\\n    echo \"unterminated \\\n    still\n";
    let s = run(doc);
    assert_eq!(s.errors.len(), 1);
    assert_eq!(s.errors[0].message, "unterminated double quote");
    assert_eq!(s.errors[0].range, nth(doc, "\"", 0));
    // Commands before the error are still read.
    assert_eq!(names(&s)[0], "apt-get");
}

// ---- Package managers ---------------------------------------------------------------------

#[test]
fn apt_packages_point_exactly_at_their_names() {
    let doc = "FROM debian\nRUN apt-get update && apt-get install -y --no-install-recommends \\\n      ca-certificates \\\n      # pinned for reproducibility\n      curl=7.88.* \\\n      \"git=1:2.39*\" \\\n      ./local.deb \\\n    && rm -rf /var/lib/apt/lists/*\n";
    let s = run(doc);
    assert_eq!(s.packages.len(), 2);
    assert_eq!(s.packages[0].action, Action::Update);
    let install = s.installs().next();
    let Some(install) = install else {
        panic!("no install in {:?}", s.packages);
    };
    assert_eq!(install.manager, Manager::AptGet);
    assert!(install.is_non_interactive());
    assert!(install.has_option(&[], &["no-install-recommends"]));
    assert_eq!(
        install.subcommand.as_ref().map(|w| slice(doc, w.range)),
        Some("install")
    );
    let names: Vec<_> = install.packages.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["ca-certificates", "curl", "git", "./local.deb"]);
    let name_slices: Vec<_> = install.packages.iter().map(|p| slice(doc, p.name_range)).collect();
    assert_eq!(name_slices, ["ca-certificates", "curl", "git", "./local.deb"]);
    let lines: Vec<_> = install.packages.iter().map(|p| p.word.line).collect();
    assert_eq!(lines, [1, 3, 4, 5]);
    let curl = &install.packages[1];
    assert_eq!(
        curl.version.as_ref().map(|v| (v.operator.as_str(), v.value.as_str())),
        Some(("=", "7.88.*"))
    );
    assert_eq!(curl.version.as_ref().map(|v| slice(doc, v.range)), Some("=7.88.*"));
    let git = &install.packages[2];
    assert_eq!(slice(doc, git.word.range), "\"git=1:2.39*\"");
    assert_eq!(git.version.as_ref().map(|v| slice(doc, v.range)), Some("=1:2.39*"));
    assert!(!install.packages[0].is_pinned());
    assert_eq!(install.packages[3].kind, PackageKind::Path);
    assert!(s.has_cleanup(CleanupKind::AptLists));
    assert_eq!(
        s.cleanups.first().map(|c| slice(doc, c.range)),
        Some("/var/lib/apt/lists/*")
    );
}

#[test]
fn apt_non_interactive_spellings() {
    for (script, yes) in [
        ("apt-get install -y x", true),
        ("apt-get install --yes x", true),
        ("apt-get -qq install x", true),
        ("apt-get install -qy x", true),
        ("apt-get install --assume-yes x", true),
        ("apt-get -o APT::Get::Assume-Yes=true install x", true),
        ("apt-get install -q -q x", true),
        ("apt-get install --quiet --quiet x", true),
        ("apt-get install -q=2 x", true),
        ("apt-get install --quiet=2 x", true),
        ("apt-get -q install -q x", true),
        ("apt-get install -q x", false),
        ("apt-get install --quiet x", false),
        ("apt-get install -q=1 x", false),
        ("apt-get install x", false),
        ("sudo apt install x", false),
    ] {
        let s = Script::parse(script.to_owned(), SourceMap::identity(0, script.len()));
        let install = s.installs().next();
        assert_eq!(install.map(PackageCommand::is_non_interactive), Some(yes), "{script}");
        assert_eq!(install.map(|i| i.packages.len()), Some(1), "{script}");
    }
}

#[test]
fn apk_virtual_is_not_a_package() {
    let text = "apk add --no-cache --virtual .build-deps gcc musl-dev=1.2.4-r2 'openssl>3' && apk del .build-deps";
    let s = Script::parse(text.to_owned(), SourceMap::identity(0, text.len()));
    let add = &s.packages[0];
    assert_eq!(add.manager, Manager::Apk);
    assert!(add.skips_cache());
    assert_eq!(
        add.option(&['t'], &["virtual"]).and_then(|o| o.value()),
        Some(".build-deps")
    );
    let pins: Vec<_> = add
        .packages
        .iter()
        .map(|p| (p.name.as_str(), p.version.as_ref().map(|v| v.operator.as_str())))
        .collect();
    assert_eq!(pins, [("gcc", None), ("musl-dev", Some("=")), ("openssl", Some(">"))]);
    assert_eq!(slice(text, add.packages[2].name_range), "openssl");
    assert_eq!(s.packages[1].action, Action::Remove);
}

#[test]
fn rpm_family() {
    let text = "yum install -y httpd-2.4.6 python3-devel gcc-c++ && yum clean all && dnf install nginx && microdnf install x && zypper -n in vim=9.0 && zypper install y && zypper cc -a";
    let s = Script::parse(text.to_owned(), SourceMap::identity(0, text.len()));
    let summary: Vec<_> = s
        .packages
        .iter()
        .map(|p| (p.manager, p.action, p.is_non_interactive()))
        .collect();
    assert_eq!(
        summary,
        [
            (Manager::Yum, Action::Install, true),
            (Manager::Yum, Action::Clean, true),
            (Manager::Dnf, Action::Install, false),
            (Manager::Microdnf, Action::Install, true),
            (Manager::Zypper, Action::Install, true),
            (Manager::Zypper, Action::Install, false),
            (Manager::Zypper, Action::Clean, true),
        ]
    );
    let yum: Vec<_> = s.packages[0]
        .packages
        .iter()
        .map(|p| (p.name.as_str(), p.version.as_ref().map(|v| v.value.as_str())))
        .collect();
    assert_eq!(
        yum,
        [("httpd", Some("2.4.6")), ("python3-devel", None), ("gcc-c++", None)]
    );
    assert_eq!(s.packages[1].operands.first().map(|w| w.value.as_str()), Some("all"));
    assert!(s.has_cleanup(CleanupKind::YumCache));
    assert!(s.has_cleanup(CleanupKind::ZypperCache));
    assert!(!s.has_cleanup(CleanupKind::DnfCache));
}

#[test]
fn rpm_command_aliases() {
    for (script, action, sub) in [
        ("dnf in -y x", Action::Install, "in"),
        ("dnf -y rei x", Action::Install, "rei"),
        ("dnf install-n -y x", Action::Install, "install-n"),
        ("dnf dg -y x", Action::Install, "dg"),
        ("yum localinstall -y ./x.rpm", Action::Install, "localinstall"),
        ("dnf -y up", Action::Upgrade, "up"),
        ("dnf -y up-min", Action::Upgrade, "up-min"),
        ("dnf -y upgrade-minimal", Action::Upgrade, "upgrade-minimal"),
        ("dnf -y dsync", Action::Upgrade, "dsync"),
        ("microdnf update", Action::Upgrade, "update"),
        ("dnf rm -y x", Action::Remove, "rm"),
        ("dnf mc", Action::Update, "mc"),
        ("dnf -y group install \"Development Tools\"", Action::Install, "install"),
        ("dnf grp in -y x", Action::Install, "in"),
        ("microdnf module install nodejs:20", Action::Install, "install"),
        ("dnf module enable -y nodejs:20", Action::Other, "module"),
        ("dnf repoquery x", Action::Other, "repoquery"),
    ] {
        let s = Script::parse(script.to_owned(), SourceMap::identity(0, script.len()));
        let pc = &s.packages[0];
        assert_eq!(pc.action, action, "{script}");
        assert_eq!(pc.subcommand.as_ref().map(|w| w.value.as_str()), Some(sub), "{script}");
    }
    // `dnf group install -y x` asks like `dnf install`.
    let text = "dnf group install \"Development Tools\"";
    let s = Script::parse(text.to_owned(), SourceMap::identity(0, text.len()));
    assert!(!s.packages[0].is_non_interactive());
}

#[test]
fn rpm_groups_and_modules() {
    let text = "dnf -y group install \"Development Tools\" && dnf -y module install nodejs:20/common php && dnf -y install @development-tools @nodejs:20 curl";
    let s = Script::parse(text.to_owned(), SourceMap::identity(0, text.len()));
    let all: Vec<_> = s
        .installs()
        .flat_map(|pc| &pc.packages)
        .map(|p| (p.kind, p.name.as_str(), p.version.as_ref().map(|v| v.value.as_str())))
        .collect();
    assert_eq!(
        all,
        [
            (PackageKind::Group, "Development Tools", None),
            (PackageKind::Name, "nodejs", Some("20/common")),
            (PackageKind::Name, "php", None),
            (PackageKind::Group, "@development-tools", None),
            (PackageKind::Name, "@nodejs", Some("20")),
            (PackageKind::Name, "curl", None),
        ]
    );
    let unpinned: Vec<_> = s
        .installs()
        .flat_map(|pc| pc.packages.iter().filter(|p| p.is_unpinned(pc.manager)))
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(unpinned, ["php", "curl"]);
}

#[test]
fn rpm_names_keep_their_numeric_dash_segments() {
    for (word, name, version) in [
        ("gcc-toolset-13-gcc", "gcc-toolset-13-gcc", None),
        ("gcc-toolset-13", "gcc-toolset-13", None),
        ("devtoolset-11-gcc-c++", "devtoolset-11-gcc-c++", None),
        ("java-17-openjdk", "java-17-openjdk", None),
        ("java-1.8.0-openjdk", "java-1.8.0-openjdk", None),
        ("java-1.8.0-openjdk-devel", "java-1.8.0-openjdk-devel", None),
        ("compat-libstdc++-33", "compat-libstdc++-33", None),
        ("python3.11-pip", "python3.11-pip", None),
        ("mariadb-10.4", "mariadb", Some("10.4")),
        ("tomcat-9.0.1", "tomcat", Some("9.0.1")),
        ("rpm-sign-4.16.1.3", "rpm-sign", Some("4.16.1.3")),
        ("gcc-c++-1.1.1", "gcc-c++", Some("1.1.1")),
        ("openssl-1:1.1.1k", "openssl", Some("1:1.1.1k")),
        ("openssl-libs-1:3.0.7-27.el9", "openssl-libs", Some("1:3.0.7-27.el9")),
        ("git-core-2.51.0-2.fc42", "git-core", Some("2.51.0-2.fc42")),
        (
            "java-11-openjdk-11.0.20.0.8-1.el8",
            "java-11-openjdk",
            Some("11.0.20.0.8-1.el8"),
        ),
        ("curl-7.61.1-22.el8.x86_64", "curl", Some("7.61.1-22.el8.x86_64")),
        ("nginx-1.20*", "nginx", Some("1.20*")),
        ("libxml2-2.9.7", "libxml2", Some("2.9.7")),
        ("httpd-2", "httpd-2", None),
    ] {
        let text = format!("dnf install -y {word}");
        let s = Script::parse(text.clone(), SourceMap::identity(0, text.len()));
        let p = &s.packages[0].packages[0];
        assert_eq!(
            (p.name.as_str(), p.version.as_ref().map(|v| v.value.as_str())),
            (name, version),
            "{word}"
        );
    }
}

#[test]
fn repositories_are_pinned_by_a_ref() {
    for (script, kind, name, pinned) in [
        (
            "pip install git+https://github.com/org/pkg.git",
            PackageKind::Vcs,
            "git+https://github.com/org/pkg.git",
            false,
        ),
        (
            "pip install git+https://github.com/org/pkg.git#egg=pkg",
            PackageKind::Vcs,
            "git+https://github.com/org/pkg.git",
            false,
        ),
        (
            "pip install git+ssh://git@github.com/org/pkg.git",
            PackageKind::Vcs,
            "git+ssh://git@github.com/org/pkg.git",
            false,
        ),
        (
            "pip install git+https://github.com/org/pkg.git@v1.2.0#egg=pkg",
            PackageKind::Vcs,
            "git+https://github.com/org/pkg.git",
            true,
        ),
        (
            "pip install git+https://github.com/org/pkg.git@main",
            PackageKind::Vcs,
            "git+https://github.com/org/pkg.git",
            false,
        ),
        (
            "pip install 'pkg @ git+https://github.com/org/pkg.git@3f2a1c9'",
            PackageKind::Vcs,
            "pkg",
            true,
        ),
        (
            "pip install pkg@git+https://github.com/org/pkg.git",
            PackageKind::Vcs,
            "pkg",
            false,
        ),
        (
            "pip install pkg@https://example.com/pkg-1.0.tar.gz",
            PackageKind::Url,
            "pkg",
            false,
        ),
        (
            "pip install hg+https://hg.example.com/pkg@1.0",
            PackageKind::Vcs,
            "hg+https://hg.example.com/pkg",
            true,
        ),
        ("pip install src/pkg", PackageKind::Path, "src/pkg", false),
        (
            "pip install https://example.com/pkg-1.0-py3-none-any.whl",
            PackageKind::Url,
            "https://example.com/pkg-1.0-py3-none-any.whl",
            false,
        ),
        (
            "npm install git+ssh://git@github.com:npm/cli.git",
            PackageKind::Vcs,
            "git+ssh://git@github.com:npm/cli.git",
            false,
        ),
        (
            "npm install git+https://isaacs@github.com/npm/cli.git#v10.2.0",
            PackageKind::Vcs,
            "git+https://isaacs@github.com/npm/cli.git",
            true,
        ),
        (
            "npm install git://github.com/npm/cli.git",
            PackageKind::Vcs,
            "git://github.com/npm/cli.git",
            false,
        ),
        (
            "npm install https://github.com/npm/cli.git",
            PackageKind::Vcs,
            "https://github.com/npm/cli.git",
            false,
        ),
        (
            "npm install expressjs/express",
            PackageKind::Vcs,
            "expressjs/express",
            false,
        ),
        (
            "npm install expressjs/express#4.18.2",
            PackageKind::Vcs,
            "expressjs/express",
            true,
        ),
        (
            "npm install github:expressjs/express#semver:^4",
            PackageKind::Vcs,
            "github:expressjs/express",
            true,
        ),
        ("npm install ./pkg.tgz", PackageKind::Path, "./pkg.tgz", false),
        ("npm install pkg-v1.2.3.tar", PackageKind::Path, "pkg-v1.2.3.tar", false),
        (
            "npm install https://example.com/pkg-1.2.3.tgz",
            PackageKind::Url,
            "https://example.com/pkg-1.2.3.tgz",
            false,
        ),
        ("npm install express@latest", PackageKind::Name, "express", false),
        ("npm install express@4.18.2", PackageKind::Name, "express", true),
    ] {
        let s = Script::parse(script.to_owned(), SourceMap::identity(0, script.len()));
        let pc = &s.packages[0];
        let p = &pc.packages[0];
        assert_eq!((p.kind, p.name.as_str()), (kind, name), "{script}");
        let unpinned = matches!(kind, PackageKind::Name | PackageKind::Vcs) && !pinned;
        assert_eq!(p.is_unpinned(pc.manager), unpinned, "{script}");
        assert_eq!(slice(script, p.name_range), p.name, "{script}");
    }
}

#[test]
fn go_gem_and_pipx_arguments() {
    for (script, packages, unpinned) in [
        (
            "go install example.com/cmd/tool",
            vec!["example.com/cmd/tool"],
            vec!["example.com/cmd/tool"],
        ),
        (
            "go install example.com/cmd/tool@latest",
            vec!["example.com/cmd/tool"],
            vec!["example.com/cmd/tool"],
        ),
        (
            "go install example.com/cmd/tool@upgrade",
            vec!["example.com/cmd/tool"],
            vec!["example.com/cmd/tool"],
        ),
        (
            "go install example.com/cmd/tool@v1.2.3",
            vec!["example.com/cmd/tool"],
            vec![],
        ),
        (
            "go run example.com/cmd/tool -v input",
            vec!["example.com/cmd/tool"],
            vec!["example.com/cmd/tool"],
        ),
        (
            "go run -exec sudo example.com/cmd/tool@v1.2.3 --foo bar",
            vec!["example.com/cmd/tool"],
            vec![],
        ),
        ("go run ./cmd/gen", vec!["./cmd/gen"], vec![]),
        ("go run main.go", vec!["main.go"], vec![]),
        ("go install std", vec!["std"], vec![]),
        (
            "gem install bundler:2.4.0 -- --use-system-libraries",
            vec!["bundler"],
            vec![],
        ),
        (
            "gem install nokogiri -- --use-system-libraries",
            vec!["nokogiri"],
            vec!["nokogiri"],
        ),
        ("gem install rails --version 7.1.3", vec!["rails"], vec![]),
        ("pipx install black", vec!["black"], vec!["black"]),
        ("pipx install --python python3.12 poetry==1.8.5", vec!["poetry"], vec![]),
        ("python3 -m pipx install ruff==0.4.4", vec!["ruff"], vec![]),
        (
            "pip install --root-user-action ignore poetry==1.8.5",
            vec!["poetry"],
            vec![],
        ),
    ] {
        let s = Script::parse(script.to_owned(), SourceMap::identity(0, script.len()));
        let pc = s.installs().next();
        let names: Vec<_> = pc.iter().flat_map(|pc| &pc.packages).map(|p| p.name.as_str()).collect();
        assert_eq!(names, packages, "{script}");
        let bad: Vec<_> = pc
            .iter()
            .flat_map(|pc| pc.packages.iter().filter(|p| p.is_unpinned(pc.manager)))
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(bad, unpinned, "{script}");
    }
}

#[test]
fn pip_spellings_and_pins() {
    let text = "pip install --no-cache-dir requests==2.31 'flask>=2,<3' \"uvicorn[standard]~=0.2\" numpy -r req.txt -i https://x/simple && python3 -m pip install -U pip && pip3.11 install ./wheel.whl git+https://github.com/a/b && pip cache purge";
    let s = Script::parse(text.to_owned(), SourceMap::identity(0, text.len()));
    let first = &s.packages[0];
    assert_eq!(first.manager, Manager::Pip);
    assert!(first.skips_cache());
    let pins: Vec<_> = first
        .packages
        .iter()
        .map(|p| {
            (
                p.name.as_str(),
                p.version.as_ref().map(|v| (v.operator.as_str(), v.value.as_str())),
            )
        })
        .collect();
    assert_eq!(
        pins,
        [
            ("requests", Some(("==", "2.31"))),
            ("flask", Some((">=", "2,<3"))),
            ("uvicorn", Some(("~=", "0.2"))),
            ("numpy", None),
        ]
    );
    assert_eq!(slice(text, first.packages[2].name_range), "uvicorn");
    assert!(first.from_manifest());
    assert_eq!(
        first.option(&['r'], &["requirement"]).and_then(|o| o.value()),
        Some("req.txt")
    );
    let module = &s.packages[1];
    assert_eq!(module.manager, Manager::Pip);
    assert_eq!(
        module.packages.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
        ["pip"]
    );
    let kinds: Vec<_> = s.packages[2].packages.iter().map(|p| p.kind).collect();
    assert_eq!(kinds, [PackageKind::Path, PackageKind::Vcs]);
    assert!(s.has_cleanup(CleanupKind::PipCache));
}

#[test]
fn node_ruby_go_cargo() {
    let text = "npm install -g @angular/cli@17.1 left-pad typescript@~5 && npm ci && yarn global add serve@14 && yarn && pnpm add -D vite && gem install bundler -v 2.4.22 && gem install rails:7.1 rake && go install golang.org/x/tools/gopls@v0.14.0 && go install ./cmd/... && cargo install ripgrep --version 14.0.0 && cargo install bat@0.24 --locked";
    let s = Script::parse(text.to_owned(), SourceMap::identity(0, text.len()));
    let all: Vec<_> = s
        .packages
        .iter()
        .flat_map(|pc| {
            pc.packages.iter().map(move |p| {
                (
                    pc.manager,
                    p.name.as_str(),
                    p.version.as_ref().map(|v| (v.operator.as_str(), v.value.as_str())),
                )
            })
        })
        .collect();
    assert_eq!(
        all,
        [
            (Manager::Npm, "@angular/cli", Some(("@", "17.1"))),
            (Manager::Npm, "left-pad", None),
            (Manager::Npm, "typescript", Some(("@", "~5"))),
            (Manager::Yarn, "serve", Some(("@", "14"))),
            (Manager::Pnpm, "vite", None),
            (Manager::Gem, "bundler", Some(("-v", "2.4.22"))),
            (Manager::Gem, "rails", Some((":", "7.1"))),
            (Manager::Gem, "rake", None),
            (Manager::Go, "golang.org/x/tools/gopls", Some(("@", "v0.14.0"))),
            (Manager::Go, "./cmd/...", None),
            (Manager::Cargo, "ripgrep", Some(("--version", "14.0.0"))),
            (Manager::Cargo, "bat", Some(("@", "0.24"))),
        ]
    );
    assert_eq!(slice(text, s.packages[0].packages[0].name_range), "@angular/cli");
    let manifests: Vec<_> = s
        .packages
        .iter()
        .filter(|p| p.from_manifest())
        .map(|p| p.manager)
        .collect();
    assert_eq!(manifests, [Manager::Npm, Manager::Yarn]);
    // `gem install rails:7.1 rake`: the `-v` of the other command does not leak.
    assert!(s.installs().all(|i| i.is_non_interactive()));
}

#[test]
fn cleanups_of_each_manager() {
    for (script, kind) in [
        ("rm -rf /var/lib/apt/lists/*", CleanupKind::AptLists),
        ("rm -rf /var/lib/apt/lists", CleanupKind::AptLists),
        ("apt-get clean", CleanupKind::AptCache),
        ("rm -fr /var/cache/apk/*", CleanupKind::ApkCache),
        ("apk cache clean", CleanupKind::ApkCache),
        ("dnf clean all", CleanupKind::DnfCache),
        ("microdnf clean all", CleanupKind::DnfCache),
        ("rm -rf /var/cache/yum", CleanupKind::YumCache),
        ("rm -rf /var/cache/libdnf5*", CleanupKind::DnfCache),
        ("rm -rf /var/cache/dnf/*", CleanupKind::DnfCache),
        ("rm -rf ~/.cache/pip", CleanupKind::PipCache),
        ("rm -rf /root/.cache", CleanupKind::PipCache),
        ("npm cache clean --force", CleanupKind::NpmCache),
        ("yarn cache clean", CleanupKind::YarnCache),
        ("pnpm store prune", CleanupKind::PnpmStore),
        ("sudo rm -rf /var/lib/apt/lists/*", CleanupKind::AptLists),
    ] {
        let s = Script::parse(script.to_owned(), SourceMap::identity(0, script.len()));
        assert_eq!(
            s.cleanups.iter().map(|c| c.kind).collect::<Vec<_>>(),
            [kind],
            "{script}"
        );
    }
    let s = Script::parse("rm -rf /var/lib/apt".to_owned(), SourceMap::identity(0, 19));
    assert!(s.cleanups.is_empty());
}

#[test]
fn dependency_steps_name_their_manifests() {
    let text = "npm ci && pip install -r requirements/prod.txt && go mod download && bundle install && cargo build --release && pip install flask";
    let s = Script::parse(text.to_owned(), SourceMap::identity(0, text.len()));
    let steps: Vec<_> = s
        .dependency_steps()
        .into_iter()
        .map(|d| (d.tool, d.manifests.join(",")))
        .collect();
    assert_eq!(
        steps,
        [
            ("npm", "package.json,package-lock.json".to_owned()),
            ("pip", "requirements/prod.txt".to_owned()),
            ("go", "go.mod,go.sum".to_owned()),
            ("bundle", "Gemfile,Gemfile.lock".to_owned()),
            ("cargo", "Cargo.toml,Cargo.lock".to_owned()),
        ]
    );
}

#[test]
fn sudo_wget_curl_useradd_facts() {
    let doc = "RUN sudo apt-get install -y wget && wget -q https://x && curl -fsSL y | sh && useradd -u 100000 app\n";
    let s = run(doc);
    assert!(s.commands.iter().any(|c| c.program() == "sudo"));
    assert_eq!(s.installs().next().map(|i| i.manager), Some(Manager::AptGet));
    assert!(s.runs("wget") && s.runs("curl"));
    let wget = s.commands_running("wget").next();
    assert!(wget.is_some_and(|w| w.flag(&['q'], &["quiet", "progress"]).is_some()));
    let useradd = s.commands_running("useradd").next();
    assert_eq!(
        useradd.and_then(|u| u.flag(&['u'], &["uid"])).map(|w| w.value.as_str()),
        Some("-u")
    );
    assert!(useradd.is_some_and(|u| u.flag(&['l'], &["no-log-init"]).is_none()));
    assert_eq!(s.pipelines_without_pipefail().count(), 1);
}

#[test]
fn flag_values_in_every_spelling() {
    for script in [
        "useradd --uid=1000 app",
        "useradd --uid 1000 app",
        "useradd -u 1000 app",
        "useradd -u1000 app",
        "useradd -mu 1000 app",
        "sudo useradd -u=1000 app",
    ] {
        let s = Script::parse(script.to_owned(), SourceMap::identity(0, script.len()));
        assert_eq!(s.commands[0].flag_value(&['u'], &["uid"]), Some("1000"), "{script}");
    }
    let s = Script::parse("useradd app -- -u 1".to_owned(), SourceMap::identity(0, 19));
    assert_eq!(s.commands[0].flag_value(&['u'], &["uid"]), None);
}

// ---- Escape character, multi-byte text -----------------------------------------------------

#[test]
fn backtick_escape_keeps_backslashes_for_the_shell() {
    let doc = "# escape=`\nFROM mcr.microsoft.com/windows\nRUN apt-get install -y `\n    curl `\n    C:\\tools\\jq\n";
    let s = run_with(doc, '`');
    assert_eq!(s.text, "apt-get install -y     curl     C:\\tools\\jq");
    let install = s.installs().next();
    let slices: Vec<_> = install
        .map(|i| i.packages.iter().map(|p| slice(doc, p.name_range)).collect())
        .unwrap_or_default();
    assert_eq!(slices, ["curl", "C:\\tools\\jq"]);
    // The shell still removes the backslashes of an unquoted word.
    assert_eq!(install.map(|i| i.packages[1].name.as_str()), Some("C:toolsjq"));
}

#[test]
fn multi_byte_text_before_packages() {
    let doc = "RUN echo \"日本語 — ü\" && apt-get install -y \\\n  café=1.0 naïve\n";
    let s = run(doc);
    let install = s.installs().next();
    let slices: Vec<_> = install
        .map(|i| i.packages.iter().map(|p| slice(doc, p.name_range)).collect())
        .unwrap_or_default();
    assert_eq!(slices, ["café", "naïve"]);
    let version = install
        .and_then(|i| i.packages[0].version.as_ref())
        .map(|v| slice(doc, v.range));
    assert_eq!(version, Some("=1.0"));
    assert_eq!(slice(doc, s.commands[0].args[0].range), "\"日本語 — ü\"");
}

#[test]
fn word_split_by_a_continuation_gets_the_whole_range() {
    let doc = "RUN apt-get install -y cu\\\nrl\n";
    let s = run(doc);
    let p = s.installs().next().map(|i| i.packages[0].clone());
    assert_eq!(p.as_ref().map(|p| p.name.as_str()), Some("curl"));
    assert_eq!(
        p.map(|p| slice(doc, p.name_range).to_owned()),
        Some("cu\\\nrl".to_owned())
    );
}

#[test]
fn word_after_a_continuation_starting_with_quotes_keeps_its_range() {
    // Found by the robustness property: the name's range started before the word, on the
    // continuation that precedes it.
    let doc = "RUN apt-get install \\\n''curl=1.*\n";
    let s = run(doc);
    let p = s.installs().next().map(|i| i.packages[0].clone());
    assert_eq!(p.as_ref().map(|p| p.name.as_str()), Some("curl"));
    assert_eq!(p.as_ref().map(|p| slice(doc, p.word.range)), Some("''curl=1.*"));
    assert!(p.is_some_and(|p| p.word.range.contains_range(p.name_range)));
}

// ---- Instructions: exec form, heredocs, ONBUILD -------------------------------------------

#[test]
fn exec_form_is_one_command() {
    let doc = r#"RUN ["apt-get", "install", "-y", "curl=7.88.1"]"#;
    let elements = vec![
        model_word(doc, "\"apt-get\"", "apt-get"),
        model_word(doc, "\"install\"", "install"),
        model_word(doc, "\"-y\"", "-y"),
        model_word(doc, "\"curl=7.88.1\"", "curl=7.88.1"),
    ];
    let args = Args::Json {
        elements,
        range: TextRange::new(4, doc.len()),
    };
    let s = Script::from_instruction(doc, &instruction(InstructionKind::Run, doc, args, Vec::new()), '\\');
    let Some(s) = s else {
        panic!("no script");
    };
    assert_eq!(s.form, Form::Exec);
    assert_eq!(names(&s), ["apt-get"]);
    let p = &s.packages[0].packages[0];
    assert_eq!(slice(doc, p.name_range), "curl");
    assert_eq!(p.version.as_ref().map(|v| slice(doc, v.range)), Some("=7.88.1"));
}

#[test]
fn exec_form_sh_c_reads_the_string() {
    let doc = r#"CMD ["/bin/sh", "-ec", "apt-get update && apt-get install -y \"curl\" | tee log"]"#;
    let raw = r#""apt-get update && apt-get install -y \"curl\" | tee log""#;
    let elements = vec![
        model_word(doc, "\"/bin/sh\"", "/bin/sh"),
        model_word(doc, "\"-ec\"", "-ec"),
        model_word(doc, raw, "apt-get update && apt-get install -y \"curl\" | tee log"),
    ];
    let args = Args::Json {
        elements,
        range: TextRange::new(4, doc.len()),
    };
    let s = Script::from_instruction(doc, &instruction(InstructionKind::Cmd, doc, args, Vec::new()), '\\');
    let Some(s) = s else {
        panic!("no script");
    };
    assert_eq!(s.form, Form::ExecShell);
    assert_eq!(names(&s), ["apt-get", "apt-get", "tee"]);
    let curl = &s.packages[1].packages[0];
    assert_eq!(curl.name, "curl");
    assert_eq!(slice(doc, curl.word.range), "\\\"curl\\\"");
    assert_eq!(s.pipelines.len(), 1);
}

#[test]
fn run_lone_heredoc_runs_its_body() {
    let doc = "FROM alpine\nRUN <<EOF\nset -e\napk add --no-cache curl\nEOF\n";
    let run = instruction(
        InstructionKind::Run,
        doc,
        shell_args(doc, "<<EOF"),
        vec![heredoc(doc, "EOF", false)],
    );
    let Some(s) = Script::from_instruction(doc, &run, '\\') else {
        panic!("no script");
    };
    assert_eq!(s.form, Form::Heredoc);
    assert_eq!(s.text, "set -e\napk add --no-cache curl\n");
    assert_eq!(names(&s), ["set", "apk"]);
    let curl = &s.packages[0].packages[0];
    assert_eq!(curl.name_range, nth(doc, "curl", 0));
    assert_eq!(curl.word.line, 1);
}

#[test]
fn run_heredoc_with_tabs_stripped() {
    let doc = "RUN <<-EOT\n\tapt-get install -y \\\n\t\tjq\n\tEOT\n";
    let run = instruction(
        InstructionKind::Run,
        doc,
        shell_args(doc, "<<-EOT"),
        vec![heredoc(doc, "EOT", true)],
    );
    let Some(s) = Script::from_instruction(doc, &run, '\\') else {
        panic!("no script");
    };
    assert_eq!(s.text, "apt-get install -y \\\njq\n");
    let jq = &s.packages[0].packages[0];
    assert_eq!(jq.name_range, nth(doc, "jq", 0));
}

#[test]
fn run_heredoc_with_other_interpreter_is_not_shell() {
    let doc = "RUN <<EOF\n#!/usr/bin/env python3\nprint('hi')\nEOF\n";
    let run = instruction(
        InstructionKind::Run,
        doc,
        shell_args(doc, "<<EOF"),
        vec![heredoc(doc, "EOF", false)],
    );
    assert_eq!(Script::from_instruction(doc, &run, '\\'), None);
    let doc = "RUN <<EOF\n#!/bin/bash -e\napt-get update\nEOF\n";
    let run = instruction(
        InstructionKind::Run,
        doc,
        shell_args(doc, "<<EOF"),
        vec![heredoc(doc, "EOF", false)],
    );
    assert_eq!(
        Script::from_instruction(doc, &run, '\\').map(|s| s.commands.len()),
        Some(1)
    );
}

#[test]
fn run_command_with_heredoc_is_reconstituted() {
    let doc = "RUN cat <<EOF > /etc/apt/sources.list && apt-get update\ndeb http://x bookworm main\nEOF\n";
    let run = instruction(
        InstructionKind::Run,
        doc,
        shell_args(doc, "cat <<EOF"),
        vec![heredoc(doc, "EOF", false)],
    );
    let Some(s) = Script::from_instruction(doc, &run, '\\') else {
        panic!("no script");
    };
    assert_eq!(
        s.text,
        "cat <<EOF > /etc/apt/sources.list && apt-get update\ndeb http://x bookworm main\nEOF"
    );
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    assert_eq!(names(&s), ["cat", "apt-get"]);
    assert_eq!(s.commands[1].name.range, nth(doc, "apt-get", 0));
    assert_eq!(
        s.map.to_doc(TextRange::new(s.text.len() - 3, s.text.len())),
        nth(doc, "EOF", 1)
    );
}

#[test]
fn run_heredoc_marker_before_the_command() {
    // `RUN <<EOF python3 -u`: the heredoc comes before the command that reads it.
    let doc = "RUN <<EOF python3 -u\nimport os\nEOF\n";
    let run = instruction(
        InstructionKind::Run,
        doc,
        shell_args(doc, "<<EOF"),
        vec![heredoc(doc, "EOF", false)],
    );
    let Some(s) = Script::from_instruction(doc, &run, '\\') else {
        panic!("no script");
    };
    assert_eq!(s.text, "<<EOF python3 -u\nimport os\nEOF");
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    assert_eq!(names(&s), ["python3"]);
    assert_eq!(s.heredoc_body, None);
    assert_eq!(s.commands[0].name.range, nth(doc, "python3", 0));
    assert_eq!(slice(doc, s.commands[0].args[0].range), "-u");
    // The redirection runs from its marker to the terminator, as for `cat <<EOF`.
    assert_eq!(s.commands[0].redirects[0].range.start, nth(doc, "<<EOF", 0).start);
    assert_eq!(s.commands[0].redirects[0].operator, "<<");

    // A comment after the command would swallow the moved marker: read as written.
    let doc = "RUN <<EOF sh # run it\necho hi\nEOF\n";
    let run = instruction(
        InstructionKind::Run,
        doc,
        shell_args(doc, "<<EOF"),
        vec![heredoc(doc, "EOF", false)],
    );
    let s = Script::from_instruction(doc, &run, '\\');
    assert_eq!(s.map(|s| s.text), Some("<<EOF sh # run it\necho hi\nEOF".to_owned()));
}

#[test]
fn run_heredoc_given_to_a_shell_runs_its_body() {
    for (line, program, errexit, pipefail) in [
        ("<<EOF bash -e", "bash", true, false),
        ("<<-EOF /bin/bash -exo pipefail", "/bin/bash", true, true),
        ("sh <<EOF", "sh", false, false),
        ("bash -o errexit -o pipefail <<EOF", "bash", true, true),
        ("bash -s -- --prefix /usr <<EOF", "bash", false, false),
        ("<<'EOF' ash +e", "ash", false, false),
    ] {
        let doc = format!("RUN {line}\napt-get install -y curl\nEOF\n");
        let marker = if line.contains("<<-") {
            "<<-EOF"
        } else if line.contains('\'') {
            "<<'EOF'"
        } else {
            "<<EOF"
        };
        let mut h = heredoc(&doc, "EOF", line.contains("<<-"));
        h.marker = nth(&doc, marker, 0);
        let run = instruction(InstructionKind::Run, &doc, shell_args(&doc, line), vec![h]);
        let Some(s) = Script::from_instruction(&doc, &run, '\\') else {
            panic!("no script for {line}");
        };
        assert_eq!(s.text, "apt-get install -y curl\n", "{line}");
        assert_eq!(names(&s), ["apt-get"], "{line}");
        assert_eq!(s.packages[0].packages[0].name_range, nth(&doc, "curl", 0));
        let Some(BodyRunner::Interpreter(interpreter)) = &s.heredoc_body else {
            panic!("{line}: {:?}", s.heredoc_body);
        };
        assert_eq!(interpreter.program, program);
        assert_eq!(interpreter.sets_errexit(), errexit, "{line}");
        assert_eq!(interpreter.sets_pipefail(), pipefail, "{line}");
    }
}

#[test]
fn a_heredoc_given_to_anything_but_a_shell_is_data() {
    for line in [
        "<<EOF python3",
        "node <<EOF",
        "bash script.sh <<EOF",
        "bash -c 'cat' <<EOF",
        "sudo bash <<EOF",
        "<<EOF bash > /log",
        "<<EOF bash $OPTS",
        "busybox <<EOF",
    ] {
        let doc = format!("RUN {line}\napt-get install -y curl\nEOF\n");
        let run = instruction(
            InstructionKind::Run,
            &doc,
            shell_args(&doc, line),
            vec![heredoc(&doc, "EOF", false)],
        );
        let s = Script::from_instruction(&doc, &run, '\\');
        assert_eq!(s.as_ref().and_then(|s| s.heredoc_body.as_ref()), None, "{line}");
        assert!(s.is_some_and(|s| s.packages.is_empty()), "{line}");
    }
}

#[test]
fn a_lone_heredoc_marker_runs_its_body_with_the_shell_in_force() {
    let doc = "RUN <<EOF\necho hi\nEOF\n";
    let run = instruction(
        InstructionKind::Run,
        doc,
        shell_args(doc, "<<EOF"),
        vec![heredoc(doc, "EOF", false)],
    );
    let s = Script::from_instruction(doc, &run, '\\');
    assert_eq!(s.and_then(|s| s.heredoc_body), Some(BodyRunner::Shell));
}

#[test]
fn shell_options_are_read_up_to_the_first_operand() {
    let words = |s: &str| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
    assert!(shell_options_set(&words("-eux"), 'e', "errexit"));
    assert!(shell_options_set(&words("-o errexit"), 'e', "errexit"));
    assert!(!shell_options_set(&words("-e +e"), 'e', "errexit"));
    assert!(!shell_options_set(&words("-x script -e"), 'e', "errexit"));
    assert!(!shell_options_set(&words("-o pipefail"), 'e', "errexit"));
    assert!(shell_options_set(&words("-Eeuo pipefail"), '\0', "pipefail"));
    assert!(shell_options_set(&words("--login -e"), 'e', "errexit"));
    assert!(!shell_options_set(&words("-- -e"), 'e', "errexit"));
}

#[test]
fn commands_know_their_top_level_statement() {
    let text = "set -e\n# note\napt-get update && apt-get install -y x | tee log\nfor f in a b; do\n  rm $f\ndone; echo $(date)\n";
    let s = Script::parse(text.to_owned(), SourceMap::identity(0, text.len()));
    let statements: Vec<(&str, usize)> = s
        .commands
        .iter()
        .map(|c| (c.name.value.as_str(), c.statement))
        .collect();
    assert_eq!(
        statements,
        [
            ("set", 0),
            ("apt-get", 1),
            ("apt-get", 1),
            ("tee", 1),
            ("rm", 2),
            ("echo", 3),
            ("date", 3)
        ]
    );
}

#[test]
fn onbuild_and_healthcheck_reach_their_command() {
    let doc = "ONBUILD RUN apt-get install x\n";
    let inner = instruction(InstructionKind::Run, doc, shell_args(doc, "apt-get"), Vec::new());
    let onbuild = instruction(
        InstructionKind::Onbuild,
        doc,
        Args::Onbuild(Box::new(inner)),
        Vec::new(),
    );
    let s = Script::from_instruction(doc, &onbuild, '\\');
    assert_eq!(s.map(|s| s.packages.len()), Some(1));

    let doc = "HEALTHCHECK CMD curl -f http://localhost/ || exit 1\n";
    let cmd = Args::Healthcheck {
        cmd: Some(Box::new(shell_args(doc, "curl"))),
        keyword: Spanned::new("CMD".to_owned(), nth(doc, "CMD", 0)),
    };
    let s = Script::from_instruction(
        doc,
        &instruction(InstructionKind::Healthcheck, doc, cmd, Vec::new()),
        '\\',
    );
    assert_eq!(s.map(|s| s.commands.len()), Some(2));

    let doc = "COPY . /app\n";
    let copy = instruction(InstructionKind::Copy, doc, Args::None, Vec::new());
    assert_eq!(Script::from_instruction(doc, &copy, '\\'), None);
}

// ---- Robustness ---------------------------------------------------------------------------

mod props {
    use super::*;
    use proptest::prelude::*;

    fn shellish() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("apt-get".to_owned()),
                Just(" install ".to_owned()),
                Just("-y".to_owned()),
                Just("\\\n".to_owned()),
                Just("`\n".to_owned()),
                Just("&&".to_owned()),
                Just("|".to_owned()),
                Just(";".to_owned()),
                Just("\"".to_owned()),
                Just("'".to_owned()),
                Just("$(".to_owned()),
                Just(")".to_owned()),
                Just("<<EOF\n".to_owned()),
                Just("\n# c\n".to_owned()),
                Just("curl=1.*".to_owned()),
                Just("é日".to_owned()),
                Just("\r\n".to_owned()),
                "[ -~]{0,6}",
            ],
            0..24,
        )
        .prop_map(|parts| parts.concat())
    }

    /// The text of a range as BuildKit joins it: each line's continuation escape removed, and the
    /// blank and comment lines inside the continuation left out.
    fn joined_lines(written: &str) -> String {
        written
            .split('\n')
            .enumerate()
            .map(|(i, line)| {
                let line = line.strip_suffix('\r').unwrap_or(line);
                let line = line.strip_suffix('\\').unwrap_or(line);
                let dropped = i > 0 && (line.trim().is_empty() || line.trim_start().starts_with('#'));
                if dropped { "" } else { line }
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn any_script_reads_without_panic_and_ranges_stay_in_the_document(
            body in shellish(),
            escape in prop_oneof![Just('\\'), Just('`')],
            start in 0usize..8,
            cut in 0usize..8,
        ) {
            let doc = format!("RUN {body}");
            let end = doc.len().saturating_sub(cut);
            let s = Script::shell_form(&doc, TextRange::new(start.min(end), end), escape);
            let in_doc = |r: TextRange| r.start <= r.end && r.end <= doc.len();
            for c in &s.commands {
                prop_assert!(in_doc(c.range) && in_doc(c.name.range));
                for w in &c.args {
                    prop_assert!(in_doc(w.range));
                }
            }
            for p in &s.packages {
                for pkg in &p.packages {
                    prop_assert!(in_doc(pkg.name_range));
                    prop_assert!(pkg.word.range.contains_range(pkg.name_range));
                }
            }
            for e in &s.errors {
                prop_assert!(in_doc(e.range));
            }
        }

        #[test]
        fn a_heredoc_before_the_command_keeps_ranges_in_the_document(
            marker in prop_oneof![Just("<<EOF"), Just("<<-EOT"), Just("2<<'X'"), Just("<<\"A B\"")],
            blanks in "[ \t]{1,3}",
            body in shellish(),
        ) {
            let doc = format!("RUN {marker}{blanks}{body}");
            let s = Script::shell_form(&doc, TextRange::new(4, doc.len()), '\\');
            let in_doc = |r: TextRange| r.start <= r.end && r.end <= doc.len();
            for c in &s.commands {
                prop_assert!(in_doc(c.range) && in_doc(c.name.range));
                // A plain name is read from where it is written, line continuations aside: a name split
                // by one covers both halves, and the blank or comment lines BuildKit drops between them.
                let plain = !c.name.quoted && !c.name.value.is_empty();
                if plain && c.name.value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
                    prop_assert_eq!(joined_lines(c.name.range.slice(&doc)), c.name.value.as_str());
                }
                for w in c.args.iter().chain(c.redirects.iter().filter_map(|r| r.target.as_ref())) {
                    prop_assert!(in_doc(w.range));
                }
            }
            for e in &s.errors {
                prop_assert!(in_doc(e.range));
            }
        }

        #[test]
        fn mapped_plain_words_read_back_from_the_document(words in proptest::collection::vec("[a-z0-9][a-z0-9=.-]{0,7}", 1..6)) {
            let doc = format!("RUN apt-get install -y \\\n  {}\n", words.join(" \\\n  "));
            let s = Script::shell_form(&doc, TextRange::new(4, doc.len()), '\\');
            let install = s.installs().next();
            prop_assert!(install.is_some());
            if let Some(install) = install {
                for (p, w) in install.packages.iter().zip(&words) {
                    prop_assert_eq!(p.word.range.slice(&doc), w.as_str());
                }
            }
        }
    }
}

#[test]
fn partly_quoted_and_dynamic_packages() {
    let doc =
        "RUN apt-get install -y jenkins=\"$JENKINS_VERSION\" $buildDeps openjdk-${V}-jre \"curl\"=7.* \\\n  && true\n";
    let s = run(doc);
    let Some(install) = s.installs().next() else {
        panic!("no install");
    };
    let jenkins = &install.packages[0];
    assert_eq!(slice(doc, jenkins.name_range), "jenkins");
    assert_eq!(
        jenkins.version.as_ref().map(|v| slice(doc, v.range)),
        Some("=\"$JENKINS_VERSION\"")
    );
    assert!(!jenkins.is_dynamic());
    let dynamic: Vec<_> = install.packages.iter().map(Package::is_dynamic).collect();
    assert_eq!(dynamic, [false, true, true, false]);
    // A quote at the start: the name is only known to be somewhere in the word.
    let curl = &install.packages[3];
    assert_eq!(curl.name, "curl");
    assert_eq!(slice(doc, curl.name_range), "\"curl\"=7.*");
}

#[test]
fn a_shebang_names_its_interpreter_through_env() {
    let read = |text: &str| Interpreter::of_shebang(text).map(|i| (i.program_name().to_owned(), i.args));
    assert_eq!(read("#!/bin/bash -e\necho"), Some(("bash".into(), vec!["-e".into()])));
    assert_eq!(
        read("#!/usr/bin/env -S bash -eo pipefail\n"),
        Some(("bash".into(), vec!["-eo".into(), "pipefail".into()]))
    );
    assert_eq!(read("#!/usr/bin/env sh"), Some(("sh".into(), vec![])));
    assert_eq!(read("#!/usr/bin/env -S"), None);
    assert_eq!(read("#!"), None);
    assert_eq!(read("echo #!/bin/sh"), None);
}
