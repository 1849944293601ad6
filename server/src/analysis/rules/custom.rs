//! The configuration's own rules (`[[custom-rules]]`): each a tree-sitter query, compiled when
//! the configuration was read ([`crate::analysis::policy::CustomRule`]), whose `@report`
//! captures are findings. A `shell-query` runs over the tree tree-sitter-bash builds for each RUN
//! script a POSIX shell runs (read again here, as the facts read it: scripts do not keep their
//! trees, which only these rules need) and its ranges are led back to the Dockerfile through the
//! script's source map; a `query` runs over the Dockerfile's tree-sitter-dockerfile tree.
//!
//! A custom rule is a [`Rule`] like ours, so that selection, severity overrides, suppression
//! comments, hover, `rule --list` and every output format treat it the same. Findings name their
//! rule by a `&'static str`, so each distinct definition (id, severity, message, query) is made
//! into a `Rule` once and kept for the life of the process: a configuration edited a hundred
//! times in one editor session keeps at most a hundred small records.

use std::sync::{Mutex, PoisonError};

use tree_sitter::{Node, QueryCursor, StreamingIterator};

use crate::analysis::model::InstructionKind;
use crate::analysis::policy::{CustomRule, QueryTarget};
use crate::analysis::rules::shell::shell_scripts;
use crate::analysis::rules::{Context, Docs, FixKind, Rule, Sink};
use crate::syntax::TextRange;

/// The `since` of a custom rule: not a release, so `rules-version` never leaves one out.
pub(super) const SINCE: &str = "custom";

/// What makes two definitions the same rule.
type Key = (
    String,
    crate::analysis::diagnostic::Severity,
    String,
    QueryTarget,
    String,
);

static REGISTERED: Mutex<Vec<(Key, &'static Rule)>> = Mutex::new(Vec::new());

/// The [`Rule`] of a custom rule definition, made the first time it is asked for.
pub(super) fn registered(def: &CustomRule) -> &'static Rule {
    let key: Key = (
        def.id.clone(),
        def.severity,
        def.message.clone(),
        def.target,
        def.source.clone(),
    );
    // The list is only ever pushed to, so a panic elsewhere cannot leave it inconsistent.
    let mut registered = REGISTERED.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((_, rule)) = registered.iter().find(|(k, _)| *k == key) {
        return rule;
    }
    let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
    let summary = def.message.trim_end_matches('.').to_owned();
    let rule: &'static Rule = Box::leak(Box::new(Rule {
        id: leak(def.id.clone()),
        since: SINCE,
        severity: def.severity,
        aliases: &[],
        fix: FixKind::None,
        default_enabled: true,
        summary: leak(summary),
        docs: Docs {
            en: leak(docs_en(def)),
            zh: leak(docs_zh(def)),
        },
        check,
    }));
    registered.push((key, rule));
    rule
}

fn docs_en(def: &CustomRule) -> String {
    let over = match def.target {
        QueryTarget::Shell => "the script of each RUN instruction a POSIX shell runs, read by tree-sitter-bash",
        QueryTarget::Dockerfile => "the Dockerfile's syntax tree (tree-sitter-dockerfile)",
    };
    format!(
        "## What it does\n\n{}\n\nA rule of this project's configuration (`[[custom-rules]]`): a tree-sitter query over {over}; \
         each node it captures as `@report` is a finding.\n\n## Query\n\n```scheme\n{}\n```\n",
        def.message,
        def.source.trim()
    )
}

fn docs_zh(def: &CustomRule) -> String {
    let over = match def.target {
        QueryTarget::Shell => "由 POSIX shell 执行的每条 RUN 指令的脚本(由 tree-sitter-bash 解析)",
        QueryTarget::Dockerfile => "Dockerfile 的语法树(tree-sitter-dockerfile)",
    };
    format!(
        "## 作用\n\n{}\n\n本项目配置中定义的规则(`[[custom-rules]]`):一个作用于{over}的 tree-sitter 查询,\
         查询中以 `@report` 捕获的每个节点都是一条问题。\n\n## 查询\n\n```scheme\n{}\n```\n",
        def.message,
        def.source.trim()
    )
}

/// Runs the definition of the rule the sink reports for.
fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let Some(def) = cx.config.custom_rules.iter().find(|c| c.id == sink.rule.id) else {
        return;
    };
    let mut found: Vec<TextRange> = Vec::new();
    match def.target {
        QueryTarget::Dockerfile => {
            let tree = cx.dockerfile_tree();
            for range in captures(def, tree.root_node(), cx.text) {
                found.push(range);
            }
        }
        QueryTarget::Shell => {
            for run in shell_scripts(cx) {
                if run.instruction.kind != InstructionKind::Run {
                    continue;
                }
                let Some(syntax) = run.script.syntax() else {
                    continue;
                };
                let (text, map) = syntax.source(run.script);
                for range in captures(def, syntax.tree.root_node(), text) {
                    found.push(map.to_doc(range));
                }
            }
        }
    }
    found.sort_by_key(|r| (r.start, r.end));
    found.dedup();
    for range in found {
        sink.report(range, def.message.clone());
    }
}

/// The byte ranges (in `text`, the text `root`'s tree was read from) of the `@report` captures.
fn captures(def: &CustomRule, root: Node<'_>, text: &str) -> Vec<TextRange> {
    let mut cursor = QueryCursor::new();
    let mut matches = cursor.matches(&def.query, root, text.as_bytes());
    let mut out = Vec::new();
    while let Some(m) = matches.next() {
        for capture in m.captures.iter().filter(|c| c.index == def.report) {
            let node = capture.node;
            out.push(TextRange::new(
                node.start_byte(),
                node.end_byte().max(node.start_byte()),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::diagnostic::Severity;

    fn rule(id: &str, message: &str, target: QueryTarget, source: &str) -> CustomRule {
        CustomRule::compile(id, Severity::Warning, message, target, source).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn one_rule_per_distinct_definition() {
        let a = rule("acme/reg", "First", QueryTarget::Shell, "(command) @report");
        let same = rule("acme/reg", "First", QueryTarget::Shell, "(command) @report");
        let edited = rule("acme/reg", "Second.", QueryTarget::Shell, "(command) @report");
        assert!(std::ptr::eq(registered(&a), registered(&same)));
        let second = registered(&edited);
        assert!(!std::ptr::eq(registered(&a), second));
        assert_eq!((second.id, second.summary, second.since), ("acme/reg", "Second", SINCE));
        assert!(second.docs.en.contains("Second.") && second.docs.en.contains("(command) @report"));
        assert!(second.docs.zh.contains("## 作用") && second.is_custom());
    }
}
