//! Escaping for the XML reports (`checkstyle.rs`, `junit.rs`): they only write elements with
//! attributes and text, so escaping is all they need from an XML library.

/// Whether XML 1.0 allows `c` in a document (its `Char` production): tab, line feed, carriage
/// return and everything from U+0020 up, except the surrogates and U+FFFE/U+FFFF.
fn allowed(c: char) -> bool {
    matches!(c as u32, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

/// `text` for an attribute value in double quotes. Line breaks and tabs become character
/// references, which survive the normalisation XML parsers apply to attribute values; a
/// character XML 1.0 forbids (other control characters, U+FFFE, U+FFFF) becomes U+FFFD, since
/// no escape can carry it.
pub fn attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if allowed(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// `text` for element content: as [`attribute`], but line feeds and tabs stay as they are. A
/// carriage return is written as a reference, which parsers keep (a literal one would be
/// folded into the line feed after it).
pub fn text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c if allowed(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_quotes_and_forbidden_characters() {
        assert_eq!(
            attribute("a<b & \"c\" 'd'>\n\t中文\u{1}\u{FFFE}😀"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;&#10;&#9;中文\u{FFFD}\u{FFFD}😀"
        );
        assert_eq!(
            text("x < y && z\r\n\u{0}\u{1B}\tok"),
            "x &lt; y &amp;&amp; z&#13;\n\u{FFFD}\u{FFFD}\tok"
        );
        // C1 controls and the private-use area are allowed by XML 1.0.
        assert_eq!(text("\u{85}\u{E000}"), "\u{85}\u{E000}");
    }
}
