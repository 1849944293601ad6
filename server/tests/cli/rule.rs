//! `dockerfile-lsp rule`: a rule's documentation by id or alias, in English or Chinese, and the
//! list of every rule, through the real binary.

use std::process::Output;

use dockerfile_lsp::analysis::rules;

fn rule(args: &[&str]) -> Output {
    crate::common::bin()
        .arg("rule")
        .args(args)
        .output()
        .expect("the dockerfile-lsp binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

#[test]
fn by_id_and_by_alias_in_both_languages() {
    let Some(untagged) = rules::find("untagged-image") else {
        return eprintln!("note: `untagged-image` is not registered yet; nothing to show");
    };
    for name in std::iter::once(untagged.id).chain(untagged.aliases.iter().copied()) {
        let out = rule(&[name]);
        assert!(out.status.success(), "{name}: {out:?}");
        let text = stdout(&out);
        assert!(text.starts_with("# untagged-image\n"), "{name}: {text}");
        assert!(text.contains(untagged.docs.en.trim()), "{name}");
        assert!(text.contains("- Default severity: warning"), "{text}");
    }
    let zh = stdout(&rule(&["untagged-image", "--lang", "zh"]));
    assert!(
        zh.contains(untagged.docs.zh.trim()) && zh.contains("默认严重性"),
        "{zh}"
    );
    let lower = stdout(&rule(&["dl3006"]));
    assert!(
        lower.starts_with("# untagged-image\n"),
        "aliases are case-insensitive: {lower}"
    );
}

#[test]
fn unknown_rule_is_a_usage_error() {
    let out = rule(&["no-such-rule"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("`no-such-rule`") && err.contains("--list"), "{err}");
    assert_eq!(rule(&[]).status.code(), Some(2), "an id or --list is required");
}

#[test]
fn list_has_every_rule_with_its_facts() {
    let out = rule(&["--list"]);
    assert!(out.status.success(), "{out:?}");
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), rules::ALL.len() + 1, "{text}");
    assert!(lines[0].starts_with("ID") && lines[0].contains("ALIASES"));
    for (line, rule) in lines[1..].iter().zip(rules::ALL.iter()) {
        let cells: Vec<&str> = line.split("  ").map(str::trim).filter(|c| !c.is_empty()).collect();
        assert_eq!(cells[0], rule.id, "{line}");
        assert!(cells[1].starts_with(rule.severity.as_str()), "{line}");
        let aliases = if rule.aliases.is_empty() {
            "-".to_owned()
        } else {
            rule.aliases.join(",")
        };
        assert_eq!(cells[2], aliases, "{line}");
        assert!(
            ["none", "safe", "unsafe", "safe-or-unsafe"].contains(&cells[3]),
            "{line}"
        );
        assert_eq!(cells[3], rule.fix.name(), "{line}");
        assert!(line.ends_with(rule.summary), "{line}");
    }
}

#[test]
fn a_rule_whose_fixes_are_safe_or_unsafe_says_so_in_both_languages() {
    let en = stdout(&rule(&["consecutive-run"]));
    assert!(
        en.contains("- Fix: safe-or-unsafe (safe in some cases, unsafe in others: see Fix safety)\n"),
        "{en}"
    );
    let zh = stdout(&rule(&["DL3059", "--lang", "zh"]));
    assert!(
        zh.contains("- 修复: 视情况安全或不安全,见“修复安全性” (safe-or-unsafe)\n"),
        "{zh}"
    );
    let safe = stdout(&rule(&["from-as-casing"]));
    assert!(safe.contains("- Fix: safe\n"), "{safe}");
}
