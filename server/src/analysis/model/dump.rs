//! The model printed in the format of BuildKit's `Node.Dump()`, one `(instruction flags args)`
//! line per instruction, so the model can be compared byte for byte with BuildKit's parser test
//! results.

use super::{Args, Instruction, InstructionKind, Model};

/// The whole model, as `result.AST.Dump() + "\n"`.
pub fn dump(model: &Model) -> String {
    let mut out = String::new();
    for ins in &model.instructions {
        out.push('(');
        out.push_str(&dump_instruction(ins));
        out.push_str(")\n");
    }
    let trimmed = out.trim();
    format!("{trimmed}\n")
}

/// One instruction, without the surrounding parentheses.
pub fn dump_instruction(ins: &Instruction) -> String {
    let mut s = ins.keyword.value.to_lowercase();
    let flags: Vec<String> = ins
        .flags
        .iter()
        .filter(|f| f.dashes == 2)
        .map(|f| {
            let mut w = format!("--{}", f.name.value);
            if let Some(v) = &f.value {
                w.push('=');
                w.push_str(&v.value);
            }
            go_quote(&w)
        })
        .collect();
    if !flags.is_empty() {
        s.push_str(" [");
        s.push_str(&flags.join(" "));
        s.push(']');
    }
    dump_args(ins.kind, &ins.args, &mut s);
    s.trim().to_string()
}

fn push_quoted(out: &mut String, value: &str) {
    out.push(' ');
    out.push_str(&go_quote(value));
}

fn dump_args(kind: InstructionKind, args: &Args, out: &mut String) {
    match args {
        // BuildKit's `parseIgnore` leaves one empty node after an unknown keyword.
        Args::None if kind == InstructionKind::Unknown => push_quoted(out, ""),
        Args::None => {}
        Args::Json { elements, .. } => elements.iter().for_each(|e| push_quoted(out, &e.value)),
        Args::Shell { text, .. } => push_quoted(out, text),
        Args::Words(words) => words.iter().for_each(|w| push_quoted(out, &w.raw)),
        Args::KeyValues(pairs) if kind == InstructionKind::Arg => {
            for kv in pairs {
                let mut w = kv.raw_key.clone();
                if let Some(v) = &kv.value {
                    w.push('=');
                    w.push_str(&v.raw);
                }
                push_quoted(out, &w);
            }
        }
        Args::KeyValues(pairs) => {
            for kv in pairs {
                push_quoted(out, &kv.raw_key);
                push_quoted(out, kv.value.as_ref().map_or("", |v| v.raw.as_str()));
                push_quoted(out, if kv.legacy { "" } else { "=" });
            }
        }
        Args::Healthcheck { cmd, keyword } => {
            push_quoted(out, &keyword.value);
            if let Some(cmd) = cmd {
                dump_args(InstructionKind::Healthcheck, cmd, out);
            }
        }
        Args::Onbuild(inner) => {
            out.push_str(" (");
            out.push_str(&dump_instruction(inner));
            out.push(')');
        }
    }
}

/// Go's `strconv.Quote`.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if is_go_print(c) => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// An approximation of Go's `unicode.IsPrint` without the Unicode category tables: controls,
/// spaces other than U+0020, format characters, private use and noncharacters are not printable;
/// unassigned code points are taken as printable.
fn is_go_print(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    let u = c as u32;
    let format = matches!(
        u,
        0xAD | 0x600..=0x605
            | 0x61C
            | 0x6DD
            | 0x70F
            | 0x890..=0x891
            | 0x8E2
            | 0x180E
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x2064
            | 0x2066..=0x206F
            | 0xFEFF
            | 0xFFF9..=0xFFFB
            | 0x110BD
            | 0x110CD
            | 0x13430..=0x1343F
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0001
            | 0xE0020..=0xE007F
    );
    let private = matches!(u, 0xE000..=0xF8FF | 0xF0000..=0x10FFFF);
    let nonchar = matches!(u, 0xFDD0..=0xFDEF) || (u & 0xFFFE) == 0xFFFE;
    !(format || private || nonchar)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_like_go() {
        assert_eq!(go_quote("a \"b\" \\ c"), r#""a \"b\" \\ c""#);
        assert_eq!(go_quote("\u{0}\t\n\u{7f}"), r#""\x00\t\n\x7f""#);
        assert_eq!(go_quote("♥ ☃ é"), "\"♥ ☃ é\"");
        assert_eq!(go_quote("\u{a0}\u{200b}\u{e000}"), r#""\u00a0\u200b\ue000""#);
        assert_eq!(go_quote("\u{f0000}"), r#""\U000f0000""#);
    }
}
