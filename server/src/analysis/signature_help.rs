//! Signature help: the forms of the instruction being written (the syntax lines of its docs),
//! the form that matches what is typed, and the parameter the cursor is on.

use crate::analysis::completion::instruction_prefix;
use crate::analysis::config::Locale;
use crate::analysis::docs;
use crate::analysis::model::{InstructionKind, Model};
use crate::analysis::reference;
use crate::syntax::TextRange;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureHelp {
    pub signatures: Vec<Signature>,
    pub active_signature: usize,
    pub active_parameter: Option<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    /// A syntax line, `COPY [OPTIONS] <src> ... <dest>`.
    pub label: String,
    pub documentation: Option<String>,
    /// Byte ranges of the parameters in `label`.
    pub parameters: Vec<TextRange>,
}

/// A parameter of a form, as read from its syntax line.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Param {
    range: TextRange,
    /// `[OPTIONS]`, `[--platform=<platform>]`.
    options: bool,
    /// Takes any number of words (`<src> ...`, `"<param>", ...`).
    variadic: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Form {
    label: &'static str,
    /// Inside a JSON array (`["<src>", ... "<dest>"]`).
    json: bool,
    params: Vec<Param>,
}

/// Splits a syntax line into parameters: whitespace-separated at bracket depth 0, a `...` word
/// belonging to the parameter before it, and the elements of a JSON array as parameters of their
/// own.
fn parse_form(label: &'static str) -> Form {
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut depth = 0i32;
    let mut start = None;
    for (i, c) in label.char_indices() {
        match c {
            '[' | '<' => depth += 1,
            ']' | '>' => depth -= 1,
            _ => {}
        }
        if c == ' ' && depth == 0 {
            if let Some(s) = start.take() {
                words.push((s, i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        words.push((s, label.len()));
    }
    let mut params: Vec<Param> = Vec::new();
    let mut json = false;
    // The keyword is not a parameter.
    for &(s, e) in words.iter().skip(1) {
        let word = &label[s..e];
        if word == "..." {
            if let Some(last) = params.last_mut() {
                last.range = TextRange::new(last.range.start, e);
                last.variadic = true;
            }
            continue;
        }
        if word.starts_with("[\"") {
            json = true;
            params.extend(json_elements(label, s + 1, e - 1));
            continue;
        }
        params.push(Param {
            range: TextRange::new(s, e),
            options: word == "[OPTIONS]" || word.starts_with("[--"),
            variadic: word.contains("..."),
        });
    }
    Form { label, json, params }
}

/// The elements of the JSON array between `start` and `end` of `label`.
fn json_elements(label: &str, start: usize, end: usize) -> Vec<Param> {
    let mut out: Vec<Param> = Vec::new();
    let mut offset = start;
    for part in label[start..end].split(',') {
        let lead = part.len() - part.trim_start().len();
        let s = offset + lead;
        let e = offset + part.trim_end().len();
        offset += part.len() + 1;
        let text = &label[s..e];
        if text == "..." {
            if let Some(last) = out.last_mut() {
                last.range = TextRange::new(last.range.start, e);
                last.variadic = true;
            }
        } else if let Some(rest) = text.strip_prefix("... ") {
            if let Some(last) = out.last_mut() {
                last.variadic = true;
            }
            out.push(Param {
                range: TextRange::new(e - rest.len(), e),
                options: false,
                variadic: false,
            });
        } else {
            out.push(Param {
                range: TextRange::new(s, e),
                options: false,
                variadic: false,
            });
        }
    }
    out
}

/// Which of `params` (positional ones) the `i`-th of `n` arguments fills: a variadic parameter
/// takes everything between the fixed ones before and after it.
fn positional_index(params: &[usize], variadic: Option<usize>, i: usize, n: usize) -> Option<usize> {
    let last = params.len().checked_sub(1)?;
    let Some(v) = variadic else {
        return Some(params[i.min(last)]);
    };
    if i < v {
        return Some(params[i]);
    }
    let after = last - v;
    if after > 0 && i > v && i + after >= n {
        return Some(params[(v + 1 + i + after - n).min(last)]);
    }
    Some(params[v])
}

/// Signature help at `offset` (a byte offset into `text`, the text `model` was built from).
pub fn signature_help(model: &Model, text: &str, offset: usize, locale: Locale) -> Option<SignatureHelp> {
    let (_, prefix) = instruction_prefix(model, text, offset)?;
    let mut prefix = prefix.as_str();
    // The keyword must be complete: while it is being typed, completion is what helps.
    let mut split = prefix.find(char::is_whitespace)?;
    let mut kind = InstructionKind::from_keyword(&prefix[..split]);
    if kind == InstructionKind::Onbuild {
        prefix = prefix[split..].trim_start();
        split = prefix.find(char::is_whitespace)?;
        kind = InstructionKind::from_keyword(&prefix[..split]);
    }
    let topic = reference::instruction_topic(kind)?;
    let forms: Vec<Form> = docs::forms(&topic).into_iter().map(parse_form).collect();
    if forms.is_empty() {
        return None;
    }
    let rest = prefix[split..].trim_start();
    let words: Vec<&str> = rest.split_whitespace().collect();
    let flags = words.iter().take_while(|w| w.starts_with('-')).count();
    let positional = &words[flags..];
    let at_new_word = rest.is_empty() || rest.ends_with(char::is_whitespace);
    let in_flag = !at_new_word && positional.is_empty() && flags > 0;
    let after_flags = &rest[nth_word_start(rest, flags)..];
    let json = after_flags.starts_with('[');
    let active_signature = choose_form(kind, &forms, positional, json);
    let form = &forms[active_signature];
    let active_parameter = if in_flag {
        form.params.iter().position(|p| p.options)
    } else if json {
        json_argument(after_flags).and_then(|(i, n)| {
            let indices: Vec<usize> = (0..form.params.len()).filter(|&p| !form.params[p].options).collect();
            let variadic = indices.iter().position(|&p| form.params[p].variadic);
            positional_index(&indices, variadic, i, n)
        })
    } else {
        let indices: Vec<usize> = (0..form.params.len()).filter(|&p| !form.params[p].options).collect();
        let variadic = indices.iter().position(|&p| form.params[p].variadic);
        let i = if at_new_word {
            positional.len()
        } else {
            positional.len().saturating_sub(1)
        };
        positional_index(&indices, variadic, i, i + 1)
    };
    let documentation = docs::summary(&topic, locale);
    Some(SignatureHelp {
        signatures: forms
            .iter()
            .map(|f| Signature {
                label: f.label.to_string(),
                documentation: documentation.clone(),
                parameters: f.params.iter().map(|p| p.range).collect(),
            })
            .collect(),
        active_signature,
        active_parameter,
    })
}

/// Where the `n`-th whitespace-separated word of `text` starts (its length when there are fewer).
fn nth_word_start(text: &str, n: usize) -> usize {
    let mut seen = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            in_word = false;
        } else if !in_word {
            if seen == n {
                return i;
            }
            seen += 1;
            in_word = true;
        }
    }
    text.len()
}

/// The form that matches what is written so far.
fn choose_form(kind: InstructionKind, forms: &[Form], positional: &[&str], json: bool) -> usize {
    let first = positional.first().copied().unwrap_or("");
    let pick = match kind {
        InstructionKind::Healthcheck if first.eq_ignore_ascii_case("NONE") => Some(1),
        InstructionKind::From if first.contains('@') => Some(2),
        InstructionKind::From if first.contains(':') => Some(1),
        InstructionKind::User
            if !first.is_empty() && first.split(':').all(|p| p.chars().all(|c| c.is_ascii_digit())) =>
        {
            Some(1)
        }
        InstructionKind::Env if positional.len() > 1 && !first.contains('=') => Some(1),
        _ => None,
    };
    pick.filter(|&i| i < forms.len())
        .or_else(|| forms.iter().position(|f| f.json == json))
        .unwrap_or(0)
}

/// In a JSON array written so far (`["a", "b`), the index of the element the cursor is in and
/// the number of elements up to it.
fn json_argument(array: &str) -> Option<(usize, usize)> {
    let inner = array.strip_prefix('[')?;
    let mut index = 0;
    let mut in_string = false;
    let mut escaped = false;
    for c in inner.chars() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else {
            match c {
                '"' => in_string = true,
                ',' => index += 1,
                ']' => return None,
                _ => {}
            }
        }
    }
    Some((index, index + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(label: &'static str) -> Vec<&'static str> {
        parse_form(label)
            .params
            .iter()
            .map(|p| &label[p.range.as_range()])
            .collect()
    }

    #[test]
    fn forms_split_into_parameters() {
        assert_eq!(
            params("COPY [OPTIONS] <src> ... <dest>"),
            ["[OPTIONS]", "<src> ...", "<dest>"]
        );
        assert_eq!(
            params("COPY [OPTIONS] [\"<src>\", ... \"<dest>\"]"),
            ["[OPTIONS]", "\"<src>\"", "\"<dest>\""]
        );
        assert_eq!(
            params("CMD [\"<executable>\", \"<param>\", ...]"),
            ["\"<executable>\"", "\"<param>\", ..."]
        );
        assert_eq!(
            params("FROM [--platform=<platform>] <image>[:<tag>] [AS <name>]"),
            ["[--platform=<platform>]", "<image>[:<tag>]", "[AS <name>]"]
        );
        assert_eq!(
            params("ARG <name>[=<default value>] [<name>[=<default value>] ...]"),
            ["<name>[=<default value>]", "[<name>[=<default value>] ...]"]
        );
        assert_eq!(
            params("HEALTHCHECK [OPTIONS] CMD <command>"),
            ["[OPTIONS]", "CMD", "<command>"]
        );
    }

    #[test]
    fn variadic_parameters_take_the_middle() {
        // <src> ... <dest>
        let p = [1, 2];
        assert_eq!(positional_index(&p, Some(0), 0, 1), Some(1));
        assert_eq!(positional_index(&p, Some(0), 1, 2), Some(2));
        assert_eq!(positional_index(&p, Some(0), 3, 4), Some(2));
        assert_eq!(positional_index(&p, Some(0), 1, 3), Some(1));
        // <image> [AS <name>]
        assert_eq!(positional_index(&[1, 2], None, 2, 3), Some(2));
    }

    #[test]
    fn json_arguments_count_commas_outside_strings() {
        assert_eq!(json_argument("[\"a\", \"b,c"), Some((1, 2)));
        assert_eq!(json_argument("["), Some((0, 1)));
        assert_eq!(json_argument("[\"a\"]"), None);
    }
}
