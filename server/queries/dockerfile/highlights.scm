; Highlighting for tree-sitter-dockerfile, shared by Neovim, Helix and dockerfile-lsp (whose semantic
; tokens are this query's captures, mapped to LSP token types in server/src/analysis/tokens.rs).
;
; Capture names are the ones both editors theme (Helix falls back along the dots, e.g.
; `string.escape` to `string`; Neovim does the same for the ones it lacks).
;
; No node is captured by two patterns: Neovim lets the last matching pattern win and Helix the first,
; so a node with two captures would look different in the two editors. Nested nodes are fine (the
; inner one wins everywhere).
;
; Regular expressions must mean the same to Neovim (Vim regex in "very magic" mode, where `=`, `#`,
; `<`, `{` and `@` are special) and to Helix and the server (Rust regex): punctuation is written inside
; brackets (`[=]`).

; Parser directives (`# syntax=...`, `# escape=...`, `# check=...`) are comments of the form
; `# key=value`; any other comment is a plain comment.
((comment) @keyword.directive
  (#match? @keyword.directive "^[#][ \t]*[a-zA-Z]+[ \t]*[=]"))

((comment) @comment
  (#not-match? @comment "^[#][ \t]*[a-zA-Z]+[ \t]*[=]"))

[
  "FROM"
  "AS"
  "RUN"
  "CMD"
  "LABEL"
  "MAINTAINER"
  "EXPOSE"
  "ENV"
  "ADD"
  "COPY"
  "ENTRYPOINT"
  "VOLUME"
  "USER"
  "WORKDIR"
  "ARG"
  "ONBUILD"
  "STOPSIGNAL"
  "HEALTHCHECK"
  "SHELL"
  "CROSS_BUILD"
  "NONE"
] @keyword

; Images: FROM name:tag@digest AS alias
(image_name) @type
(image_tag) @constant
(image_digest) @constant
(image_alias) @label

; Flags such as --from=builder and --mount=type=cache,target=/root/.cache
(param) @attribute
(mount_param) @attribute

; Variables: their declarations and their uses
(arg_instruction
  name: (_) @variable)
(env_pair
  name: (_) @variable)
(expansion
  [
    "$"
    "{"
    "}"
  ] @punctuation.special)
(variable) @variable

; Values: defaults of ARG, values of ENV and LABEL, quoted or not
(arg_instruction
  default: (unquoted_string) @string)
(env_pair
  value: (unquoted_string) @string)
(label_pair
  key: (unquoted_string) @property)
(label_pair
  value: (unquoted_string) @string)

[
  (double_quoted_string)
  (single_quoted_string)
  (json_string)
] @string

(escape_sequence) @string.escape

(path) @string.special.path

; USER name[:group]
(user_instruction
  user: (_) @string.special)
(user_instruction
  group: (_) @string.special)

(expose_port) @constant.numeric

; The body of a heredoc that is a file (COPY, ADD); a RUN heredoc is a script, highlighted through
; injections.scm.
(copy_instruction
  (heredoc_block
    (heredoc_line) @string))
(add_instruction
  (heredoc_block
    (heredoc_line) @string))

[
  (heredoc_marker)
  (heredoc_end)
] @label

(line_continuation) @punctuation.special

"=" @operator

[
  ":"
  "@"
  ","
] @punctuation.delimiter

[
  "["
  "]"
] @punctuation.bracket
