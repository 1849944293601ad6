//! The edits behind "Ignore <rule> for this instruction" and "for this file": they extend our
//! suppression comment when one is there (`# dockerfile-lsp ignore=a,b` right above the
//! instruction, `# dockerfile-lsp global ignore=a,b` anywhere) and add one otherwise, above the
//! instruction or at the top of the file after the parser directives. BuildKit's `# check=`
//! directive is never written: a second one makes BuildKit reject the file.

use crate::analysis::diagnostic::Edit;
use crate::analysis::fixes::line_ending;
use crate::analysis::model::Model;
use crate::syntax::TextRange;

const OURS: &str = "dockerfile-lsp";

/// The line around `offset`: its start and its end before the line break.
fn line_around(text: &str, offset: usize) -> (usize, usize) {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let end = if text[start..end].ends_with('\r') { end - 1 } else { end };
    (start, end)
}

/// Where the name list of our comment on the line `start..end` ends and whether it is empty,
/// if the line is our suppression comment of the wanted kind (global or not).
fn our_list_end(text: &str, start: usize, end: usize, global: bool) -> Option<(usize, Vec<&str>)> {
    let line = &text[start..end];
    let body = line.trim_start().strip_prefix('#')?.trim_start();
    let rest = body.strip_prefix(OURS)?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let mut rest = rest.trim_start();
    if let Some(after) = rest.strip_prefix("global") {
        if !global || !after.starts_with(char::is_whitespace) {
            return None;
        }
        rest = after.trim_start();
    } else if global {
        return None;
    }
    let list = rest.strip_prefix("ignore=")?;
    let list_start = end - list.len();
    let list_len = list.find(char::is_whitespace).unwrap_or(list.len());
    let names = list[..list_len].split(',').filter(|n| !n.is_empty()).collect();
    Some((list_start + list_len, names))
}

/// Adds `rule` to the list that ends at `at`, unless it is there already.
fn extend(at: usize, names: &[&str], rule: &str) -> Option<Edit> {
    if names.iter().any(|n| n.eq_ignore_ascii_case(rule)) {
        return None;
    }
    let new_text = if names.is_empty() {
        rule.to_string()
    } else {
        format!(",{rule}")
    };
    Some(Edit {
        range: TextRange::empty(at),
        new_text,
    })
}

/// Suppresses `rule` for the instruction holding `range`; `None` when the range is in no
/// instruction (a directive, a comment) or the rule is already listed.
pub fn for_instruction(text: &str, model: &Model, rule: &str, range: TextRange) -> Option<Edit> {
    let ins = model
        .instructions
        .iter()
        .find(|i| i.range.start <= range.start && range.start <= i.range.end)?;
    let (line_start, _) = line_around(text, ins.range.start);
    // The comment lines right above (no blank line between) are the ones that apply to it.
    let mut above = line_start;
    while above > 0 {
        let (start, end) = line_around(text, above - 1);
        if !text[start..end].trim_start().starts_with('#') {
            break;
        }
        if let Some((at, names)) = our_list_end(text, start, end, false) {
            return extend(at, &names, rule);
        }
        above = start;
    }
    let indentation = &text[line_start..ins.range.start];
    let indentation = if indentation.trim().is_empty() { indentation } else { "" };
    Some(Edit {
        range: TextRange::empty(line_start),
        new_text: format!("{indentation}# {OURS} ignore={rule}{}", line_ending(text)),
    })
}

/// Suppresses `rule` for the whole file; `None` when it is already listed.
pub fn for_file(text: &str, model: &Model, rule: &str) -> Option<Edit> {
    for comment in &model.comments {
        let (start, end) = line_around(text, comment.range.start);
        if let Some((at, names)) = our_list_end(text, start, end, true) {
            return extend(at, &names, rule);
        }
    }
    let eol = line_ending(text);
    let line = format!("# {OURS} global ignore={rule}");
    // After the directives: a comment above them would end the directive block early.
    let Some(last) = model.directives.iter().map(|d| d.range.end).max() else {
        return Some(Edit {
            range: TextRange::empty(0),
            new_text: format!("{line}{eol}"),
        });
    };
    let (_, end) = line_around(text, last);
    Some(match text[end..].find('\n') {
        Some(i) => Edit {
            range: TextRange::empty(end + i + 1),
            new_text: format!("{line}{eol}"),
        },
        None => Edit {
            range: TextRange::empty(text.len()),
            new_text: format!("{eol}{line}"),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::config::Config;
    use crate::analysis::fixes::apply_edits;
    use crate::analysis::model::parse;
    use crate::analysis::{Host, analyze};

    fn at(text: &str, needle: &str) -> TextRange {
        let start = text
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} not in {text:?}"));
        TextRange::new(start, start + needle.len())
    }

    fn instruction(text: &str, rule: &str, needle: &str) -> String {
        let edit = for_instruction(text, &parse(text), rule, at(text, needle));
        apply_edits(text, &edit.into_iter().collect::<Vec<_>>())
    }

    fn file(text: &str, rule: &str) -> String {
        let edit = for_file(text, &parse(text), rule);
        apply_edits(text, &edit.into_iter().collect::<Vec<_>>())
    }

    #[test]
    fn instruction_comment_is_added_above_with_its_indentation() {
        assert_eq!(
            instruction("FROM a\n  RUNN x\n", "unknown-instruction", "RUNN"),
            "FROM a\n  # dockerfile-lsp ignore=unknown-instruction\n  RUNN x\n"
        );
        assert_eq!(
            instruction("FROM a\r\nRUNN x\r\n", "unknown-instruction", "x"),
            "FROM a\r\n# dockerfile-lsp ignore=unknown-instruction\r\nRUNN x\r\n"
        );
    }

    #[test]
    fn instruction_comment_is_extended() {
        let text = "FROM a\n# dockerfile-lsp ignore=latest-tag  reason\n# other\nRUNN x\n";
        assert_eq!(
            instruction(text, "unknown-instruction", "RUNN"),
            "FROM a\n# dockerfile-lsp ignore=latest-tag,unknown-instruction  reason\n# other\nRUNN x\n"
        );
        // A global comment or one separated by a blank line is not the instruction's.
        let detached = "# dockerfile-lsp global ignore=a\n# dockerfile-lsp ignore=b\n\nRUNN x\n";
        assert_eq!(
            instruction(detached, "c", "RUNN"),
            "# dockerfile-lsp global ignore=a\n# dockerfile-lsp ignore=b\n\n# dockerfile-lsp ignore=c\nRUNN x\n"
        );
        // Already listed: nothing to do.
        let listed = "# dockerfile-lsp ignore=c\nRUNN x\n";
        assert_eq!(for_instruction(listed, &parse(listed), "c", at(listed, "RUNN")), None);
    }

    #[test]
    fn file_comment_goes_after_the_directives_or_extends_the_existing_one() {
        assert_eq!(file("FROM a\n", "x"), "# dockerfile-lsp global ignore=x\nFROM a\n");
        assert_eq!(
            file("# syntax=docker/dockerfile:1\n# check=skip=A\nFROM a\n", "x"),
            "# syntax=docker/dockerfile:1\n# check=skip=A\n# dockerfile-lsp global ignore=x\nFROM a\n"
        );
        assert_eq!(file("# escape=`", "x"), "# escape=`\n# dockerfile-lsp global ignore=x");
        assert_eq!(
            file("FROM a\n# dockerfile-lsp global ignore=y\n", "x"),
            "FROM a\n# dockerfile-lsp global ignore=y,x\n"
        );
        assert_eq!(
            file("FROM a\n# dockerfile-lsp global ignore=\n", "x"),
            "FROM a\n# dockerfile-lsp global ignore=x\n"
        );
    }

    #[test]
    fn the_added_comments_suppress_the_diagnostic_and_keep_the_directives() {
        let text = "# syntax=docker/dockerfile:1\nFROM alpine:3.20\nRUNN x\n";
        let config = Config::default();
        let fired = |t: &str| {
            analyze(t, &config, &Host::none(), None)
                .diagnostics
                .iter()
                .any(|d| d.rule == "unknown-instruction")
        };
        assert!(fired(text));
        let by_instruction = instruction(text, "unknown-instruction", "RUNN");
        let by_file = file(text, "unknown-instruction");
        for fixed in [by_instruction, by_file] {
            assert!(!fired(&fixed), "{fixed}");
            assert_eq!(parse(&fixed).directives.len(), 1, "{fixed}");
        }
    }
}
