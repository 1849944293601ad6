//! Every conversion between our types and `lsp_types`: positions and ranges in the negotiated
//! encoding, severities, tags and whole diagnostics. Handlers call these and nothing else
//! translates.

use serde_json::json;
use tower_lsp_server::ls_types as lsp;

use crate::analysis::diagnostic::{Diagnostic, Edit, Severity, Tag};
use crate::syntax::{Document, LineCol, LineIndex, PositionEncoding, TextEdit, TextRange};

/// The `source` every diagnostic carries, so that users can tell ours from other servers'.
pub const SOURCE: &str = "dockerfile-lsp";

pub fn encoding_kind(enc: PositionEncoding) -> lsp::PositionEncodingKind {
    match enc {
        PositionEncoding::Utf8 => lsp::PositionEncodingKind::UTF8,
        PositionEncoding::Utf16 => lsp::PositionEncodingKind::UTF16,
        PositionEncoding::Utf32 => lsp::PositionEncodingKind::UTF32,
    }
}

/// The encoding a client names, if we know it. LSP spells them in lower case.
pub fn encoding_from_kind(kind: &lsp::PositionEncodingKind) -> Option<PositionEncoding> {
    match kind.as_str() {
        "utf-8" => Some(PositionEncoding::Utf8),
        "utf-16" => Some(PositionEncoding::Utf16),
        "utf-32" => Some(PositionEncoding::Utf32),
        _ => None,
    }
}

pub fn line_col(pos: lsp::Position) -> LineCol {
    LineCol {
        line: pos.line,
        col: pos.character,
    }
}

pub fn position(pos: LineCol) -> lsp::Position {
    lsp::Position {
        line: pos.line,
        character: pos.col,
    }
}

pub fn range(doc: &Document, range: TextRange, enc: PositionEncoding) -> lsp::Range {
    let (start, end) = doc.range_to_positions(range, enc);
    lsp::Range {
        start: position(start),
        end: position(end),
    }
}

/// One of our edits (a fix's or the formatter's) as an LSP text edit.
pub fn edit(doc: &Document, edit: &Edit, enc: PositionEncoding) -> lsp::TextEdit {
    lsp::TextEdit {
        range: range(doc, edit.range, enc),
        new_text: edit.new_text.clone(),
    }
}

pub fn text_edit(change: lsp::TextDocumentContentChangeEvent) -> TextEdit {
    TextEdit {
        range: change.range.map(|r| (line_col(r.start), line_col(r.end))),
        text: change.text,
    }
}

pub fn severity(severity: Severity) -> lsp::DiagnosticSeverity {
    match severity {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Hint => lsp::DiagnosticSeverity::HINT,
    }
}

pub fn tag(tag: Tag) -> lsp::DiagnosticTag {
    match tag {
        Tag::Unnecessary => lsp::DiagnosticTag::UNNECESSARY,
        Tag::Deprecated => lsp::DiagnosticTag::DEPRECATED,
    }
}

/// Our diagnostic as LSP sees it: `code` is the rule id (what users write after "allow"), and
/// `data.alias` keeps the hadolint or BuildKit code that matched, for suppression comments and
/// code actions, which get `data` back from the client.
///
/// The related places of a grouped finding become `relatedInformation` in `uri` (the document's)
/// for a client that declared it shows them (`related_uri` is then `Some`); for any other client
/// they are folded into the message, one line each (`line:column` counted from 1, in
/// characters), so that no place is lost when the message shortens its list.
pub fn diagnostic(
    doc: &Document,
    d: &Diagnostic,
    enc: PositionEncoding,
    related_uri: Option<&lsp::Uri>,
) -> lsp::Diagnostic {
    with_range(doc, d, range(doc, d.range, enc), enc, related_uri)
}

/// [`diagnostic`] with its range converted already.
fn with_range(
    doc: &Document,
    d: &Diagnostic,
    at: lsp::Range,
    enc: PositionEncoding,
    related_uri: Option<&lsp::Uri>,
) -> lsp::Diagnostic {
    let mut message = d.message.clone();
    let mut related_information = None;
    if !d.related.is_empty() {
        match related_uri {
            Some(uri) => {
                related_information = Some(
                    d.related
                        .iter()
                        .map(|r| lsp::DiagnosticRelatedInformation {
                            location: lsp::Location::new(uri.clone(), range(doc, r.range, enc)),
                            message: r.message.clone(),
                        })
                        .collect(),
                );
            }
            None => {
                for r in &d.related {
                    let (at, _) = doc.range_to_positions(r.range, PositionEncoding::Utf32);
                    message.push_str(&format!("\n{}:{}: {}", at.line + 1, at.col + 1, r.message));
                }
            }
        }
    }
    lsp::Diagnostic {
        range: at,
        severity: Some(severity(d.severity)),
        code: Some(lsp::NumberOrString::String(d.rule.to_owned())),
        code_description: None,
        source: Some(SOURCE.to_owned()),
        message,
        related_information,
        tags: (!d.tags.is_empty()).then(|| d.tags.iter().copied().map(tag).collect()),
        data: d.code.map(|alias| json!({ "alias": alias })),
    }
}

/// Many diagnostics of one version at once: positions come from one line index of the text
/// (`text`, the document's) rather than a walk of the rope for each (the same positions, see
/// [`LineIndex`]).
pub fn diagnostics(
    doc: &Document,
    text: &str,
    diagnostics: &[Diagnostic],
    enc: PositionEncoding,
    related_uri: Option<&lsp::Uri>,
) -> Vec<lsp::Diagnostic> {
    let index = LineIndex::new(text);
    diagnostics
        .iter()
        .map(|d| {
            let range = lsp::Range {
                start: position(index.position(d.range.start, enc)),
                end: position(index.position(d.range.end, enc)),
            };
            with_range(doc, d, range, enc, related_uri)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::diagnostic::{Related, Severity};

    fn diag(range: TextRange, code: Option<&'static str>, tags: Vec<Tag>) -> Diagnostic {
        Diagnostic {
            range,
            rule: "unknown-instruction",
            code,
            severity: Severity::Warning,
            message: "Unknown instruction `FORM`".into(),
            fix: None,
            tags,
            related: Vec::new(),
        }
    }

    #[test]
    fn ranges_follow_the_encoding() {
        let text = "RUN 😀 中 FORM\n";
        let doc = Document::new(text, 1);
        let start = text.find("FORM").unwrap_or_default();
        let r = TextRange::new(start, start + 4);
        let col = |enc| range(&doc, r, enc).start.character;
        assert_eq!(col(PositionEncoding::Utf8), start as u32);
        assert_eq!(col(PositionEncoding::Utf16), 9);
        assert_eq!(col(PositionEncoding::Utf32), 8);
    }

    #[test]
    fn diagnostic_carries_rule_alias_source_and_tags() {
        let doc = Document::new("FORM a\n", 1);
        let d = diagnostic(
            &doc,
            &diag(TextRange::new(0, 4), Some("DL3000"), vec![Tag::Unnecessary]),
            PositionEncoding::Utf16,
            None,
        );
        assert_eq!(d.code, Some(lsp::NumberOrString::String("unknown-instruction".into())));
        assert_eq!(d.source.as_deref(), Some(SOURCE));
        assert_eq!(d.severity, Some(lsp::DiagnosticSeverity::WARNING));
        assert_eq!(d.data, Some(json!({ "alias": "DL3000" })));
        assert_eq!(d.tags, Some(vec![lsp::DiagnosticTag::UNNECESSARY]));
        assert_eq!(d.range.end, lsp::Position::new(0, 4));

        let plain = diagnostic(
            &doc,
            &diag(TextRange::new(0, 4), None, vec![]),
            PositionEncoding::Utf16,
            None,
        );
        assert_eq!(plain.data, None);
        assert_eq!(plain.tags, None);
        assert_eq!(plain.related_information, None);
    }

    #[test]
    fn related_places_go_to_related_information_or_into_the_message() {
        let text = "FROM a\nLABEL Version=1 \\\n  😀=2\n";
        let doc = Document::new(text, 1);
        let mut d = diag(TextRange::new(7, 12), None, vec![]);
        d.message = "2 label keys do not follow Docker's key format: `Version`, `😀`".into();
        let at = |needle: &str| {
            let start = text.find(needle).unwrap_or_default();
            TextRange::new(start, start + needle.len())
        };
        d.related = vec![
            Related::new(at("Version"), "`Version` is not lower case"),
            Related::new(at("😀"), "`😀` is not lower case"),
        ];
        let uri: lsp::Uri = "file:///work/Dockerfile".parse().expect("a valid URI");

        let shown = diagnostic(&doc, &d, PositionEncoding::Utf16, Some(&uri));
        assert_eq!(shown.message, d.message);
        let related = shown.related_information.unwrap_or_default();
        assert_eq!(related.len(), 2);
        assert_eq!(related[0].location.uri, uri);
        assert_eq!(related[0].message, "`Version` is not lower case");
        assert_eq!(related[1].location.range.start, lsp::Position::new(2, 2));
        assert_eq!(
            related[1].location.range.end,
            lsp::Position::new(2, 4),
            "UTF-16: two units"
        );

        let folded = diagnostic(&doc, &d, PositionEncoding::Utf16, None);
        assert_eq!(folded.related_information, None);
        assert_eq!(
            folded.message,
            format!(
                "{}\n2:7: `Version` is not lower case\n3:3: `😀` is not lower case",
                d.message
            )
        );
    }

    #[test]
    fn many_diagnostics_at_once_are_each_converted_alone() {
        let text = "FROM a\r\nRUN 😀 中 FORM\rX é\n";
        let doc = Document::new(text, 1);
        let mut all = Vec::new();
        for start in 0..=text.len() {
            let mut d = diag(TextRange::new(start, text.len()), None, vec![]);
            d.related.push(Related {
                range: TextRange::new(0, start),
                message: "here".into(),
            });
            all.push(d);
        }
        let uri: lsp::Uri = "file:///x/Dockerfile".parse().expect("a valid uri");
        for enc in [PositionEncoding::Utf8, PositionEncoding::Utf16, PositionEncoding::Utf32] {
            for related in [None, Some(&uri)] {
                let one_by_one: Vec<_> = all.iter().map(|d| diagnostic(&doc, d, enc, related)).collect();
                assert_eq!(
                    diagnostics(&doc, &doc.text(), &all, enc, related),
                    one_by_one,
                    "{enc:?}"
                );
            }
        }
    }

    #[test]
    fn severities_map_one_to_one() {
        let all = [Severity::Error, Severity::Warning, Severity::Info, Severity::Hint].map(severity);
        assert_eq!(
            all,
            [
                lsp::DiagnosticSeverity::ERROR,
                lsp::DiagnosticSeverity::WARNING,
                lsp::DiagnosticSeverity::INFORMATION,
                lsp::DiagnosticSeverity::HINT
            ]
        );
    }

    #[test]
    fn encodings_roundtrip_through_their_names() {
        for enc in [PositionEncoding::Utf8, PositionEncoding::Utf16, PositionEncoding::Utf32] {
            assert_eq!(encoding_from_kind(&encoding_kind(enc)), Some(enc));
        }
        assert_eq!(encoding_from_kind(&lsp::PositionEncodingKind::new("utf-7")), None);
    }
}
