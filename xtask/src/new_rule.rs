//! `cargo run -p xtask -- new-rule <section> <id>`: the mechanical steps of adding a rule. It
//! writes `server/src/analysis/rules/<section>/<id_with_underscores>.rs` from a template, adds its
//! `mod` line and its entry in the section's sorted `RULES` list, and creates
//! `tests/fixtures/rules/<id>/` with a `fires` and a `quiet` fixture. The binary then formats the
//! two Rust files and regenerates the rule docs and the VS Code settings.
//!
//! What only the rule's author can write (the check, the summary, the docs in both languages, the
//! fixtures) is marked with [`UNFINISHED`]; a test fails while any mark is left
//! (`server/tests/rules/fixtures.rs`, `no_rule_is_left_unfinished`), and so do the fixture
//! harness (the template expects a finding the empty check never reports) and the docs test. A
//! rule made here cannot pass as done.

use std::path::{Path, PathBuf};

use dockerfile_lsp::analysis::rules::{self, DOC_SECTIONS_EN, DOC_SECTIONS_ZH, UNFINISHED};

/// The folders under `server/src/analysis/rules/`, one per section of the catalog.
pub const SECTIONS: &[&str] = &[
    "syntax",
    "semantics",
    "packages",
    "practices",
    "policy",
    "shell",
    "suppression",
];

/// What [`scaffold`] wrote, relative to the repository root.
#[derive(Debug)]
pub struct Scaffold {
    /// The rule's source file.
    pub rule: PathBuf,
    /// The section's `mod.rs`, edited.
    pub section: PathBuf,
    /// The fixture files.
    pub fixtures: Vec<PathBuf>,
}

/// The module name of a rule id: `copy-from-own-stage` → `copy_from_own_stage`.
pub fn module_name(id: &str) -> String {
    id.replace('-', "_")
}

/// Checks that `id` can name a new rule: kebab-case (lowercase ASCII words joined by single
/// hyphens, as the registry's test wants) and not already a rule id or alias.
pub fn check_id(id: &str) -> Result<(), String> {
    let kebab = !id.is_empty()
        && id
            .split('-')
            .all(|word| !word.is_empty() && word.chars().all(|c| c.is_ascii_lowercase()));
    if !kebab {
        return Err(format!(
            "`{id}` is not a rule id: use lowercase words joined by hyphens, naming the bad pattern \
             (`copy-from-own-stage`)"
        ));
    }
    if let Some(rule) = rules::find(id) {
        return Err(format!("`{id}` is already taken by the rule `{}`", rule.id));
    }
    Ok(())
}

/// Whether a line declares a submodule (`mod x;` or `pub(super) mod x;`), and which.
fn declared_module(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("mod ").or_else(|| {
        let (visibility, rest) = line.split_once(" mod ")?;
        visibility.starts_with("pub").then_some(rest)
    })?;
    let name = rest.strip_suffix(';')?;
    name.chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        .then_some(name)
}

/// `text` (a section's `mod.rs`) with `mod <module>;` added among its `mod` lines, before the
/// first one whose name sorts after it.
pub fn insert_module(text: &str, module: &str) -> Result<String, String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let declared: Vec<(usize, &str)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, line)| declared_module(line.trim_end()).map(|name| (i, name)))
        .collect();
    if declared.iter().any(|(_, name)| *name == module) {
        return Err(format!("the section already declares `mod {module};`"));
    }
    let Some(&(last, _)) = declared.last() else {
        return Err("the section's mod.rs declares no module to add the rule's next to".into());
    };
    let at = declared
        .iter()
        .find(|(_, name)| *name > module)
        .map_or(last + 1, |(i, _)| *i);
    let mut out = String::with_capacity(text.len() + module.len() + 6);
    for (i, line) in lines.iter().enumerate() {
        if i == at {
            out.push_str(&format!("mod {module};\n"));
        }
        out.push_str(line);
    }
    if at == lines.len() {
        out.push_str(&format!("mod {module};\n"));
    }
    Ok(out)
}

/// `text` (a section's `mod.rs`) with `&<module>::RULE` added to its `RULES` list, before the
/// first entry whose module sorts after it. The list is written one entry per line; rustfmt puts
/// a short one back on one line.
pub fn insert_rule(text: &str, module: &str) -> Result<String, String> {
    const HEAD: &str = "static RULES: &[&Rule] = &[";
    let start = text
        .find(HEAD)
        .map(|i| i + HEAD.len())
        .ok_or_else(|| format!("the section's mod.rs has no `{HEAD}`"))?;
    let end = text[start..]
        .find("];")
        .map(|i| start + i)
        .ok_or("the section's `RULES` list has no end (`];`)")?;
    let mut entries: Vec<&str> = Vec::new();
    for entry in text[start..end].split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let name = entry
            .strip_prefix('&')
            .and_then(|e| e.strip_suffix("::RULE"))
            .ok_or_else(|| format!("the `RULES` list has an entry this task cannot read: `{entry}`"))?;
        if name == module {
            return Err(format!("the `RULES` list already has `&{module}::RULE`"));
        }
        entries.push(name);
    }
    let at = entries.iter().position(|name| *name > module).unwrap_or(entries.len());
    entries.insert(at, module);
    let mut list = String::from("\n");
    for name in entries {
        list.push_str(&format!("    &{name}::RULE,\n"));
    }
    Ok(format!("{}{list}{}", &text[..start], &text[end..]))
}

/// The source of a new rule `id`: the `RULE` static with the defaults most rules take, an empty
/// check, and docs with every section the docs test wants, each asking for its text.
pub fn rule_source(id: &str) -> String {
    let [what, why, example, instead, safety, references] = DOC_SECTIONS_EN;
    let [zh_what, zh_why, zh_example, zh_instead, zh_safety, zh_references] = DOC_SECTIONS_ZH;
    let template = r####"//! `@ID@`: @MARK@
//! one sentence on what this rule reports (and what its fix does, if any).

use crate::analysis::diagnostic::Severity;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "@ID@",
    // The release the rule comes in: the crate's version without its patch number.
    since: "@SINCE@",
    // Error: BuildKit rejects it or the build surely fails; Warning: a likely bug or a real cost
    // (`check` fails on it by default); Info: size, speed, style; Hint: a mild suggestion.
    severity: Severity::Warning,
    // hadolint codes (`DL3006`) and BuildKit check names (`JSONArgsRecommended`) this rule
    // answers to, if any: users' suppression comments and `ignore` lists then reach it.
    aliases: &[],
    // The fixes it offers: None, Safe (fix-all applies them), Unsafe (only offered) or
    // SafeOrUnsafe (depends on the case; say which in Fix safety). The fixture harness checks it.
    fix: FixKind::None,
    default_enabled: true,
    summary: "@MARK@ one line for `rule --list` and the editor's settings, no final period",
    docs: Docs { en: EN, zh: ZH },
    check,
};

fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    // @MARK@
    // find the pattern and report it. `cx.instructions()` walks every instruction (ONBUILD
    // triggers too), `cx.model` holds the stages, directives and comments, `cx.facts` the RUN
    // scripts read as shell and their package lists. `sink.report(range, message)` returns the
    // diagnostic, to set its `fix`. Never re-parse the text.
    let _ = (cx, sink);
}

const EN: &str = r#"@WHAT@

@MARK@ what `@ID@` reports, in a sentence or two.

@WHY@

@MARK@ what goes wrong in the build or in the image, and for whom. Name the BuildKit check or
hadolint rule that says the same, if one does.

@EXAMPLE@

```dockerfile
# @MARK@ a short Dockerfile this rule reports
```

@INSTEAD@

```dockerfile
# @MARK@ the same Dockerfile written well
```

@SAFETY@

@MARK@ what the fix changes and why it is safe (or when it is not), or "There is no fix:" and why.

@REFERENCES@

- @MARK@ links: the Dockerfile reference, BuildKit's or hadolint's documentation of the check
"#;

const ZH: &str = r#"@ZH_WHAT@

@MARK@ 用一两句话说明 `@ID@` 报告什么。

@ZH_WHY@

@MARK@ 说明它会让构建或镜像出什么问题、影响谁;如果 BuildKit 或 hadolint 有相同的检查,写出它的名字。

@ZH_EXAMPLE@

```dockerfile
# @MARK@ 一个会被本规则报告的简短 Dockerfile
```

@ZH_INSTEAD@

```dockerfile
# @MARK@ 同一个 Dockerfile 的正确写法
```

@ZH_SAFETY@

@MARK@ 说明修复改了什么、为什么安全(或何时不安全);没有修复时写“没有修复:”并说明原因。

@ZH_REFERENCES@

- @MARK@ 链接:Dockerfile 参考文档、BuildKit 或 hadolint 对该检查的说明
"#;
"####;
    template
        .replace("@ID@", id)
        .replace("@SINCE@", dockerfile_lsp::analysis::rules::current_release())
        .replace("@MARK@", &format!("{UNFINISHED}:"))
        .replace("@WHAT@", what)
        .replace("@WHY@", why)
        .replace("@EXAMPLE@", example)
        .replace("@INSTEAD@", instead)
        .replace("@SAFETY@", safety)
        .replace("@REFERENCES@", references)
        .replace("@ZH_WHAT@", zh_what)
        .replace("@ZH_WHY@", zh_why)
        .replace("@ZH_EXAMPLE@", zh_example)
        .replace("@ZH_INSTEAD@", zh_instead)
        .replace("@ZH_SAFETY@", zh_safety)
        .replace("@ZH_REFERENCES@", zh_references)
}

/// The fixtures of a new rule `id`, as (file name, contents): one where it must fire, with an
/// annotation showing the format (the empty check does not report it, so the harness fails), and
/// one where it must stay quiet.
pub fn fixtures(id: &str) -> [(&'static str, String); 2] {
    let fires = format!(
        "# {UNFINISHED}: Dockerfiles where `{id}` fires. Under each line it reports goes an
# annotation like the one below: carets under the range (a `#` right before them is column 0),
# the severity, the rule id in brackets, then a colon and part of the message. Run
# `RULE_FIXTURES={id} cargo test -p dockerfile-lsp --test rules fixtures::`: the harness prints
# the annotation of every finding it did not expect, ready to paste. When the rule has a fix,
# add fires.Dockerfile.fixed, the text after its fixes (annotation lines left out).
FROM alpine:3.20
RUN echo replace this with what the rule reports
#^^ warning[{id}]
"
    );
    let quiet = format!(
        "# {UNFINISHED}: Dockerfiles close to what `{id}` reports, where it must stay quiet (no
# annotations: any finding of the rule here fails the harness).
FROM alpine:3.20
"
    );
    [("fires.Dockerfile", fires), ("quiet.Dockerfile", quiet)]
}

/// Writes the new rule `id` into `section` under the repository `root`: its source file, its
/// `mod` line and `RULES` entry, and its fixtures. Nothing is written when a check fails.
pub fn scaffold(root: &Path, section: &str, id: &str) -> Result<Scaffold, String> {
    if !SECTIONS.contains(&section) {
        return Err(format!("no section `{section}`: one of {}", SECTIONS.join(", ")));
    }
    check_id(id)?;
    let module = module_name(id);
    let section_dir = Path::new("server/src/analysis/rules").join(section);
    let rule = section_dir.join(format!("{module}.rs"));
    let mod_rs = section_dir.join("mod.rs");
    let fixture_dir = Path::new("tests/fixtures/rules").join(id);
    for path in [&rule, &fixture_dir] {
        if root.join(path).exists() {
            return Err(format!("{} exists already", path.display()));
        }
    }
    let read = |path: &Path| {
        std::fs::read_to_string(root.join(path)).map_err(|e| format!("cannot read {}: {e}", path.display()))
    };
    let edited = insert_rule(&insert_module(&read(&mod_rs)?, &module)?, &module)?;
    let write = |path: &Path, text: &str| {
        std::fs::write(root.join(path), text).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    write(&rule, &rule_source(id))?;
    write(&mod_rs, &edited)?;
    std::fs::create_dir_all(root.join(&fixture_dir))
        .map_err(|e| format!("cannot create {}: {e}", fixture_dir.display()))?;
    let mut written = Vec::new();
    for (name, text) in fixtures(id) {
        let path = fixture_dir.join(name);
        write(&path, &text)?;
        written.push(path);
    }
    Ok(Scaffold {
        rule,
        section: mod_rs,
        fixtures: written,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
    }

    fn section_text(section: &str) -> String {
        let path = repo().join("server/src/analysis/rules").join(section).join("mod.rs");
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    fn modules(text: &str) -> Vec<&str> {
        text.lines().filter_map(declared_module).collect()
    }

    fn entries(text: &str) -> Vec<String> {
        let start = text.find("static RULES").unwrap_or_default();
        let list = &text[start..];
        let list = &list[list.find("= &[").unwrap_or_default() + 4..list.find("];").unwrap_or_default()];
        list.split(',')
            .map(|e| e.trim().to_owned())
            .filter(|e| !e.is_empty())
            .collect()
    }

    #[test]
    fn ids_must_be_new_kebab_case_names() {
        assert!(check_id("copy-into-root").is_ok());
        for bad in [
            "",
            "Copy-into-root",
            "copy_into_root",
            "copy--into",
            "-copy",
            "copy-",
            "dl3006x1",
        ] {
            assert!(check_id(bad).is_err(), "{bad}");
        }
        let taken = check_id("untagged-image").expect_err("a rule has this id");
        assert!(taken.contains("already taken"), "{taken}");
        assert_eq!(module_name("copy-into-root"), "copy_into_root");
    }

    #[test]
    fn the_mod_line_goes_in_sorted_place_in_every_section() {
        for section in SECTIONS {
            let text = section_text(section);
            for module in ["aaa_first", "mmm_middle", "zzz_last"] {
                let edited = insert_module(&text, module).unwrap_or_else(|e| panic!("{section}: {e}"));
                let before = modules(&text);
                let after = modules(&edited);
                assert_eq!(after.len(), before.len() + 1, "{section}");
                let at = after.iter().position(|m| *m == module).unwrap_or_default();
                assert!(after[..at].iter().all(|m| *m < module), "{section}: {after:?}");
                assert!(after[at + 1..].iter().all(|m| *m > module), "{section}: {after:?}");
                // Nothing else changed.
                assert_eq!(edited.replacen(&format!("mod {module};\n"), "", 1), text, "{section}");
            }
            let existing = modules(&text)[0].to_owned();
            assert!(insert_module(&text, &existing).is_err(), "{section}: {existing} twice");
        }
    }

    #[test]
    fn the_rules_entry_goes_in_sorted_place_in_every_section() {
        for section in SECTIONS {
            let text = section_text(section);
            let before = entries(&text);
            for module in ["aaa_first", "mmm_middle", "zzz_last"] {
                let edited = insert_rule(&text, module).unwrap_or_else(|e| panic!("{section}: {e}"));
                let after = entries(&edited);
                let new = format!("&{module}::RULE");
                let at = after
                    .iter()
                    .position(|e| *e == new)
                    .unwrap_or_else(|| panic!("{after:?}"));
                let mut expected = before.clone();
                expected.insert(at, new.clone());
                assert_eq!(after, expected, "{section}: only the new entry is added");
                assert!(after[..at].iter().all(|e| *e < new), "{section}: {after:?}");
                assert!(after[at + 1..].iter().all(|e| *e > new), "{section}: {after:?}");
                let (head, _) = text.split_at(text.find("static RULES").unwrap_or_default());
                assert!(edited.starts_with(head), "{section}: the text before the list is kept");
                assert!(
                    edited.ends_with(&text[text.find("];").unwrap_or_default()..]),
                    "{section}: the text after the list is kept"
                );
            }
            let existing = before[0].trim_start_matches('&').trim_end_matches("::RULE").to_owned();
            assert!(insert_rule(&text, &existing).is_err(), "{section}: {existing} twice");
        }
    }

    #[test]
    fn a_list_on_one_line_is_read_too() {
        let text = "mod a;\nmod c;\n\npub(super) static RULES: &[&Rule] = &[&a::RULE, &c::RULE];\n";
        let edited = insert_rule(&insert_module(text, "b").unwrap_or_default(), "b").unwrap_or_default();
        assert_eq!(
            edited,
            "mod a;\nmod b;\nmod c;\n\npub(super) static RULES: &[&Rule] = &[\n    &a::RULE,\n    &b::RULE,\n    \
             &c::RULE,\n];\n"
        );
        assert!(insert_rule("static RULES: &[&Rule] = &[&a::RULE, other()];", "b").is_err());
    }

    #[test]
    fn the_template_has_every_docs_section_and_marks_what_is_left_to_write() {
        let source = rule_source("copy-into-root");
        assert!(source.contains("id: \"copy-into-root\","), "{source}");
        for section in DOC_SECTIONS_EN.iter().chain(&DOC_SECTIONS_ZH) {
            assert_eq!(source.matches(&format!("{section}\n")).count(), 1, "{section}");
        }
        // The summary, the check and every section of both languages ask for their text.
        assert!(source.contains(&format!("summary: \"{UNFINISHED}:")), "{source}");
        assert!(
            source.contains(&format!("    // {UNFINISHED}:\n    // find the pattern")),
            "{source}"
        );
        assert!(
            source.matches(UNFINISHED).count() >= 2 + 2 * DOC_SECTIONS_EN.len(),
            "{source}"
        );
        assert!(!source.contains('@'), "every placeholder is filled: {source}");
        for (name, text) in fixtures("copy-into-root") {
            assert!(text.starts_with(&format!("# {UNFINISHED}:")), "{name}");
            assert!(text.contains("FROM alpine:3.20\n"), "{name}");
        }
        assert!(
            fixtures("copy-into-root")[0]
                .1
                .contains("\n#^^ warning[copy-into-root]\n")
        );
    }

    #[test]
    fn scaffold_writes_the_rule_its_registration_and_fixtures() {
        let root = std::env::temp_dir().join(format!("xtask-new-rule-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let section_dir = root.join("server/src/analysis/rules/practices");
        std::fs::create_dir_all(&section_dir).unwrap_or_default();
        std::fs::create_dir_all(root.join("tests/fixtures/rules")).unwrap_or_default();
        std::fs::write(section_dir.join("mod.rs"), section_text("practices")).unwrap_or_default();

        let made = scaffold(&root, "practices", "copy-into-root").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            made.rule,
            Path::new("server/src/analysis/rules/practices/copy_into_root.rs")
        );
        let read = |p: &Path| std::fs::read_to_string(root.join(p)).unwrap_or_default();
        assert_eq!(read(&made.rule), rule_source("copy-into-root"));
        let mod_rs = read(&made.section);
        assert!(mod_rs.contains("\nmod copy_into_root;\n"), "{mod_rs}");
        assert!(mod_rs.contains("\n    &copy_into_root::RULE,\n"), "{mod_rs}");
        assert_eq!(made.fixtures.len(), 2);
        for path in &made.fixtures {
            assert!(read(path).contains(UNFINISHED), "{}", path.display());
        }

        // A second run and an unknown section write nothing.
        let again = scaffold(&root, "practices", "copy-into-root").expect_err("the rule exists");
        assert!(again.contains("exists already"), "{again}");
        let nowhere = scaffold(&root, "nowhere", "other-rule").expect_err("no such section");
        assert!(nowhere.contains("no section"), "{nowhere}");
        assert_eq!(read(&made.section), mod_rs);
        let _ = std::fs::remove_dir_all(&root);
    }
}
