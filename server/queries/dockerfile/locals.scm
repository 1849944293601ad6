; Definitions and references for Neovim and Helix: build arguments, environment variables and stage
; names. The grammar has no node for a stage (instructions are siblings), so the file is the one
; scope; BuildKit's finer scoping (a global ARG is visible in a stage only after the stage declares
; it again) is what the language server's navigation implements.

(source_file) @local.scope

(arg_instruction
  name: (_) @local.definition.variable.parameter)

(env_pair
  name: (_) @local.definition.variable)

(from_instruction
  as: (image_alias) @local.definition.label)

(expansion
  (variable) @local.reference)
