//! Moving parsed instructions, comments and problems by a byte delta, for [`super::parse_reusing`].

use super::{Args, Comment, Flag, Heredoc, Instruction, KeyValue, Problem, Spanned, VarRef, Word};
use crate::analysis::shift::Shift;

impl<T> Shift for Spanned<T> {
    fn shift(&mut self, delta: isize) {
        self.range.shift(delta);
    }
}

impl Shift for Word {
    fn shift(&mut self, delta: isize) {
        self.range.shift(delta);
    }
}

impl Shift for Flag {
    fn shift(&mut self, delta: isize) {
        self.name.shift(delta);
        self.value.shift(delta);
        self.range.shift(delta);
    }
}

impl Shift for KeyValue {
    fn shift(&mut self, delta: isize) {
        self.key.shift(delta);
        self.value.shift(delta);
        self.range.shift(delta);
    }
}

impl Shift for Heredoc {
    fn shift(&mut self, delta: isize) {
        self.name.shift(delta);
        self.marker.shift(delta);
        self.body.shift(delta);
        self.end.shift(delta);
    }
}

impl Shift for VarRef {
    fn shift(&mut self, delta: isize) {
        self.name.shift(delta);
        self.range.shift(delta);
    }
}

impl Shift for Args {
    fn shift(&mut self, delta: isize) {
        match self {
            Args::None => {}
            Args::Json { elements, range } => {
                elements.shift(delta);
                range.shift(delta);
            }
            Args::Shell { range, .. } => range.shift(delta),
            Args::Words(words) => words.shift(delta),
            Args::KeyValues(pairs) => pairs.shift(delta),
            Args::Healthcheck { cmd, keyword } => {
                if let Some(cmd) = cmd {
                    cmd.shift(delta);
                }
                keyword.shift(delta);
            }
            Args::Onbuild(trigger) => trigger.shift(delta),
        }
    }
}

impl Shift for Instruction {
    fn shift(&mut self, delta: isize) {
        self.keyword.shift(delta);
        self.flags.shift(delta);
        self.args.shift(delta);
        self.heredocs.shift(delta);
        self.vars.shift(delta);
        self.range.shift(delta);
    }
}

impl Shift for Comment {
    fn shift(&mut self, delta: isize) {
        self.range.shift(delta);
    }
}

impl Shift for Problem {
    fn shift(&mut self, delta: isize) {
        self.range.shift(delta);
    }
}
