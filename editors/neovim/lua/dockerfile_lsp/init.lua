-- dockerfile-lsp for Neovim 0.7 and later.
--
--   require('dockerfile_lsp').setup({ cmd = { '/path/to/dockerfile-lsp', 'serve' } })
--
-- On 0.11+ this registers the config through vim.lsp.config/vim.lsp.enable (the same table that
-- lsp/dockerfile_lsp.lua provides). Older versions have neither, nor vim.lsp.start before 0.8, so
-- there the client is started with vim.lsp.start_client and attached on the FileType event, one
-- client per project root.

local M = {}

local NAME = 'dockerfile_lsp'

M.defaults = {
  cmd = { 'dockerfile-lsp', 'serve' },
  filetypes = { 'dockerfile' },
  root_markers = { '.dockerignore', '.git' },
}

local uv = vim.uv or vim.loop

local function notify(msg, level)
  vim.notify('dockerfile-lsp: ' .. msg, level or vim.log.levels.ERROR)
end

local warned_missing = false

local function check_cmd(cmd)
  if type(cmd) ~= 'table' or type(cmd[1]) ~= 'string' then
    -- A function cmd (allowed on 0.11) is the user's own business.
    return true
  end
  if vim.fn.executable(cmd[1]) == 1 then
    return true
  end
  if not warned_missing then
    warned_missing = true
    notify(
      string.format(
        "server '%s' not found or not executable. Install it (`cargo install --path server` in the "
          .. 'dockerfile-lsp repository) or pass its path: '
          .. "require('dockerfile_lsp').setup({ cmd = { '/path/to/dockerfile-lsp', 'serve' } })",
        cmd[1]
      )
    )
  end
  return false
end

-- Walks up from `start` to the first directory holding one of `markers`; falls back to `start`
-- itself so a lone Dockerfile still gets a server.
local function find_root(start, markers)
  local dir = start
  while dir and dir ~= '' do
    for _, marker in ipairs(markers) do
      if uv.fs_stat(dir .. '/' .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      break
    end
    dir = parent
  end
  return start
end

local function setup_modern(config)
  vim.lsp.config(NAME, config)
  vim.lsp.enable(NAME)
end

local function setup_legacy(config)
  -- root directory -> client id
  local clients = {}

  local function attach(bufnr)
    if not vim.api.nvim_buf_is_valid(bufnr) or vim.bo[bufnr].buftype ~= '' then
      return
    end
    local file = vim.api.nvim_buf_get_name(bufnr)
    local start = file ~= '' and vim.fn.fnamemodify(file, ':p:h') or vim.fn.getcwd()
    local root = find_root(start, config.root_markers)

    local id = clients[root]
    local client = id and vim.lsp.get_client_by_id(id)
    if not client or client.is_stopped() then
      if not check_cmd(config.cmd) then
        return
      end
      id = vim.lsp.start_client({
        name = NAME,
        cmd = config.cmd,
        root_dir = root,
        workspace_folders = {
          { uri = vim.uri_from_fname(root), name = root },
        },
        init_options = config.init_options,
        settings = config.settings,
        capabilities = config.capabilities,
        on_attach = config.on_attach,
        on_exit = function()
          if clients[root] == id then
            clients[root] = nil
          end
        end,
      })
      if not id then
        notify('could not start ' .. tostring(config.cmd[1]))
        return
      end
      clients[root] = id
    end
    vim.lsp.buf_attach_client(bufnr, id)
  end

  local group = vim.api.nvim_create_augroup(NAME, { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = config.filetypes,
    callback = function(args)
      attach(args.buf)
    end,
  })

  -- Buffers that got their filetype before setup() ran would otherwise never see the event.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(config.filetypes, vim.bo[bufnr].filetype) then
      attach(bufnr)
    end
  end
end

-- The same detection as ftdetect/dockerfile.vim, for plugin managers that add this folder to the
-- runtime path after startup, when ftdetect/ is no longer read.
local function detect_filetypes()
  local group = vim.api.nvim_create_augroup('dockerfile_lsp_ftdetect', { clear = true })
  vim.api.nvim_create_autocmd({ 'BufNewFile', 'BufRead' }, {
    group = group,
    pattern = {
      'Containerfile',
      'Containerfile.*',
      '*.Containerfile',
      '*.containerfile',
      'Dockerfile',
      'Dockerfile.*',
      '*.Dockerfile',
      '*.dockerfile',
    },
    command = 'setfiletype dockerfile',
  })
end

-- :DockerfileStageGraph: asks the server (workspace/executeCommand `dockerfile-lsp.graph`) for the
-- current Dockerfile's stage graph and shows the Mermaid text in a scratch buffer in a split.
local function stage_graph()
  local bufnr = vim.api.nvim_get_current_buf()
  local params = { command = 'dockerfile-lsp.graph', arguments = { vim.uri_from_bufnr(bufnr), 'mermaid' } }
  local answered = false
  vim.lsp.buf_request(bufnr, 'workspace/executeCommand', params, function(err, result, ctx)
    local client = vim.lsp.get_client_by_id(ctx.client_id)
    if answered or not client or client.name ~= NAME then
      return
    end
    answered = true
    if err or type(result) ~= 'string' then
      notify('no stage graph: ' .. (err and (err.message or vim.inspect(err)) or vim.inspect(result)))
      return
    end
    vim.cmd('new')
    local graph = vim.api.nvim_get_current_buf()
    vim.bo[graph].buftype = 'nofile'
    vim.bo[graph].bufhidden = 'wipe'
    vim.api.nvim_buf_set_lines(graph, 0, -1, false, vim.split(result, '\n', { trimempty = true }))
    vim.bo[graph].filetype = 'mermaid'
  end)
end

--- Starts dockerfile-lsp for Dockerfile buffers.
---@param opts table|nil cmd, filetypes, root_markers, init_options, settings, capabilities, on_attach
function M.setup(opts)
  local config = vim.tbl_deep_extend('force', {}, M.defaults, opts or {})
  detect_filetypes()
  vim.api.nvim_create_user_command('DockerfileStageGraph', stage_graph, {
    desc = 'Show the stage graph of this Dockerfile (Mermaid) from dockerfile-lsp',
  })
  if vim.lsp.config ~= nil and vim.lsp.enable ~= nil then
    -- 0.11 reports a missing binary itself, but only in :checkhealth; say it where people look.
    check_cmd(config.cmd)
    setup_modern(config)
  else
    setup_legacy(config)
  end
end

return M
