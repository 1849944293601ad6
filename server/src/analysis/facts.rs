//! Facts computed once per document version and shared by every rule: the shell scripts of
//! RUN, CMD, ENTRYPOINT and HEALTHCHECK CMD (ONBUILD triggers included) read with tree-sitter-bash.

use std::collections::HashMap;

use crate::analysis::model::{Args, Instruction, InstructionKind, Model};
use crate::analysis::shell::Script;

#[derive(Debug, Default)]
pub struct Facts {
    /// By the start offset of the instruction (a trigger starts after its ONBUILD, so every
    /// instruction has its own key).
    scripts: HashMap<usize, Script>,
}

impl Facts {
    pub fn compute(text: &str, model: &Model) -> Facts {
        let mut scripts = HashMap::new();
        for top in &model.instructions {
            let instruction = match (&top.kind, &top.args) {
                (InstructionKind::Onbuild, Args::Onbuild(trigger)) => &**trigger,
                _ => top,
            };
            if let Some(script) = Script::from_instruction(text, instruction, model.escape) {
                scripts.insert(instruction.range.start, script);
            }
        }
        Facts { scripts }
    }

    /// The script an instruction runs, read as shell; `None` for instructions that run none.
    pub fn script(&self, instruction: &Instruction) -> Option<&Script> {
        self.scripts.get(&instruction.range.start)
    }
}
