//! The model on our own fixtures (`tests/fixtures/model/*.Dockerfile`): heredocs, a Windows
//! file with `` # escape=` ``, CRLF continuations, comments and blank lines inside continuations,
//! every instruction in lower case, ONBUILD triggers, directives, stages and broken instructions.
//! Each test states the facts the model must hold for its fixture.

use std::fs;
use std::path::PathBuf;

use dockerfile_lsp::analysis::model::{
    self, Args, Base, DirectiveKind, Instruction, InstructionKind, Model, Problem, rule,
};
use dockerfile_lsp::syntax::TextRange;

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/model")
        .join(name);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn dump_lines(model: &Model) -> Vec<String> {
    model
        .instructions
        .iter()
        .map(|i| format!("({})", model::dump_instruction(i)))
        .collect()
}

fn slice(text: &str, range: TextRange) -> &str {
    &text[range.start..range.end]
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

fn errors(model: &Model) -> Vec<&Problem> {
    model.problems.iter().filter(|p| p.fatal).collect()
}

fn words(ins: &Instruction) -> Vec<&str> {
    match &ins.args {
        Args::Words(w) => w.iter().map(|w| w.value.as_str()).collect(),
        Args::Json { elements, .. } => elements.iter().map(|w| w.value.as_str()).collect(),
        _ => Vec::new(),
    }
}

#[test]
fn heredocs() {
    let text = fixture("heredocs.Dockerfile");
    let m = model::parse(&text);
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    let kinds: Vec<InstructionKind> = m.instructions.iter().map(|i| i.kind).collect();
    use InstructionKind::*;
    assert_eq!(kinds, [From, Run, Copy, Copy, Run, Run, Cmd]);

    // Two heredocs in one RUN: plain, then `<<-` with a quoted delimiter.
    let run = &m.instructions[1];
    assert_eq!(run.heredocs.len(), 2);
    let (a, b) = (&run.heredocs[0], &run.heredocs[1]);
    assert_eq!((a.name.value.as_str(), a.strip_tabs, a.quoted), ("EOF1", false, false));
    assert_eq!(a.content, "set -eu\necho \"first $HOME\"\n");
    assert_eq!(slice(&text, a.marker), "<<EOF1");
    assert_eq!(a.end.map(|e| slice(&text, e)), Some("EOF1"));
    assert_eq!((b.name.value.as_str(), b.strip_tabs, b.quoted), ("EOF2", true, true));
    assert_eq!(slice(&text, b.name.range), "\"EOF2\"");
    assert_eq!(b.content, "welcome\nto the image\n");
    assert_eq!(slice(&text, b.body), "\twelcome\n\t\tto the image\n");
    assert_eq!(b.end.map(|e| slice(&text, e)), Some("\tEOF2"));
    assert_eq!((line_of(&text, run.range.start), line_of(&text, run.range.end)), (3, 9));
    // RUN is expanded by the shell, not by BuildKit.
    assert!(run.vars.is_empty());
    assert_eq!(dump_lines(&m)[1], r#"(run "<<EOF1 sh && cat <<-\"EOF2\" > /etc/motd")"#);

    // COPY <<EOF: the body is a source file, expanded by BuildKit.
    let copy = &m.instructions[2];
    assert_eq!(words(copy), ["<<EOF", "/app/config.ini"]);
    assert_eq!(copy.heredocs[0].content, "[app]\nhome=$HOME\n");
    let vars: Vec<&str> = copy.vars.iter().map(|v| slice(&text, v.range)).collect();
    assert_eq!(vars, ["$HOME"]);

    // Two heredocs in one COPY; only the unquoted one is expanded.
    let copy2 = &m.instructions[3];
    assert_eq!(
        copy2
            .flag("chmod")
            .and_then(|f| f.value.as_ref())
            .map(|v| v.value.as_str()),
        Some("755")
    );
    let names: Vec<(&str, bool)> = copy2
        .heredocs
        .iter()
        .map(|h| (h.name.value.as_str(), h.quoted))
        .collect();
    assert_eq!(names, [("SCRIPT", true), ("EOF2", false)]);
    assert_eq!(copy2.heredocs[0].content, "#!/bin/sh\necho \"$1\"\n");
    assert_eq!(copy2.heredocs[1].content, "no terminator match: EOF2x\n");
    assert!(copy2.vars.is_empty(), "{:?}", copy2.vars);

    // Quoted `<<` and `<<<` are no heredocs; JSON form never has heredocs.
    assert!(m.instructions[4].heredocs.is_empty());
    assert!(m.instructions[5].heredocs.is_empty());
    assert!(matches!(m.instructions[5].args, Args::Json { .. }));
}

#[test]
fn windows_escape() {
    let text = fixture("windows-escape.Dockerfile");
    let m = model::parse(&text);
    assert_eq!(m.escape, '`');
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    assert_eq!(m.directives.len(), 1);
    assert_eq!(m.directives[0].kind, DirectiveKind::Escape);
    let dump = dump_lines(&m);
    assert_eq!(
        dump,
        [
            r#"(from "mcr.microsoft.com/windows/servercore:ltsc2022")"#,
            r#"(shell "powershell" "-Command")"#,
            r#"(env "APP_HOME" "C:\\app" "=" "LOG_DIR" "\"C:\\logs dir\"" "=")"#,
            r#"(workdir "C:\\app")"#,
            r#"(copy ["--from=builder"] "C:\\build\\out\\" "C:\\app\\")"#,
            r#"(run "Write-Host       'line one' ;     Write-Host \"path C:\\temp\\\"")"#,
            r#"(arg "VERSION=1.0")"#,
            r#"(run "echo `$VERSION $VERSION")"#,
        ]
    );
    let Args::KeyValues(env) = &m.instructions[2].args else {
        panic!("ENV has key-value pairs")
    };
    assert_eq!(env[1].value.as_ref().map(|v| v.value.as_str()), Some("C:\\logs dir"));
    assert_eq!(words(&m.instructions[3]), ["C:\\app"]);
    assert_eq!(words(&m.instructions[4]), ["C:\\build\\out\\", "C:\\app\\"]);
    // Backslashes before the line end are not continuations in this file.
    assert_eq!(line_of(&text, m.instructions[4].range.end), 8);
    assert_eq!(
        (
            line_of(&text, m.instructions[5].range.start),
            line_of(&text, m.instructions[5].range.end)
        ),
        (9, 11)
    );
}

#[test]
fn crlf_with_continuations() {
    let text = fixture("crlf.Dockerfile");
    assert!(text.contains("\r\n"), "the fixture must keep its CRLF line ends");
    let m = model::parse(&text);
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    assert_eq!(
        dump_lines(&m),
        [
            r#"(from "alpine")"#,
            r#"(run "apk add --no-cache       curl       git")"#,
            r#"(env "A" "1" "=" "B" "\"two words\"" "=")"#,
            r#"(run "<<EOF")"#,
            r#"(cmd "sh")"#,
        ]
    );
    // The blank line (CRLF included) inside the RUN.
    assert_eq!(m.empty_continuation_lines.len(), 1);
    assert_eq!(slice(&text, m.empty_continuation_lines[0]), "\r\n");
    for ins in &m.instructions {
        assert!(!slice(&text, ins.range).ends_with('\r'), "{:?}", ins.keyword);
    }
    let heredoc = &m.instructions[3].heredocs[0];
    assert_eq!(heredoc.content, "echo hi\r\n");
    assert_eq!(heredoc.end.map(|e| slice(&text, e)), Some("EOF"));
}

#[test]
fn comments_and_blank_lines_inside_continuations() {
    let text = fixture("continuation-comments.Dockerfile");
    let m = model::parse(&text);
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    assert_eq!(
        dump_lines(&m),
        [
            r#"(from "debian:bookworm-slim")"#,
            r#"(run "apt-get update     && apt-get install -y         curl         ca-certificates     && rm -rf /var/lib/apt/lists/*")"#,
            r#"(env "A" "1" "=" "B" "2" "=")"#,
            r#"(label "a" "b" "=")"#,
        ]
    );
    let blank_lines: Vec<usize> = m
        .empty_continuation_lines
        .iter()
        .map(|r| line_of(&text, r.start))
        .collect();
    assert_eq!(blank_lines, [5, 8]);
    let comments: Vec<(usize, &str)> = m
        .comments
        .iter()
        .map(|c| (line_of(&text, c.range.start), c.text.as_str()))
        .collect();
    assert_eq!(
        comments,
        [
            (3, "the package list"),
            (7, "comment with spaces before the hash"),
            (14, "trailing comment as last line after a continuation"),
        ]
    );
    let run = &m.instructions[1];
    assert_eq!(
        (line_of(&text, run.range.start), line_of(&text, run.range.end)),
        (2, 10)
    );
    assert!(!run.original.contains('#'));
    // The LABEL's continuation ends at the file's end, after a comment line.
    let label = &m.instructions[3];
    assert_eq!(line_of(&text, label.range.end), 13);
}

#[test]
fn every_instruction_in_lower_case() {
    let text = fixture("lowercase.Dockerfile");
    let m = model::parse(&text);
    assert!(errors(&m).is_empty(), "{:?}", m.problems);
    let mut kinds: Vec<InstructionKind> = m.instructions.iter().map(|i| i.kind).collect();
    kinds.sort();
    kinds.dedup();
    assert_eq!(kinds, InstructionKind::ALL);
    assert!(
        m.instructions
            .iter()
            .all(|i| i.keyword.value == i.keyword.value.to_lowercase())
    );
    assert_eq!(m.stages.len(), 1);
    assert_eq!(m.stages[0].name.as_ref().map(|n| n.value.as_str()), Some("build"));
    let Base::Image { resolved, image, .. } = &m.stages[0].base else {
        panic!("image base")
    };
    assert_eq!(resolved, "alpine:3.20");
    assert_eq!(
        image.as_ref().and_then(|i| i.tag.as_ref()).map(|t| t.value.as_str()),
        Some("3.20")
    );
    let health = m.instructions.iter().find(|i| i.kind == InstructionKind::Healthcheck);
    let Some(Args::Healthcheck { keyword, cmd }) = health.map(|h| &h.args) else {
        panic!("healthcheck")
    };
    assert_eq!(keyword.value, "cmd");
    assert!(matches!(cmd.as_deref(), Some(Args::Shell { text, .. }) if text == "curl -f http://localhost/ || exit 1"));
    let onbuild = m.instructions.iter().find(|i| i.kind == InstructionKind::Onbuild);
    assert!(matches!(onbuild.map(|o| &o.args), Some(Args::Onbuild(t)) if t.kind == InstructionKind::Run));
}

#[test]
fn onbuild_triggers() {
    let text = fixture("onbuild.Dockerfile");
    let m = model::parse(&text);
    assert_eq!(
        dump_lines(&m),
        [
            r#"(from "alpine")"#,
            r#"(onbuild (copy ["--from=deps" "--link"] "/deps" "/deps"))"#,
            r#"(onbuild (run "make" "install"))"#,
            r#"(onbuild (env "PATH" "/opt/bin:$PATH" "="))"#,
            r#"(onbuild (run "<<EOF"))"#,
            "(onbuild)",
        ]
    );
    let trigger = |i: usize| match &m.instructions[i].args {
        Args::Onbuild(t) => t.as_ref().clone(),
        other => panic!("not a trigger: {other:?}"),
    };
    let copy = trigger(1);
    assert_eq!(copy.flags.len(), 2);
    assert!(copy.flag("link").is_some_and(|f| f.value.is_none()));
    assert_eq!(slice(&text, copy.keyword.range), "COPY");
    // The trigger's variables belong to the trigger (expanded in the child build).
    let env = trigger(3);
    assert_eq!(
        env.vars.iter().map(|v| v.name.value.as_str()).collect::<Vec<_>>(),
        ["PATH"]
    );
    assert!(m.instructions[3].vars.is_empty());
    // A heredoc in a trigger belongs to both.
    let run = trigger(4);
    assert_eq!(run.heredocs.len(), 1);
    assert_eq!(m.instructions[4].heredocs[0].content, "echo triggered\n");
    assert_eq!(line_of(&text, m.instructions[4].range.end), 7);
    let problems: Vec<(&str, usize)> = m
        .problems
        .iter()
        .map(|p| (p.rule, line_of(&text, p.range.start)))
        .collect();
    assert_eq!(problems, [(rule::MISSING_ARGUMENTS, 8)]);
}

#[test]
fn directives() {
    let text = fixture("directives.Dockerfile");
    let m = model::parse(&text);
    let ds: Vec<(DirectiveKind, &str, &str)> = m
        .directives
        .iter()
        .map(|d| (d.kind, d.name.value.as_str(), d.value.value.as_str()))
        .collect();
    assert_eq!(
        ds,
        [
            (DirectiveKind::Syntax, "Syntax", "docker/dockerfile:1.7"),
            (DirectiveKind::Check, "check", "skip=JSONArgsRecommended;error=true"),
            (DirectiveKind::Escape, "ESCAPE", "\\"),
        ]
    );
    assert_eq!(m.escape, '\\');
    let check = model::CheckOptions::parse(&m.directives[1].value.value);
    assert!(check.is_ok_and(|c| c.error && c.skip == ["JSONArgsRecommended"]));
    // After the blank line, directives are plain comments.
    let misplaced: Vec<usize> = m
        .problems
        .iter()
        .filter(|p| p.rule == rule::MISPLACED_PARSER_DIRECTIVE)
        .map(|p| line_of(&text, p.range.start))
        .collect();
    assert_eq!(misplaced, [5, 7]);
    assert!(m.problems.iter().all(|p| !p.fatal));
    assert_eq!(m.comments.len(), 2);
}

#[test]
fn invalid_directives() {
    let m = model::parse("# escape=x\n# escape=`\n# check=skip\nFROM a\n");
    let found: Vec<(&str, bool)> = m.problems.iter().map(|p| (p.rule, p.fatal)).collect();
    assert_eq!(found, [(rule::INVALID_PARSER_DIRECTIVE, true); 3]);
    // The invalid value is ignored and the duplicate is not honoured.
    assert_eq!(m.escape, '\\');
    let m = model::parse("# escape=`\n# ESCAPE=\\\nFROM a\n");
    assert_eq!(m.escape, '`');
    assert!(m.problems[0].message.contains("Only one `escape`"));
}

#[test]
fn stages() {
    let text = fixture("stages.Dockerfile");
    let m = model::parse(&text);
    assert!(errors(&m).is_empty(), "{:?}", m.problems);
    assert_eq!(m.stages.len(), 6);
    let s0 = &m.stages[0];
    assert_eq!(s0.name.as_ref().map(|n| n.value.as_str()), Some("Builder"));
    assert_eq!(s0.instructions, 3..5);
    let Base::Image {
        written,
        resolved,
        image,
    } = &s0.base
    else {
        panic!("image")
    };
    assert_eq!(written.raw, "${REGISTRY}/tools/go:${TAG}-alpine");
    assert_eq!(resolved, "registry.example.com:5000/tools/go:1.2-alpine");
    let image = image.as_ref().map(|i| {
        (
            i.registry.as_ref().map(|r| r.value.as_str()),
            i.repository.value.as_str(),
            i.tag.as_ref().map(|t| t.value.as_str()),
            i.repository.range,
        )
    });
    // Written through variables: the parts point at the whole written reference.
    assert_eq!(
        image,
        Some((
            Some("registry.example.com:5000"),
            "tools/go",
            Some("1.2-alpine"),
            written.range
        ))
    );
    let from = &m.instructions[s0.from];
    let vars: Vec<&str> = from.vars.iter().map(|v| v.name.value.as_str()).collect();
    assert_eq!(vars, ["BUILDPLATFORM", "REGISTRY", "TAG"]);
    assert_eq!(
        from.flag("platform")
            .and_then(|f| f.value.as_ref())
            .map(|v| v.value.as_str()),
        Some("$BUILDPLATFORM")
    );

    assert_eq!(m.stages[1].base, Base::Scratch);
    // Stage names match case-insensitively.
    assert_eq!(m.stages[2].base, Base::Stage(0));
    let Base::Image {
        image: Some(distroless),
        ..
    } = &m.stages[3].base
    else {
        panic!("image")
    };
    assert_eq!(
        distroless.registry.as_ref().map(|r| slice(&text, r.range)),
        Some("gcr.io")
    );
    assert_eq!(slice(&text, distroless.repository.range), "distroless/static");
    assert_eq!(
        distroless.digest.as_ref().map(|d| slice(&text, d.range)),
        Some("sha256:abcdef")
    );
    // An ARG without default leaves the reference unresolved; a `:-` default resolves it.
    let Base::Image { image, resolved, .. } = &m.stages[4].base else {
        panic!("image")
    };
    assert_eq!((image, resolved.as_str()), (&None, "ubuntu:"));
    let Base::Image { image, resolved, .. } = &m.stages[5].base else {
        panic!("image")
    };
    assert_eq!(resolved, "debian:bookworm");
    assert_eq!(image.as_ref().map(|i| i.repository.value.as_str()), Some("debian"));
}

#[test]
fn unterminated_heredoc() {
    let text = fixture("unterminated-heredoc.Dockerfile");
    let m = model::parse(&text);
    // As in BuildKit, the rest of the file is the body.
    assert_eq!(m.instructions.len(), 2);
    let run = &m.instructions[1];
    assert_eq!(run.heredocs[0].end, None);
    assert_eq!(
        run.heredocs[0].content,
        "this body never ends\nCMD [\"never\", \"an\", \"instruction\"]\n"
    );
    let problems: Vec<(&str, &str)> = m.problems.iter().map(|p| (p.rule, slice(&text, p.range))).collect();
    assert_eq!(problems, [(rule::SYNTAX_ERROR, "<<EOF")]);
}

#[test]
fn broken_instructions_hide_nothing() {
    let text = fixture("problems.Dockerfile");
    let m = model::parse(&text);
    let found: Vec<(usize, &str, bool)> = m
        .problems
        .iter()
        .map(|p| (line_of(&text, p.range.start), p.rule, p.fatal))
        .collect();
    assert_eq!(
        found,
        [
            (1, rule::MISSING_ARGUMENTS, true),
            (2, rule::MISSING_ARGUMENTS, true),
            (3, rule::SYNTAX_ERROR, true),
            (4, rule::SYNTAX_ERROR, true),
            (5, rule::MISSING_ARGUMENTS, true),
            (6, rule::MISSING_ARGUMENTS, true),
            (7, rule::INVALID_JSON_FORM, true),
            (8, rule::INVALID_JSON_FORM, false),
            (9, rule::SHELL_REQUIRES_JSON, true),
            (10, rule::MISSING_ARGUMENTS, true),
            (11, rule::SYNTAX_ERROR, true),
            (12, rule::SYNTAX_ERROR, true),
            (13, rule::SYNTAX_ERROR, true),
            (15, rule::SYNTAX_ERROR, true),
        ]
    );
    let message = |line: usize| {
        m.problems
            .iter()
            .find(|p| line_of(&text, p.range.start) == line)
            .map(|p| p.message.as_str())
    };
    assert_eq!(message(2), Some("`ENV` must have two arguments"));
    assert_eq!(message(3), Some("`ENV` names can not be blank"));
    assert_eq!(slice(&text, m.problems[3].range), "b");
    assert_eq!(slice(&text, m.problems[12].range), "1x");
    // Every line still became an instruction.
    assert_eq!(m.instructions.len(), 16);
    // `-from=build` is BuildKit's first source, and a one-dash flag for us.
    let copy = &m.instructions[13];
    assert_eq!(words(copy), ["-from=build", "/a", "/b"]);
    assert!(copy.flag("from").is_none());
    let typo = copy.flags.iter().find(|f| f.name.value == "from");
    assert!(typo.is_some_and(|f| f.dashes == 1 && slice(&text, f.range) == "-from=build"));
    assert_eq!(model::dump_instruction(copy), r#"copy "-from=build" "/a" "/b""#);
}
