-- bientap.nvim: Neovim client for the bientap language server.
--
--   require('bientap').setup({ ... })   -- see editors/nvim/README.md
--
-- Neovim 0.11+ uses vim.lsp.config()/vim.lsp.enable() (merging this plugin's
-- lsp/bientap.lua); Neovim 0.10 starts the client from a FileType autocmd with
-- vim.lsp.start(). `method = 'start'` forces the 0.10 path on any version.
local M = {}

local NAME = 'bientap'

M.defaults = {
  --- Full command line. Default: { <binary>, 'lsp' }.
  cmd = nil,
  --- Path to the bientap binary. Default: vim.g.bientap_bin, $BIENTAP_BIN,
  --- `bientap` on $PATH, then ~/.cargo/bin/bientap.
  bin = nil,
  filetypes = { 'article' },
  --- Also treat *.txt files as articles.
  txt = false,
  root_markers = { '.git' },
  --- Server settings: { rules = { [code] = 'off'|'hint'|'info'|'warning'|'error' },
  --- language = 'vi'|'en' (messages and quick-fix titles; unset: bientap.toml), inlayHints = { enable = bool },
  --- maxDiagnostics = n (most diagnostics per buffer, errors first; 0: no limit; default 1000) }.
  settings = {},
  --- Show the server's inlay hints (unless settings.inlayHints.enable == false).
  inlay_hints = true,
  --- 'auto' | 'config' (vim.lsp.config + vim.lsp.enable, 0.11+) | 'start' (vim.lsp.start).
  method = 'auto',
  capabilities = nil,
  on_attach = nil,
  on_exit = nil,
}

M.options = nil

--- Semantic token type/modifier → standard highlight group. Linked with
--- `default = true`, so colourschemes (and users) can override them.
M.highlight_links = {
  ['@lsp.type.person'] = 'Identifier',
  ['@lsp.type.title'] = 'Type',
  ['@lsp.type.organization'] = 'Structure',
  ['@lsp.type.place'] = 'Constant',
  ['@lsp.type.date'] = 'Number',
  ['@lsp.type.document'] = 'String',
  ['@lsp.type.abbreviation'] = 'Special',
  ['@lsp.type.quantity'] = 'Number',
  ['@lsp.type.ordinal'] = 'Number',
  ['@lsp.type.debris'] = 'DiagnosticUnnecessary',
  ['@lsp.mod.annotated'] = '@markup.underline',
  ['@lsp.mod.former'] = '@markup.italic',
}

local has_011 = vim.fn.has('nvim-0.11') == 1

--- Call a client method on both 0.10 (`client.fn(...)`) and 0.11+ (`client:fn(...)`).
local function call(client, fn, ...)
  if has_011 then
    return client[fn](client, ...)
  end
  return client[fn](...)
end
M._call = call

function M.apply_highlights()
  for group, target in pairs(M.highlight_links) do
    vim.api.nvim_set_hl(0, group, { link = target, default = true })
  end
end

--- Register filetype detection. `*.article` and `*.article.md` always;
--- `*.txt` when `txt` is true.
function M.register_filetypes(txt)
  vim.filetype.add({
    extension = { article = 'article' },
    -- Non-negative priority patterns are tried before extensions, so this wins
    -- over `md` → markdown.
    pattern = { ['.*%.article%.md'] = { 'article', { priority = 10 } } },
  })
  if txt then
    vim.filetype.add({ extension = { txt = 'article' } })
  end
end

--- Find the server binary. Returns path, source (where it came from); path is
--- nil when nothing was found, and then source says why. A binary named
--- explicitly (cmd, bin, g:bientap_bin, $BIENTAP_BIN) that is not executable is
--- an error, not a reason to look elsewhere.
function M.find_binary(opts)
  opts = opts or M.options or M.defaults
  local candidates = {
    { opts.cmd and opts.cmd[1], 'setup({ cmd })', true },
    { opts.bin, 'setup({ bin })', true },
    { vim.g.bientap_bin, 'g:bientap_bin', true },
    { vim.env.BIENTAP_BIN, '$BIENTAP_BIN', true },
    { 'bientap', '$PATH' },
    { vim.fs.joinpath(vim.env.CARGO_HOME or vim.fs.normalize('~/.cargo'), 'bin', 'bientap'), 'cargo install' },
  }
  for _, c in ipairs(candidates) do
    local path, source, explicit = c[1], c[2], c[3]
    if type(path) == 'string' and path ~= '' then
      local exe = vim.fn.exepath(vim.fs.normalize(path))
      if exe ~= '' then
        return exe, source
      elseif explicit then
        return nil, string.format('%s = %s is not an executable', source, path)
      end
    end
  end
  return nil, 'not on $PATH nor in ~/.cargo/bin'
end

--- JSON-encode-friendly copy of a settings table: empty tables become `{}`
--- (objects) instead of `[]`.
local function as_object(t)
  if type(t) ~= 'table' then
    return t
  end
  if next(t) == nil then
    return vim.empty_dict()
  end
  local out = {}
  for k, v in pairs(t) do
    out[k] = as_object(v)
  end
  return out
end

local function inlay_hints_wanted(opts)
  local ih = opts.settings and opts.settings.inlayHints
  return opts.inlay_hints and not (type(ih) == 'table' and ih.enable == false)
end

local function on_attach(client, bufnr)
  local opts = M.options or M.defaults
  if inlay_hints_wanted(opts) and vim.lsp.inlay_hint and client.server_capabilities.inlayHintProvider then
    pcall(vim.lsp.inlay_hint.enable, true, { bufnr = bufnr })
  end
  if opts.on_attach then
    opts.on_attach(client, bufnr)
  end
end

--- The client configuration (cmd, filetypes, settings, …) for the current options.
function M.client_config(opts)
  opts = opts or M.options or M.defaults
  local cmd = opts.cmd
  if not cmd then
    cmd = { M.find_binary(opts) or opts.bin or vim.g.bientap_bin or vim.env.BIENTAP_BIN or 'bientap', 'lsp' }
  end
  local settings = as_object(opts.settings or {})
  local config = {
    name = NAME,
    cmd = cmd,
    filetypes = opts.filetypes,
    root_markers = opts.root_markers,
    init_options = settings,
    settings = { bientap = settings },
    on_attach = on_attach,
  }
  if opts.capabilities then
    config.capabilities = opts.capabilities
  end
  if opts.on_exit then
    config.on_exit = opts.on_exit
  end
  return config
end

--- Which way setup() starts the client: 'config' or 'start'.
function M.method(opts)
  opts = opts or M.options or M.defaults
  if opts.method == 'config' or opts.method == 'start' then
    return opts.method
  end
  if vim.lsp.config ~= nil and vim.lsp.enable ~= nil then
    return 'config'
  end
  return 'start'
end

local function start_for_buffer(bufnr)
  local config = M.client_config()
  local fname = vim.api.nvim_buf_get_name(bufnr)
  local root = vim.fs.root and vim.fs.root(bufnr, config.root_markers) or nil
  config.root_dir = root or (fname ~= '' and vim.fs.dirname(fname)) or vim.fn.getcwd()
  config.root_markers = nil
  config.filetypes = nil
  return vim.lsp.start(config, { bufnr = bufnr })
end

--- Active bientap clients (optionally for one buffer).
function M.clients(bufnr)
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  return get({ name = NAME, bufnr = bufnr })
end

function M.setup(opts)
  if vim.fn.has('nvim-0.10') ~= 1 then
    vim.notify('bientap: Neovim 0.10 or newer is required', vim.log.levels.ERROR)
    return
  end
  M.options = vim.tbl_deep_extend('force', {}, M.defaults, opts or {})
  local o = M.options
  M.register_filetypes(o.txt)

  local group = vim.api.nvim_create_augroup('bientap', { clear = true })
  M.apply_highlights()

  if M.method() == 'config' then
    vim.lsp.config(NAME, M.client_config())
    vim.lsp.enable(NAME)
  else
    vim.api.nvim_create_autocmd('FileType', {
      group = group,
      pattern = o.filetypes,
      callback = function(ev)
        start_for_buffer(ev.buf)
      end,
    })
    -- Buffers that already have the filetype (setup() called late).
    for _, buf in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(o.filetypes, vim.bo[buf].filetype) then
        start_for_buffer(buf)
      end
    end
  end
end

--- Change server settings at run time (deep-merged into the current ones) and
--- push them with workspace/didChangeConfiguration.
function M.set_settings(settings)
  M.options = M.options or vim.deepcopy(M.defaults)
  M.options.settings = vim.tbl_deep_extend('force', M.options.settings or {}, settings or {})
  local payload = { bientap = as_object(M.options.settings) }
  if M.method() == 'config' then
    vim.lsp.config(NAME, { settings = payload, init_options = payload.bientap })
  end
  for _, client in ipairs(M.clients()) do
    client.settings = payload
    call(client, 'notify', 'workspace/didChangeConfiguration', { settings = payload })
  end
end

--- Stop bientap clients and start them again for every article buffer.
function M.restart()
  local clients = M.clients()
  for _, client in ipairs(clients) do
    call(client, 'stop')
  end
  vim.wait(3000, function()
    for _, client in ipairs(clients) do
      if not call(client, 'is_stopped') then
        return false
      end
    end
    return true
  end, 20)
  local fts = (M.options or M.defaults).filetypes
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(fts, vim.bo[buf].filetype) then
      if M.method() == 'config' then
        vim.api.nvim_exec_autocmds('FileType', { buffer = buf, modeline = false })
      else
        start_for_buffer(buf)
      end
    end
  end
end

return M
