; Languages inside a Dockerfile, for Neovim and Helix.

; The shell form of RUN, CMD, ENTRYPOINT and HEALTHCHECK CMD is a shell script. Its line
; continuations are children of the command; bash reads `\` before a line break the same way, so
; they are kept in the injected text.
((shell_command) @injection.content
  (#set! injection.language "bash")
  (#set! injection.include-children))

; The body of a RUN heredoc is the script the shell runs; all its lines form one script.
((run_instruction
  (heredoc_block
    (heredoc_line) @injection.content))
  (#set! injection.language "bash")
  (#set! injection.combined))

; Comments are where TODO and FIXME notes live.
((comment) @injection.content
  (#set! injection.language "comment"))
