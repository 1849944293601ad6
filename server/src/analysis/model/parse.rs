//! Placeholder scanner, replaced by the BuildKit-faithful one.

use super::Model;

pub fn parse(_text: &str) -> Model {
    Model {
        directives: Vec::new(),
        escape: '\\',
        instructions: Vec::new(),
        comments: Vec::new(),
        stages: Vec::new(),
        empty_continuation_lines: Vec::new(),
        problems: Vec::new(),
    }
}
