; Highlighting for tree-sitter-dockerfile, shared by Neovim and Helix.
; Capture names are the ones both editors theme (Helix falls back along the dots, e.g.
; `string.escape` to `string`; Neovim does the same for the ones it lacks).

(comment) @comment

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
(label_pair
  key: (_) @variable)
(expansion
  [
    "$"
    "{"
    "}"
  ] @punctuation.special)
(variable) @variable

[
  (double_quoted_string)
  (single_quoted_string)
  (json_string)
] @string

(escape_sequence) @string.escape

(path) @string.special.path

(expose_port) @constant.numeric

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
