-- dockerfile-lsp for Neovim 0.11+: found on the runtime path by `vim.lsp.enable('dockerfile_lsp')`.
-- Override any field with `vim.lsp.config('dockerfile_lsp', { ... })`, e.g. `cmd` for a binary not on PATH.
return {
  -- `serve` speaks LSP on stdio; `--stdio` is accepted too, for clients that add it.
  cmd = { 'dockerfile-lsp', 'serve' },
  filetypes = { 'dockerfile' },
  -- A build context is usually marked by a .dockerignore; a repository root will do otherwise. With
  -- neither, the server still runs for the single file.
  root_markers = { '.dockerignore', '.git' },
}
