//! `textDocument/codeAction`: the fixes the diagnostics in range carry (looked up in the
//! snapshot's analysis, never recomputed), "Ignore <rule> for this instruction / file", and
//! `source.fixAll.dockerfile-lsp`, every safe fix at once (in rounds until none is left, when the
//! client asks for that kind).

use std::collections::{HashMap, HashSet};

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use super::{Failure, Request, on_document};
use crate::analysis::diagnostic::{Applicability, Diagnostic, Edit, Fix, NewFile};
use crate::analysis::diff;
use crate::analysis::fixes::{self, FixMode};
use crate::analysis::ignore;
use crate::analysis::rules::UNUSED_SUPPRESSION;
use crate::lsp::backend::Backend;
use crate::lsp::capabilities::FIX_ALL;
use crate::lsp::convert;
use crate::syntax::TextRange;

/// Whether the client asked for `kind` (`only` lists kinds and their parents).
fn wanted(only: Option<&[lsp::CodeActionKind]>, kind: &str) -> bool {
    only.is_none_or(|only| {
        only.iter().any(|k| {
            let k = k.as_str();
            kind == k || kind.strip_prefix(k).is_some_and(|rest| rest.starts_with('.'))
        })
    })
}

/// A workspace edit changing this document, and creating `new_files` next to it; `None`
/// when the client cannot create files and some are needed, or the document is not a file.
fn workspace_edit(request: &Request, edits: Vec<Edit>, new_files: &[NewFile]) -> Option<lsp::WorkspaceEdit> {
    let doc = request.document();
    let eol = fixes::line_ending(request.text());
    let text_edits: Vec<lsp::TextEdit> = edits
        .iter()
        .map(|e| {
            let adapted = Edit {
                range: e.range,
                new_text: fixes::with_line_ending(&e.new_text, eol),
            };
            convert::edit(doc, &adapted, request.enc())
        })
        .collect();
    let uri = request.snapshot.uri.clone();
    if !request.negotiated.document_changes {
        if !new_files.is_empty() {
            return None;
        }
        return Some(lsp::WorkspaceEdit {
            changes: Some(HashMap::from([(uri, text_edits)])),
            ..Default::default()
        });
    }
    let this = lsp::TextDocumentEdit {
        text_document: lsp::OptionalVersionedTextDocumentIdentifier {
            uri,
            version: Some(request.snapshot.version()),
        },
        edits: text_edits.into_iter().map(lsp::OneOf::Left).collect(),
    };
    if new_files.is_empty() {
        return Some(lsp::WorkspaceEdit {
            document_changes: Some(lsp::DocumentChanges::Edits(vec![this])),
            ..Default::default()
        });
    }
    if !request.negotiated.create_files {
        return None;
    }
    let mut operations = Vec::new();
    for file in new_files {
        let uri = new_file_uri(request, &file.path)?;
        operations.push(lsp::DocumentChangeOperation::Op(lsp::ResourceOp::Create(
            lsp::CreateFile {
                uri: uri.clone(),
                // The rules only propose files that do not exist; one that appeared since must
                // not be overwritten, and the client then refuses the whole edit.
                options: Some(lsp::CreateFileOptions {
                    overwrite: Some(false),
                    ignore_if_exists: Some(false),
                }),
                annotation_id: None,
            },
        )));
        let start = lsp::Position::new(0, 0);
        operations.push(lsp::DocumentChangeOperation::Edit(lsp::TextDocumentEdit {
            text_document: lsp::OptionalVersionedTextDocumentIdentifier { uri, version: None },
            edits: vec![lsp::OneOf::Left(lsp::TextEdit {
                range: lsp::Range::new(start, start),
                new_text: file.contents.clone(),
            })],
        }));
    }
    if !this.edits.is_empty() {
        operations.push(lsp::DocumentChangeOperation::Edit(this));
    }
    Some(lsp::WorkspaceEdit {
        document_changes: Some(lsp::DocumentChanges::Operations(operations)),
        ..Default::default()
    })
}

/// `path` (relative to the build context) as a URI; the context is the configured one or
/// the Dockerfile's folder.
fn new_file_uri(request: &Request, path: &str) -> Option<lsp::Uri> {
    let dockerfile = request.snapshot.uri.to_file_path()?;
    let mut dir = dockerfile.parent()?.to_path_buf();
    if let Some(context) = &request.snapshot.config().context {
        dir.push(context);
    }
    lsp::Uri::from_file_path(dir.join(path))
}

fn fix_action(request: &Request, fix: &Fix, lsp_diagnostic: &lsp::Diagnostic) -> Option<lsp::CodeAction> {
    let edit = workspace_edit(request, fix.edits.clone(), &fix.new_files)?;
    Some(lsp::CodeAction {
        title: fix.title.clone(),
        kind: Some(lsp::CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![lsp_diagnostic.clone()]),
        edit: Some(edit),
        is_preferred: Some(fix.applicability == Applicability::Safe),
        ..Default::default()
    })
}

fn ignore_action(
    request: &Request,
    title: String,
    edit: Edit,
    lsp_diagnostic: &lsp::Diagnostic,
) -> Option<lsp::CodeAction> {
    Some(lsp::CodeAction {
        title,
        kind: Some(lsp::CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![lsp_diagnostic.clone()]),
        edit: Some(workspace_edit(request, vec![edit], &[])?),
        is_preferred: Some(false),
        ..Default::default()
    })
}

/// The analysis diagnostics the request is about: those the client sent (matched by range and
/// rule id, since the client only echoes what we published), or, when it sent none, ours that
/// touch the range.
fn targets<'a>(
    all: &'a [Diagnostic],
    request: &Request,
    sent: &[lsp::Diagnostic],
    range: TextRange,
) -> Vec<&'a Diagnostic> {
    let ours: Vec<&lsp::Diagnostic> = sent
        .iter()
        .filter(|d| d.source.as_deref().is_none_or(|s| s == convert::SOURCE))
        .collect();
    if sent.is_empty() {
        return all
            .iter()
            .filter(|d| d.range.start <= range.end && range.start <= d.range.end)
            .collect();
    }
    all.iter()
        .filter(|d| {
            let lsp_range = request.range(d.range);
            ours.iter()
                .any(|s| s.range == lsp_range && matches!(&s.code, Some(lsp::NumberOrString::String(c)) if c == d.rule))
        })
        .collect()
}

/// The safe fixes that fit together in one pass over `diagnostics`, leaving out those that
/// create files (a fix-all edits this document only).
fn one_round(diagnostics: &[Diagnostic]) -> Vec<Edit> {
    fixes::select(diagnostics, FixMode::Safe, &HashSet::new())
        .into_iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| f.new_files.is_empty())
        .flat_map(|f| f.edits.iter().cloned())
        .collect()
}

/// Every safe fix, in rounds until none is left (fixes that overlap, and fixes of problems that
/// only show once others are fixed, wait for a later round), as the line edits from this
/// version's text to the result. Each round is checked by a new analysis of its text; one that
/// fails ends the rounds with what the earlier ones gave.
fn fix_all_rounds(request: &Request, first: &[Diagnostic]) -> Vec<Edit> {
    let original = request.text();
    let mut analyze = |text: &str| -> Vec<Diagnostic> {
        let diagnostics = if text == original {
            first.to_vec()
        } else {
            match request.snapshot.analyze_text(text) {
                Ok(analysis) => analysis.diagnostics,
                Err(e) => {
                    tracing::error!("fix-all round: {e}");
                    return Vec::new();
                }
            }
        };
        // A fix that creates a file is not ours to apply here; leaving it out of every round
        // keeps the rounds from choosing it again and again.
        diagnostics
            .into_iter()
            .filter(|d| d.fix.as_ref().is_none_or(|f| f.new_files.is_empty()))
            .collect()
    };
    let outcome = fixes::fix_all(original, FixMode::Safe, fixes::MAX_ROUNDS, &mut analyze);
    if !outcome.converged {
        tracing::warn!(
            "fix-all stopped after {} rounds with fixes still changing the text",
            outcome.rounds
        );
    }
    diff::edits(original, &outcome.text)
}

fn actions(request: &Request, params: &lsp::CodeActionParams) -> std::result::Result<Vec<lsp::CodeAction>, Failure> {
    let analysis = request.snapshot.analysis()?;
    // Every finding, ShellCheck's included: each gets its suppression actions.
    let diagnostics = request.snapshot.diagnostics()?;
    let doc = request.document();
    let only = params.context.only.as_deref();
    let mut out = Vec::new();
    if wanted(only, lsp::CodeActionKind::QUICKFIX.as_str()) {
        let start = request.offset(params.range.start);
        let end = request.offset(params.range.end);
        let range = TextRange::new(start.min(end), start.max(end));
        let found = targets(diagnostics, request, &params.context.diagnostics, range);
        let mut ignores = Vec::new();
        let mut seen: HashSet<(String, TextRange)> = HashSet::new();
        for d in found {
            let lsp_diagnostic = convert::diagnostic(
                doc,
                d,
                request.enc(),
                request.negotiated.related_information.then_some(&request.snapshot.uri),
            );
            if let Some(fix) = &d.fix {
                out.extend(fix_action(request, fix, &lsp_diagnostic));
            }
            if d.rule == UNUSED_SUPPRESSION {
                continue;
            }
            let model = &analysis.model;
            let by_instruction = ignore::for_instruction(request.text(), model, d.rule, d.range)
                .map(|e| (format!("Ignore `{}` for this instruction", d.rule), e));
            let by_file = ignore::for_file(request.text(), model, d.rule)
                .map(|e| (format!("Ignore `{}` for this file", d.rule), e));
            for (title, edit) in by_instruction.into_iter().chain(by_file) {
                // One action per suppression, however many diagnostics it would silence.
                if seen.insert((title.clone(), edit.range)) {
                    ignores.extend(ignore_action(request, title, edit, &lsp_diagnostic));
                }
            }
        }
        // The fixes first: editors list actions in the order given.
        out.extend(ignores);
    }
    if wanted(only, FIX_ALL) {
        // Asked for by kind (on save, the Source Action menu): every round, as `check --fix`
        // does. Listed with everything else (the light bulb, on every cursor move): one round,
        // which needs no analysis beyond the one the document has.
        let edits = if only.is_some() {
            fix_all_rounds(request, diagnostics)
        } else {
            one_round(diagnostics)
        };
        if !edits.is_empty()
            && let Some(edit) = workspace_edit(request, edits, &[])
        {
            out.push(lsp::CodeAction {
                title: "Apply every safe fix".to_owned(),
                kind: Some(lsp::CodeActionKind::new(FIX_ALL)),
                edit: Some(edit),
                ..Default::default()
            });
        }
    }
    Ok(out)
}

pub async fn handle(server: &Backend, params: lsp::CodeActionParams) -> Result<Option<lsp::CodeActionResponse>> {
    let uri = params.text_document.uri.clone();
    on_document(server, &uri, move |request| {
        let found = actions(request, &params)?;
        Ok(Some(
            found.into_iter().map(lsp::CodeActionOrCommand::CodeAction).collect(),
        ))
    })
    .await
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::lsp::capabilities::Negotiated;
    use crate::lsp::state::{Snapshot, State};

    fn request(snapshot: &Arc<Snapshot>, negotiated: Negotiated) -> Request {
        Request::new(Arc::clone(snapshot), negotiated)
    }

    #[test]
    fn new_files_need_a_client_that_creates_them() {
        let state = State::default();
        let uri: lsp::Uri = "file:///work/app/Dockerfile".parse().expect("uri");
        let snapshot = state.open(uri, "FROM a\r\nCOPY . .\r\n", 3);
        let edits = vec![Edit {
            range: TextRange::empty(8),
            new_text: "# x\n".into(),
        }];
        let files = [NewFile {
            path: ".dockerignore".into(),
            contents: ".git\n".into(),
        }];
        let plain = Negotiated::default();
        let versioned = Negotiated {
            document_changes: true,
            ..Negotiated::default()
        };
        let creating = Negotiated {
            document_changes: true,
            create_files: true,
            ..Negotiated::default()
        };
        assert_eq!(workspace_edit(&request(&snapshot, plain), edits.clone(), &files), None);
        assert_eq!(
            workspace_edit(&request(&snapshot, versioned), edits.clone(), &files),
            None
        );
        let edit = workspace_edit(&request(&snapshot, creating), edits.clone(), &files);
        let json = serde_json::to_value(edit).expect("serializes");
        assert_eq!(
            json,
            serde_json::json!({"documentChanges": [
                {"kind": "create", "uri": "file:///work/app/.dockerignore",
                 "options": {"overwrite": false, "ignoreIfExists": false}},
                {"textDocument": {"uri": "file:///work/app/.dockerignore", "version": null},
                 "edits": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                            "newText": ".git\n"}]},
                {"textDocument": {"uri": "file:///work/app/Dockerfile", "version": 3},
                 "edits": [{"range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 0}},
                            "newText": "# x\r\n"}]}
            ]})
        );
        // Without files, a plain client gets `changes`, in the document's line breaks.
        let edit = workspace_edit(&request(&snapshot, plain), edits, &[]);
        let json = serde_json::to_value(edit).expect("serializes");
        assert_eq!(json["changes"]["file:///work/app/Dockerfile"][0]["newText"], "# x\r\n");
    }

    #[test]
    fn only_filters_by_kind_and_parent_kind() {
        let k = |s: &'static str| lsp::CodeActionKind::new(s);
        assert!(wanted(None, FIX_ALL));
        assert!(wanted(Some(&[k("source")]), FIX_ALL));
        assert!(wanted(Some(&[k("source.fixAll")]), FIX_ALL));
        assert!(!wanted(Some(&[k("source.fix")]), FIX_ALL));
        assert!(!wanted(Some(&[k("quickfix")]), FIX_ALL));
        assert!(wanted(Some(&[k("quickfix")]), "quickfix"));
        assert!(!wanted(Some(&[k("refactor")]), "quickfix"));
    }
}
