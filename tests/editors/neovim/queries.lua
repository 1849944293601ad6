-- Neovim 0.11 headless: our queries/dockerfile/*.scm, found through editors/neovim on the runtime
-- path, compile against the server's own tree-sitter-dockerfile grammar and highlight the sample.
--
-- Environment: PARSER (dockerfile.so built by install/dockerfile-parser.sh), PLUGIN_DIR, SAMPLE
-- (fixtures/highlight.Dockerfile).

local parser = assert(os.getenv('PARSER'), 'PARSER not set')
local plugin_dir = assert(os.getenv('PLUGIN_DIR'), 'PLUGIN_DIR not set')
local sample = assert(os.getenv('SAMPLE'), 'SAMPLE not set')

local failed = 0
local function out(line)
  io.stdout:write(line .. '\n')
  io.stdout:flush()
end
local function ok(name, detail)
  out('ok   ' .. name .. (detail and (': ' .. detail) or ''))
end
local function fail(name, reason)
  failed = failed + 1
  out('FAIL ' .. name .. ': ' .. reason)
end

vim.opt.runtimepath:prepend(plugin_dir)
vim.treesitter.language.add('dockerfile', { path = parser })

-- Every query file the plugin exposes must compile.
local files = vim.api.nvim_get_runtime_file('queries/dockerfile/*.scm', true)
local ours = {}
for _, file in ipairs(files) do
  if vim.startswith(vim.fn.resolve(file), vim.fn.resolve(plugin_dir)) or file:find(plugin_dir, 1, true) then
    table.insert(ours, file)
  end
end
if #ours == 0 then
  fail('queries on the runtime path', 'no queries/dockerfile/*.scm under ' .. plugin_dir .. ' (found: ' .. vim.inspect(files) .. ')')
end
for _, file in ipairs(ours) do
  local kind = vim.fn.fnamemodify(file, ':t:r')
  local parsed, err = pcall(vim.treesitter.query.get, 'dockerfile', kind)
  if parsed and err ~= nil then
    ok('query ' .. kind .. '.scm compiles', #err.captures .. ' capture names')
  else
    fail('query ' .. kind .. '.scm compiles', tostring(err))
  end
end

-- Highlighting of the sample through the highlights query.
vim.cmd('edit ' .. vim.fn.fnameescape(sample))
local bufnr = vim.api.nvim_get_current_buf()
local started, err = pcall(vim.treesitter.start, bufnr, 'dockerfile')
if not started then
  fail('tree-sitter highlighting starts', tostring(err))
else
  -- The highlighter parses on redraw, which a headless run never does: parse here and run the same
  -- query it uses.
  local root = vim.treesitter.get_parser(bufnr, 'dockerfile'):parse()[1]:root()
  local query = vim.treesitter.query.get('dockerfile', 'highlights')
  -- (0-based row, byte column, text there, capture it must carry)
  local expectations = {
    { 0, 0, '# build stage', 'comment' },
    { 1, 0, 'FROM', 'keyword' },
    { 1, 5, 'alpine', 'type' },
    { 1, 12, '3.20', 'constant' },
    { 1, 20, 'builder', 'label' },
    { 2, 4, 'VERSION', 'variable' },
    { 3, 4, 'APP_HOME', 'variable' },
    { 3, 13, '"/app"', 'string' },
    { 4, 4, '--mount=type=cache', 'attribute' },
    { 5, 5, '--from=builder', 'attribute' },
    { 5, 20, '/out.txt', 'string.special.path' },
    { 6, 7, '8080/tcp', 'constant.numeric' },
    { 7, 5, '"sh"', 'string' },
  }
  for _, e in ipairs(expectations) do
    local row, col, text, want = e[1], e[2], e[3], e[4]
    local names = {}
    for id, node in query:iter_captures(root, bufnr, row, row + 1) do
      if vim.treesitter.is_in_node_range(node, row, col) then
        table.insert(names, query.captures[id])
      end
    end
    if vim.tbl_contains(names, want) then
      ok(string.format('`%s` highlighted as @%s', text, want))
    else
      fail(string.format('`%s` highlighted as @%s', text, want), 'captures there: ' .. (#names > 0 and table.concat(names, ', ') or '(none)'))
    end
  end
end

if failed > 0 then
  vim.cmd('cquit 1')
else
  vim.cmd('qall!')
end
