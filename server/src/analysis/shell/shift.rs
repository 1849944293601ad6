//! Moving a script's facts to another place in the document. An edit elsewhere in the file moves
//! an unchanged RUN without changing it, so its facts are reused, shifted, instead of reparsed.

use super::packages::{Cleanup, OptionWord, Package, PackageCommand, Version};
use super::source_map::SourceMap;
use super::{Assignment, Command, Pipeline, Redirect, Script, SyntaxError, Word};
use crate::analysis::shift::Shift;

impl Shift for Word {
    fn shift(&mut self, delta: isize) {
        self.range.shift(delta);
        self.value_start.shift(delta);
    }
}

impl Shift for Assignment {
    fn shift(&mut self, delta: isize) {
        self.value.shift(delta);
        self.range.shift(delta);
    }
}

impl Shift for Redirect {
    fn shift(&mut self, delta: isize) {
        self.target.shift(delta);
        self.range.shift(delta);
    }
}

impl Shift for Command {
    fn shift(&mut self, delta: isize) {
        self.name.shift(delta);
        self.args.shift(delta);
        self.assignments.shift(delta);
        self.redirects.shift(delta);
        self.range.shift(delta);
    }
}

impl Shift for Pipeline {
    fn shift(&mut self, delta: isize) {
        self.range.shift(delta);
    }
}

impl Shift for SyntaxError {
    fn shift(&mut self, delta: isize) {
        self.range.shift(delta);
    }
}

impl Shift for OptionWord {
    fn shift(&mut self, delta: isize) {
        self.flag.shift(delta);
        self.value.shift(delta);
    }
}

impl Shift for Version {
    fn shift(&mut self, delta: isize) {
        self.range.shift(delta);
    }
}

impl Shift for Package {
    fn shift(&mut self, delta: isize) {
        self.word.shift(delta);
        self.name_range.shift(delta);
        self.version.shift(delta);
    }
}

impl Shift for PackageCommand {
    fn shift(&mut self, delta: isize) {
        self.subcommand.shift(delta);
        self.options.shift(delta);
        self.packages.shift(delta);
        self.operands.shift(delta);
        self.range.shift(delta);
    }
}

impl Shift for Cleanup {
    fn shift(&mut self, delta: isize) {
        self.range.shift(delta);
    }
}

impl Shift for SourceMap {
    fn shift(&mut self, delta: isize) {
        self.shift_doc(delta);
    }
}

impl Script {
    /// The same facts for the same script text standing `delta` bytes further in the document.
    pub fn shifted(&self, delta: isize) -> Script {
        let mut script = self.clone();
        if delta != 0 {
            script.map.shift(delta);
            script.commands.shift(delta);
            script.pipelines.shift(delta);
            script.errors.shift(delta);
            script.packages.shift(delta);
            script.cleanups.shift(delta);
        }
        script
    }
}
