//! `check --format sarif`: SARIF 2.1.0, the format code-scanning services read. One run, with
//! every rule described in `tool.driver.rules` (summary, the first paragraph of its docs, the
//! whole docs as help text and Markdown, default level, aliases, the kind of fix it offers) and
//! one result per finding, each with its region in characters and the fix it carries.

use ropey::Rope;
use serde_json::{Value, json};

use crate::analysis::diagnostic::{Diagnostic, Severity};
use crate::analysis::rules::{self, Rule};
use crate::cli::finding::{Span, span};

pub const SCHEMA: &str = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
pub const INFORMATION_URI: &str = env!("CARGO_PKG_REPOSITORY");

/// The findings of one checked file.
pub struct FileFindings<'a> {
    /// As the user named it (relative or absolute), or `<stdin>`.
    pub name: &'a str,
    pub rope: &'a Rope,
    pub diagnostics: &'a [Diagnostic],
}

/// SARIF has four levels; info and hint both become `note`.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

/// `untagged-image` → `UntaggedImage`, the PascalCase name GUIDE.md gives rule types.
fn pascal_case(id: &str) -> String {
    id.split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// The first paragraph of the docs' "What it does" section, joined onto one line.
fn first_paragraph(docs: &str) -> String {
    let body = docs
        .split_once("## What it does")
        .map_or(docs, |(_, rest)| rest)
        .trim_start();
    let paragraph = body.split("\n\n").next().unwrap_or("");
    paragraph.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn descriptor(rule: &Rule) -> Value {
    let docs = rule.docs.en.trim();
    let mut descriptor = json!({
        "id": rule.id,
        "name": pascal_case(&rule.id.replace('/', "-")),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": first_paragraph(docs)},
        "help": {"text": docs, "markdown": docs},
        "defaultConfiguration": {
            "enabled": rule.default_enabled,
            "level": level(rule.severity),
        },
        "properties": {"aliases": rule.aliases, "fix": rule.fix.name(), "since": rule.since},
    });
    // A custom rule's documentation is its configuration; ours have a page each.
    if !rule.is_custom() {
        descriptor["helpUri"] = json!(format!("{INFORMATION_URI}/blob/main/docs/rules/{}.md", rule.id));
    }
    descriptor
}

/// A file name as a URI reference: relative paths stay relative (with `/` separators and
/// percent-encoding where URIs need it), absolute ones become `file://` URIs.
pub fn uri(name: &str) -> String {
    let path = name.replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    let absolute = path.starts_with('/') || path.as_bytes().get(1) == Some(&b':');
    if absolute {
        out.push_str(if path.starts_with('/') { "file://" } else { "file:///" });
    }
    for b in path.bytes() {
        let keep = b.is_ascii_alphanumeric() || b"-._~/".contains(&b) || (absolute && b == b':');
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn region(span: Span) -> Value {
    json!({
        "startLine": span.start.line,
        "startColumn": span.start.column,
        "endLine": span.end.line,
        "endColumn": span.end.column,
    })
}

fn result(file: &FileFindings<'_>, d: &Diagnostic, rule_index: Option<usize>) -> Value {
    let uri = uri(&super::finding::report_path(file.name, None));
    let mut result = json!({
        "ruleId": d.rule,
        "level": level(d.severity),
        "message": {"text": d.message},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": uri},
                "region": region(span(file.rope, d.range)),
            }
        }],
    });
    if let Some(index) = rule_index {
        result["ruleIndex"] = json!(index);
    }
    if !d.related.is_empty() {
        // SARIF's secondary locations: each place of a grouped finding, with its own message.
        let related: Vec<Value> = d
            .related
            .iter()
            .enumerate()
            .map(|(id, r)| {
                json!({
                    "id": id,
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri},
                        "region": region(span(file.rope, r.range)),
                    },
                    "message": {"text": r.message},
                })
            })
            .collect();
        result["relatedLocations"] = json!(related);
    }
    if let Some(code) = d.code {
        result["properties"] = json!({"code": code});
    }
    if let Some(fix) = d
        .fix
        .as_ref()
        .filter(|f| !f.edits.is_empty() || !f.new_files.is_empty())
    {
        let mut changes = Vec::new();
        if !fix.edits.is_empty() {
            let replacements: Vec<Value> = fix
                .edits
                .iter()
                .map(|e| {
                    json!({
                        "deletedRegion": region(span(file.rope, e.range)),
                        "insertedContent": {"text": e.new_text},
                    })
                })
                .collect();
            changes.push(json!({"artifactLocation": {"uri": uri}, "replacements": replacements}));
        }
        for new_file in &fix.new_files {
            // A file the fix creates, relative to the Dockerfile's folder: its whole contents
            // inserted at its start.
            let dir = file.name.rsplit_once(['/', '\\']).map_or("", |(dir, _)| dir);
            let path = if dir.is_empty() {
                new_file.path.clone()
            } else {
                format!("{dir}/{}", new_file.path)
            };
            changes.push(json!({
                "artifactLocation": {"uri": self::uri(&path)},
                "replacements": [{
                    "deletedRegion": {"charOffset": 0, "charLength": 0},
                    "insertedContent": {"text": new_file.contents},
                }],
            }));
        }
        result["fixes"] = json!([{
            "description": {"text": fix.title},
            "artifactChanges": changes,
            "properties": {"applicability": match fix.applicability {
                crate::analysis::diagnostic::Applicability::Safe => "safe",
                crate::analysis::diagnostic::Applicability::Unsafe => "unsafe",
            }},
        }]);
    }
    result
}

/// Writes the log to standard output.
/// Writes the log; `custom` are the custom rules of the configurations the files were checked
/// with, described after ours.
pub fn write(files: &[FileFindings<'_>], custom: &[&'static Rule]) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    serde_json::to_writer_pretty(&mut out, &log(files, custom))?;
    writeln!(out)?;
    out.flush()
}

/// The SARIF log of one `check` run.
pub fn log(files: &[FileFindings<'_>], custom: &[&'static Rule]) -> Value {
    let mut rules: Vec<&Rule> = rules::ALL.to_vec();
    for rule in custom {
        if !rules.iter().any(|r| r.id == rule.id) {
            rules.push(rule);
        }
    }
    let rules = &rules;
    let results: Vec<Value> = files
        .iter()
        .flat_map(|file| {
            file.diagnostics
                .iter()
                .map(move |d| result(file, d, rules.iter().position(|r| r.id == d.rule)))
        })
        .collect();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": env!("CARGO_PKG_NAME"),
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": INFORMATION_URI,
                    "rules": rules.iter().map(|r| descriptor(r)).collect::<Vec<_>>(),
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(pascal_case("untagged-image"), "UntaggedImage");
        assert_eq!(uri("services/api/Dockerfile"), "services/api/Dockerfile");
        assert_eq!(uri("my dir/Dockerfile#1"), "my%20dir/Dockerfile%231");
        assert_eq!(uri("/srv/app/Dockerfile"), "file:///srv/app/Dockerfile");
        assert_eq!(uri("C:\\src\\Dockerfile"), "file:///C:/src/Dockerfile");
        assert_eq!(level(Severity::Hint), "note");
    }

    #[test]
    fn full_description_is_the_first_paragraph() {
        let docs = "## What it does\n\nReports a thing\nover two lines.\n\nMore.\n\n## Why is this bad?\n";
        assert_eq!(first_paragraph(docs), "Reports a thing over two lines.");
    }

    #[test]
    fn results_point_at_their_rule_and_range() {
        let text = "FROM alpine:3.20\nRUNN x\n";
        let analysis = crate::analysis::analyze(
            text,
            &crate::analysis::config::Config::default(),
            &crate::analysis::Host::none(),
            None,
        );
        let rope = Rope::from_str(text);
        let log = log(
            &[FileFindings {
                name: "a/Dockerfile",
                rope: &rope,
                diagnostics: &analysis.diagnostics,
            }],
            &[],
        );
        let run = &log["runs"][0];
        let results = run["results"].as_array().cloned().unwrap_or_default();
        let typo = results
            .iter()
            .find(|r| r["ruleId"] == "unknown-instruction")
            .cloned()
            .unwrap_or_default();
        let index = typo["ruleIndex"].as_u64().unwrap_or(u64::MAX) as usize;
        assert_eq!(run["tool"]["driver"]["rules"][index]["id"], "unknown-instruction");
        let region = &typo["locations"][0]["physicalLocation"]["region"];
        assert_eq!((&region["startLine"], &region["startColumn"]), (&json!(2), &json!(1)));
        assert_eq!((&region["endLine"], &region["endColumn"]), (&json!(2), &json!(5)));
        let fix = &typo["fixes"][0]["artifactChanges"][0];
        assert_eq!(fix["artifactLocation"]["uri"], "a/Dockerfile");
        assert_eq!(fix["replacements"][0]["insertedContent"]["text"], "RUN");
    }
}
