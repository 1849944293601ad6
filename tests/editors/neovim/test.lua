-- Headless Neovim test of editors/neovim against the real server. Runs on 0.7 and 0.11.
--
-- Environment: DOCKERFILE_LSP_BIN (server), PLUGIN_DIR (editors/neovim), PROJECT_DIR (a copy of
-- fixtures/project), MODE (`setup`: require('dockerfile_lsp').setup(); `enable`: vim.lsp.enable with
-- lsp/dockerfile_lsp.lua from the runtime path, 0.11+ only).
-- Prints one line per check (`ok`, `skip`, `FAIL`) and exits non-zero when any check failed.

local TIMEOUT_MS = 15000

local bin = assert(os.getenv('DOCKERFILE_LSP_BIN'), 'DOCKERFILE_LSP_BIN not set')
local plugin_dir = assert(os.getenv('PLUGIN_DIR'), 'PLUGIN_DIR not set')
local project = assert(os.getenv('PROJECT_DIR'), 'PROJECT_DIR not set')
local mode = os.getenv('MODE') or 'setup'

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

local function skip(name, reason)
  out('skip ' .. name .. ': ' .. reason)
end

local function finish()
  if failed > 0 then
    local log = vim.lsp.get_log_path and vim.lsp.get_log_path()
    if log and vim.fn.filereadable(log) == 1 then
      out('--- tail of ' .. log)
      local lines = vim.fn.readfile(log)
      for i = math.max(1, #lines - 30), #lines do
        out(lines[i])
      end
    end
    vim.cmd('cquit 1')
  else
    vim.cmd('qall!')
  end
end

-- Counts pushed publishDiagnostics, only to report whether the server pushed or answered pulls
-- (it pushes to 0.7, which cannot pull, and answers pulls from 0.10+).
local pushes = 0
local uri
local publish_default = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  if result and result.uri == uri then
    pushes = pushes + 1
  end
  return publish_default(err, result, ctx, config)
end

local bufnr, client

local function clients_of(bufnr)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = bufnr })
  end
  return vim.tbl_values(vim.lsp.buf_get_clients(bufnr))
end

local function our_client(bufnr)
  for _, c in ipairs(clients_of(bufnr)) do
    if c.name == 'dockerfile_lsp' then
      return c
    end
  end
  return nil
end

-- Our client's diagnostics as Neovim holds them (push and pull namespaces alike), turned back into
-- LSP shape. The fixture is ASCII, so byte columns equal UTF-16 ones.
local function our_diagnostics(bufnr, client)
  local namespaces = { vim.lsp.diagnostic.get_namespace(client.id) }
  if (client.server_capabilities or {}).diagnosticProvider then
    table.insert(namespaces, vim.lsp.diagnostic.get_namespace(client.id, true))
  end
  local found = {}
  for _, ns in ipairs(namespaces) do
    for _, d in ipairs(vim.diagnostic.get(bufnr, { namespace = ns })) do
      local lsp = (d.user_data or {}).lsp or {}
      table.insert(found, {
        range = lsp.range or {
          start = { line = d.lnum, character = d.col },
          ['end'] = { line = d.end_lnum or d.lnum, character = d.end_col or d.col },
        },
        severity = lsp.severity or d.severity,
        code = d.code or lsp.code,
        source = d.source or lsp.source,
        message = d.message,
      })
    end
  end
  return found
end

local function line_diagnostics(lnum)
  local found = {}
  for _, d in ipairs(our_diagnostics(bufnr, client)) do
    if d.range.start.line == lnum then
      table.insert(found, d)
    end
  end
  return found
end

local function describe(diags)
  local parts = {}
  for _, d in ipairs(diags or {}) do
    table.insert(
      parts,
      string.format('%d:%d %s[%s] %s', d.range.start.line + 1, d.range.start.character + 1, d.source or '?', tostring(d.code), d.message)
    )
  end
  return #parts > 0 and table.concat(parts, ' | ') or '(none)'
end

-- 1. Wire up the plugin exactly as a user would.
vim.opt.runtimepath:prepend(plugin_dir)
vim.cmd('filetype on')
if mode == 'enable' then
  if not vim.lsp.enable then
    fail('enable', 'this Neovim has no vim.lsp.enable (needs 0.11+)')
    return finish()
  end
  -- Only cmd is overridden: filetypes and root_markers must come from our lsp/dockerfile_lsp.lua.
  vim.lsp.config('dockerfile_lsp', { cmd = { bin, 'serve' } })
  local merged = vim.lsp.config['dockerfile_lsp'] or {}
  if vim.deep_equal(merged.filetypes, { 'dockerfile' }) and type(merged.root_markers) == 'table' then
    ok('lsp/dockerfile_lsp.lua read from the runtime path', 'root_markers=' .. table.concat(merged.root_markers, ','))
  else
    fail('lsp/dockerfile_lsp.lua read from the runtime path', 'vim.lsp.config has ' .. vim.inspect(merged))
  end
  vim.lsp.enable('dockerfile_lsp')
else
  require('dockerfile_lsp').setup({ cmd = { bin, 'serve' } })
end

-- 2. Filetype detection for the names Docker and Podman use.
for _, name in ipairs({ 'Containerfile', 'Containerfile.dev', 'app.Dockerfile', 'Dockerfile.prod' }) do
  local b = vim.fn.bufadd(project .. '/ftcheck/' .. name)
  vim.fn.bufload(b)
  local ft = vim.bo[b].filetype
  if ft == 'dockerfile' then
    ok('filetype of ' .. name)
  else
    fail('filetype of ' .. name, string.format("got '%s', want 'dockerfile'", ft))
  end
end

-- 3. Open the sample; our client must attach.
vim.cmd('edit ' .. vim.fn.fnameescape(project .. '/Containerfile'))
bufnr = vim.api.nvim_get_current_buf()
uri = vim.uri_from_bufnr(bufnr)
vim.wait(TIMEOUT_MS, function()
  client = our_client(bufnr)
  return client ~= nil and client.initialized ~= false
end, 50)
if not client then
  fail('client attaches', 'no dockerfile_lsp client attached to the Containerfile buffer within ' .. TIMEOUT_MS .. ' ms')
  return finish()
end
ok('client attaches', string.format('root %s', tostring(client.config.root_dir)))
if client.config.root_dir ~= project then
  fail('root directory', string.format('%s, want %s (the folder with .dockerignore)', tostring(client.config.root_dir), project))
end

-- 4. Diagnostics pushed after didOpen: `FORM builder` on line 5 is an unknown instruction.
local FORM_LINE = 4
vim.wait(TIMEOUT_MS, function()
  return #line_diagnostics(FORM_LINE) > 0
end, 50)
local form_diags = line_diagnostics(FORM_LINE)
if #form_diags == 0 then
  fail('diagnostic after didOpen', 'no diagnostic on line 5 (`FORM builder`); our client has ' .. describe(our_diagnostics(bufnr, client)))
  return finish()
end
ok('diagnostic shown in the buffer', describe(form_diags) .. (pushes > 0 and ' (pushed)' or ' (pulled)'))
if #form_diags > 1 then
  -- A server that both pushes and answers pulls shows everything twice.
  fail('diagnostic shown once', #form_diags .. ' copies: ' .. describe(form_diags))
end
local form = form_diags[1]
if form.code ~= 'unknown-instruction' then
  fail('diagnostic rule id', string.format("code %s, want 'unknown-instruction'", vim.inspect(form.code)))
elseif form.range.start.character ~= 0 or form.range['end'].character ~= 4 then
  fail('diagnostic range', 'want the `FORM` keyword (0..4), got ' .. vim.inspect(form.range))
else
  ok('diagnostic rule id and range', 'unknown-instruction on `FORM`')
end

-- 5. Capability-gated checks for features the server adds over time: each runs as soon as the server
-- advertises the capability, and reports a skip until then.
local caps = client.server_capabilities or {}

local function request(method, params)
  local responses = vim.lsp.buf_request_sync(bufnr, method, params, TIMEOUT_MS)
  if not responses then
    return nil, 'no response within ' .. TIMEOUT_MS .. ' ms'
  end
  local r = responses[client.id]
  if not r then
    return nil, 'our client did not answer'
  end
  if r.err then
    return nil, vim.inspect(r.err)
  end
  return r.result
end

local function position(line, character)
  return { textDocument = { uri = uri }, position = { line = line, character = character } }
end

if caps.hoverProvider then
  -- Line 1 starts with `FROM`; any instruction hover must at least name it.
  local result, err = request('textDocument/hover', position(0, 1))
  local text = ''
  if result and result.contents then
    local c = result.contents
    text = type(c) == 'string' and c or (c.value or vim.inspect(c))
  end
  if err then
    fail('hover on FROM', err)
  elseif not text:find('FROM') then
    fail('hover on FROM', 'hover text does not mention FROM: ' .. vim.inspect(result))
  else
    ok('hover on FROM', (text:gsub('\n.*', '')))
  end
else
  skip('hover on FROM', 'server does not advertise hoverProvider yet')
end

if caps.completionProvider then
  -- Line 6 is `COPY --from=builder ...`; at the `=` the stage names are the candidates.
  local col = #'COPY --from='
  local result, err = request('textDocument/completion', position(5, col))
  local items = result and (result.items or result) or {}
  local labels = {}
  for _, item in ipairs(items) do
    table.insert(labels, item.label)
  end
  if err then
    fail('completion after COPY --from=', err)
  elseif not vim.tbl_contains(labels, 'builder') then
    fail('completion after COPY --from=', 'stage `builder` not offered; got ' .. table.concat(labels, ', '))
  else
    ok('completion after COPY --from=', #labels .. ' items incl. builder')
  end
else
  skip('completion after COPY --from=', 'server does not advertise completionProvider yet')
end

if caps.codeActionProvider then
  local result, err = request('textDocument/codeAction', {
    textDocument = { uri = uri },
    range = form.range,
    context = { diagnostics = { form } },
  })
  local fix
  for _, action in ipairs(result or {}) do
    if action.edit and (action.kind == nil or action.kind:find('^quickfix')) then
      fix = action
      break
    end
  end
  if err then
    fail('quick fix for FORM', err)
  elseif not fix then
    fail('quick fix for FORM', 'no quickfix with an edit offered; got ' .. vim.inspect(result))
  else
    vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding or 'utf-16')
    local line = vim.api.nvim_buf_get_lines(bufnr, FORM_LINE, FORM_LINE + 1, false)[1]
    vim.wait(TIMEOUT_MS, function()
      return #line_diagnostics(FORM_LINE) == 0
    end, 50)
    if #line_diagnostics(FORM_LINE) > 0 then
      fail('quick fix for FORM', string.format("applied '%s', line is now '%s' but still %s", fix.title, line, describe(line_diagnostics(FORM_LINE))))
    else
      ok('quick fix for FORM', string.format("'%s' -> %s", fix.title, line))
    end
    -- Put the typo back so the didChange check below starts from the same text on every server.
    vim.api.nvim_buf_set_lines(bufnr, FORM_LINE, FORM_LINE + 1, false, { 'FORM builder' })
    vim.wait(TIMEOUT_MS, function()
      return #line_diagnostics(FORM_LINE) > 0
    end, 50)
  end
else
  skip('quick fix for FORM', 'server does not advertise codeActionProvider yet')
end

-- 5b. :DockerfileStageGraph (defined by setup()) shows the server's Mermaid graph in a new buffer.
if mode == 'setup' then
  if not caps.executeCommandProvider then
    skip(':DockerfileStageGraph', 'server does not advertise executeCommandProvider')
  else
    local source_win = vim.api.nvim_get_current_win()
    vim.cmd('DockerfileStageGraph')
    local graph
    vim.wait(TIMEOUT_MS, function()
      for _, b in ipairs(vim.api.nvim_list_bufs()) do
        if vim.bo[b].filetype == 'mermaid' then
          graph = b
          return true
        end
      end
      return false
    end, 50)
    local text = graph and table.concat(vim.api.nvim_buf_get_lines(graph, 0, -1, false), '\n') or ''
    if not graph then
      fail(':DockerfileStageGraph', 'no mermaid buffer appeared within ' .. TIMEOUT_MS .. ' ms')
    elseif not (text:find('^flowchart') and text:find('"builder"', 1, true)) then
      fail(':DockerfileStageGraph', 'buffer is not the stage graph: ' .. text)
    else
      ok(':DockerfileStageGraph', #vim.api.nvim_buf_get_lines(graph, 0, -1, false) .. ' lines of Mermaid')
    end
    if graph then
      vim.api.nvim_buf_delete(graph, { force = true })
    end
    vim.api.nvim_set_current_win(source_win)
  end
end

-- 6. didChange: fixing the typo by editing the buffer clears its diagnostic, and a new typo gets one.
vim.api.nvim_buf_set_lines(bufnr, FORM_LINE, FORM_LINE + 1, false, { 'RUN echo fixed' })
vim.wait(TIMEOUT_MS, function()
  return #line_diagnostics(FORM_LINE) == 0
end, 50)
if #line_diagnostics(FORM_LINE) > 0 then
  fail('diagnostic cleared after didChange', 'still ' .. describe(line_diagnostics(FORM_LINE)))
else
  ok('diagnostic cleared after didChange')
end
vim.api.nvim_buf_set_lines(bufnr, 1, 2, false, { 'RUNN echo built > /out.txt' })
vim.wait(TIMEOUT_MS, function()
  return #line_diagnostics(1) > 0
end, 50)
local runn = line_diagnostics(1)
if #runn == 0 then
  fail('diagnostic after didChange', 'no diagnostic for `RUNN` on line 2; server sent ' .. describe(our_diagnostics(bufnr, client)))
else
  ok('diagnostic after didChange', describe(runn))
end

finish()
