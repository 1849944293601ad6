; Folds for Neovim: instructions that span several lines (continuations, JSON arrays written over
; several lines, heredocs) and heredoc bodies. A stage is not a node of this grammar (instructions are
; siblings), so folding whole stages is left to the language server's foldingRange.

[
  (from_instruction)
  (run_instruction)
  (cmd_instruction)
  (label_instruction)
  (expose_instruction)
  (env_instruction)
  (add_instruction)
  (copy_instruction)
  (entrypoint_instruction)
  (volume_instruction)
  (user_instruction)
  (workdir_instruction)
  (arg_instruction)
  (onbuild_instruction)
  (stopsignal_instruction)
  (healthcheck_instruction)
  (shell_instruction)
  (maintainer_instruction)
  (heredoc_block)
  (json_string_array)
] @fold
