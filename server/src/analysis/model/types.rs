//! Types of the semantic model. Ranges are byte ranges into the document text; values are what
//! BuildKit would see (continuations joined, quotes handled per instruction), ranges point back
//! at the source.

use crate::syntax::TextRange;

/// A value and where it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub range: TextRange,
}

impl<T> Spanned<T> {
    pub fn new(value: T, range: TextRange) -> Self {
        Self { value, range }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DirectiveKind {
    Syntax,
    Escape,
    Check,
}

/// `# syntax=...`, `# escape=...`, `# check=...` at the top of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    pub kind: DirectiveKind,
    /// The name as written (directive names are case-insensitive).
    pub name: Spanned<String>,
    pub value: Spanned<String>,
    /// The whole comment line from `#` (line break excluded).
    pub range: TextRange,
}

/// The 18 instructions of the Dockerfile reference (plus the legacy `CROSS_BUILD_*` family that
/// some multi-arch images use, which BuildKit rejects), or an unknown keyword.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum InstructionKind {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
    Unknown,
}

impl InstructionKind {
    pub const ALL: [InstructionKind; 18] = [
        InstructionKind::Add,
        InstructionKind::Arg,
        InstructionKind::Cmd,
        InstructionKind::Copy,
        InstructionKind::Entrypoint,
        InstructionKind::Env,
        InstructionKind::Expose,
        InstructionKind::From,
        InstructionKind::Healthcheck,
        InstructionKind::Label,
        InstructionKind::Maintainer,
        InstructionKind::Onbuild,
        InstructionKind::Run,
        InstructionKind::Shell,
        InstructionKind::Stopsignal,
        InstructionKind::User,
        InstructionKind::Volume,
        InstructionKind::Workdir,
    ];

    /// Case-insensitive, as BuildKit matches keywords.
    pub fn from_keyword(keyword: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|k| k.keyword().eq_ignore_ascii_case(keyword))
            .unwrap_or(InstructionKind::Unknown)
    }

    /// The canonical upper-case keyword (`""` for unknown).
    pub const fn keyword(self) -> &'static str {
        match self {
            InstructionKind::Add => "ADD",
            InstructionKind::Arg => "ARG",
            InstructionKind::Cmd => "CMD",
            InstructionKind::Copy => "COPY",
            InstructionKind::Entrypoint => "ENTRYPOINT",
            InstructionKind::Env => "ENV",
            InstructionKind::Expose => "EXPOSE",
            InstructionKind::From => "FROM",
            InstructionKind::Healthcheck => "HEALTHCHECK",
            InstructionKind::Label => "LABEL",
            InstructionKind::Maintainer => "MAINTAINER",
            InstructionKind::Onbuild => "ONBUILD",
            InstructionKind::Run => "RUN",
            InstructionKind::Shell => "SHELL",
            InstructionKind::Stopsignal => "STOPSIGNAL",
            InstructionKind::User => "USER",
            InstructionKind::Volume => "VOLUME",
            InstructionKind::Workdir => "WORKDIR",
            InstructionKind::Unknown => "",
        }
    }
}

/// A leading `--name[=value]` word of an instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flag {
    /// Without the dashes, as written (`from`, `mount`); a single-dash typo keeps its one dash
    /// in [`Flag::dashes`].
    pub name: Spanned<String>,
    /// `None` for a bare `--link`; `Some("")` for `--from=`.
    pub value: Option<Spanned<String>>,
    /// 2 for `--x`, 1 for the `-x` typo (which BuildKit does not take as a flag).
    pub dashes: u8,
    /// The whole word, dashes included.
    pub range: TextRange,
}

/// One word of an argument list: BuildKit's value (quotes removed where BuildKit removes them,
/// continuations joined) and the source range it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// Quotes and escapes processed as BuildKit's expansion processes them, variables left as
    /// written (`"$HOME/a b"` is `$HOME/a b`); the decoded string for a JSON element; the raw
    /// text for MAINTAINER, which BuildKit does not expand.
    pub value: String,
    /// The word as written (with its quotes), continuations removed.
    pub raw: String,
    pub range: TextRange,
}

/// `key=value` (or the legacy `key value` form) in ENV, LABEL and ARG.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyValue {
    /// The name with quotes and escapes processed (`"A"` is `A`).
    pub key: Spanned<String>,
    /// The name as BuildKit's parser stores it before expansion (quotes and escapes kept).
    pub raw_key: String,
    /// `None` for an ARG without a default.
    pub value: Option<Word>,
    /// Written as `key value` rather than `key=value`.
    pub legacy: bool,
    pub range: TextRange,
}

/// A heredoc attached to an instruction: `<<EOF`, `<<-EOF`, `<<"EOF"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heredoc {
    /// The delimiter word without quotes or `-`.
    pub name: Spanned<String>,
    /// The whole `<<-"EOF"` marker on the instruction line.
    pub marker: TextRange,
    /// `<<-`: leading tabs are stripped from the body.
    pub strip_tabs: bool,
    /// The delimiter was quoted: no expansion in the body.
    pub quoted: bool,
    /// The body as BuildKit passes it (tabs stripped for `<<-`): every line with its line
    /// break, `""` for an empty body.
    pub content: String,
    /// The body's lines in the source, from the line after the instruction to before the
    /// terminator.
    pub body: TextRange,
    /// The terminator line, `None` when the file ends first.
    pub end: Option<TextRange>,
}

/// The arguments after the keyword and flags, in the form BuildKit reads them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Args {
    /// Nothing after the keyword (and flags).
    None,
    /// A valid JSON array of strings (exec form, or the JSON form of COPY/ADD/VOLUME/SHELL).
    Json { elements: Vec<Word>, range: TextRange },
    /// Shell form of RUN, CMD, ENTRYPOINT (and of SHELL and HEALTHCHECK's command when not
    /// JSON): the command text with continuations joined, as BuildKit passes it to the shell.
    Shell { text: String, range: TextRange },
    /// Words split at blanks, quotes not special, as BuildKit splits FROM (`AS name` included),
    /// EXPOSE and the non-JSON COPY, ADD and VOLUME; or the single string of WORKDIR, USER,
    /// STOPSIGNAL and MAINTAINER.
    Words(Vec<Word>),
    /// ENV, LABEL and ARG.
    KeyValues(Vec<KeyValue>),
    /// HEALTHCHECK: `NONE`, or `CMD` followed by its command.
    Healthcheck {
        /// What follows the type word, read like CMD; `None` when nothing does.
        cmd: Option<Box<Args>>,
        /// The type word as written (`CMD`, `NONE`, or anything BuildKit would reject).
        keyword: Spanned<String>,
    },
    /// ONBUILD: the trigger instruction, with its own flags, arguments and variables (expanded
    /// when a child image builds, so they are not in the ONBUILD's [`Instruction::vars`]).
    Onbuild(Box<Instruction>),
}

/// `$NAME` or `${NAME...}` inside an argument.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VarRef {
    pub name: Spanned<String>,
    /// `${A:-x}` etc.: the operator (`:-`, `-`, `:+`, `+`, `:?`, `?`, `#`, `##`, `%`, `%%`, `/`,
    /// `//`) and its word as written (`x`; `pattern/replacement` for `/`).
    pub modifier: Option<(String, String)>,
    /// Braced `${...}` form.
    pub braced: bool,
    /// From `$` to the end of the name or the closing `}`.
    pub range: TextRange,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instruction {
    pub kind: InstructionKind,
    /// The keyword as written.
    pub keyword: Spanned<String>,
    pub flags: Vec<Flag>,
    pub args: Args,
    pub heredocs: Vec<Heredoc>,
    /// Variable references that BuildKit expands in this instruction, in source order: the
    /// arguments of ADD, ARG, COPY, ENV, EXPOSE, FROM (the base only), LABEL, STOPSIGNAL, USER,
    /// VOLUME and WORKDIR, the flag values of ADD, COPY, FROM and RUN, and the bodies of
    /// unquoted COPY/ADD heredocs. Not the arguments of RUN, CMD, ENTRYPOINT and SHELL, which the
    /// shell expands, nor nested `${A:-$B}` references twice (both `A` and `B` are listed).
    pub vars: Vec<VarRef>,
    /// From the keyword to the end of the last line that gave the instruction text (trailing
    /// comment or blank lines of a continuation excluded), or to the end of the last heredoc
    /// terminator; line breaks excluded.
    pub range: TextRange,
    /// The logical line as BuildKit sees it: continuation lines joined, comments inside the
    /// continuation removed.
    pub original: String,
}

impl Instruction {
    /// The first flag BuildKit sees with this name (case-insensitive); one-dash typos, which
    /// BuildKit takes as arguments, are not returned.
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags
            .iter()
            .find(|f| f.dashes == 2 && f.name.value.eq_ignore_ascii_case(name))
    }
}

/// A parsed image reference `[registry/][namespace/]repository[:tag][@digest]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageRef {
    /// `None` when implicit (Docker Hub).
    pub registry: Option<Spanned<String>>,
    /// Path without registry, as written (`library/` not added).
    pub repository: Spanned<String>,
    pub tag: Option<Spanned<String>>,
    pub digest: Option<Spanned<String>>,
}

/// What a stage is built on.
// One per stage: keeping the image inline costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Base {
    /// An earlier stage, by index (its name matched case-insensitively after expansion).
    Stage(usize),
    /// `scratch`.
    Scratch,
    /// An image; `written` is the first argument of FROM (an empty word at the keyword's end
    /// when there is none); `resolved` is the reference after expanding global ARG defaults
    /// (unset variables expand to nothing, as in BuildKit); `image` is
    /// `None` when it cannot be parsed (unresolved variable or invalid). The parts' ranges
    /// point into the reference when it is written literally; when variables were substituted
    /// every part has the range of the whole written reference.
    Image {
        written: Word,
        resolved: String,
        image: Option<ImageRef>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stage {
    pub index: usize,
    /// `AS name`, as written.
    pub name: Option<Spanned<String>>,
    /// Index of the FROM instruction in [`Model::instructions`].
    pub from: usize,
    pub base: Base,
    /// Indices of this stage's instructions (FROM included) in [`Model::instructions`].
    pub instructions: std::ops::Range<usize>,
}

/// What BuildKit would reject, or what our parser noticed while scanning, with the rule it
/// belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// A rule id from the catalog (`syntax-error`, `missing-arguments`, ...).
    pub rule: &'static str,
    pub range: TextRange,
    pub message: String,
    /// BuildKit refuses the Dockerfile because of it; `false` for what BuildKit accepts (it
    /// warns, or silently reads it another way: invalid JSON taken as shell form, a misplaced
    /// directive taken as a comment).
    pub fatal: bool,
}

/// A comment line that is not a parser directive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// The text after `#`, trimmed.
    pub text: String,
    /// From `#` to the end of the line (line break excluded). Comment lines inside a continued
    /// instruction are comments too.
    pub range: TextRange,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Model {
    /// In file order; a repeated directive is listed too (and reported), only the first of a
    /// kind counts.
    pub directives: Vec<Directive>,
    /// `\` or `` ` ``.
    pub escape: char,
    pub instructions: Vec<Instruction>,
    pub comments: Vec<Comment>,
    pub stages: Vec<Stage>,
    /// Blank lines inside a continued instruction (BuildKit warns about them), each from its
    /// first byte to the start of the next line (its line break included).
    pub empty_continuation_lines: Vec<TextRange>,
    pub problems: Vec<Problem>,
}

impl Model {
    /// The index of the stage a top-level instruction belongs to; `None` before the first FROM.
    pub fn stage_of(&self, index: usize) -> Option<usize> {
        // Stages cover consecutive, increasing runs of instructions.
        let candidate = self.stages.partition_point(|s| s.instructions.end <= index);
        self.stages
            .get(candidate)
            .filter(|s| s.instructions.contains(&index))
            .map(|_| candidate)
    }

    /// `stage` and the stages it is built on through `FROM <stage>`, nearest first.
    pub fn stage_chain(&self, stage: usize) -> Vec<usize> {
        let mut chain = vec![stage];
        while let Some(&last) = chain.last() {
            match self.stages.get(last).map(|s| &s.base) {
                Some(Base::Stage(parent)) if *parent < last && !chain.contains(parent) => chain.push(*parent),
                _ => break,
            }
        }
        chain
    }
}
