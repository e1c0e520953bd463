-- :checkhealth bientap
local M = {}

local health = vim.health

function M.check()
  local bientap = require('bientap')
  local opts = bientap.options or bientap.defaults

  health.start('bientap: Neovim')
  local v = vim.version()
  local vs = string.format('%d.%d.%d', v.major, v.minor, v.patch)
  if vim.fn.has('nvim-0.10') ~= 1 then
    health.error('Neovim ' .. vs .. ' is too old', { 'bientap needs Neovim 0.10 or newer (0.11+ recommended)' })
  else
    health.ok('Neovim ' .. vs .. ' (client started with ' .. (bientap.method(opts) == 'config'
      and 'vim.lsp.config/vim.lsp.enable' or 'vim.lsp.start from a FileType autocmd') .. ')')
  end
  if bientap.options then
    health.ok('setup() has been called')
  else
    health.warn('setup() has not been called', { "Add require('bientap').setup() to your config" })
  end

  health.start('bientap: server binary')
  local bin, source = bientap.find_binary(opts)
  if not bin then
    health.error('bientap binary not found: ' .. source, {
      'Build it: cargo build --release (then point setup({ bin = ... }) at target/release/bientap)',
      'or install it: cargo install --path .',
      'or set $BIENTAP_BIN / g:bientap_bin, or put `bientap` on $PATH',
    })
  else
    health.ok(string.format('found %s (from %s)', bin, source))
    local ok, res = pcall(function()
      return vim.system({ bin, '--version' }, { text = true }):wait(5000)
    end)
    if not ok then
      health.error('could not run `' .. bin .. ' --version`: ' .. tostring(res))
    elseif res.code ~= 0 then
      health.error(string.format('`%s --version` exited with %s: %s', bin, tostring(res.code), vim.trim(res.stderr or '')))
    else
      health.ok('version: ' .. vim.trim(res.stdout ~= '' and res.stdout or res.stderr or ''))
    end
  end
  local cfg = bientap.client_config(opts)
  health.info('command: ' .. table.concat(cfg.cmd, ' '))

  health.start('bientap: filetypes')
  for _, name in ipairs({ 'x.article', 'x.article.md', 'x.txt' }) do
    local ft = vim.filetype.match({ filename = name })
    local want = name ~= 'x.txt' or opts.txt
    if want and ft ~= 'article' then
      health.warn(string.format('%s is detected as %s, not article', name, tostring(ft)))
    else
      health.ok(string.format('%s → %s', name, tostring(ft)))
    end
  end

  health.start('bientap: clients')
  local clients = bientap.clients()
  if #clients == 0 then
    health.info('no bientap client is running (open an .article file)')
  end
  for _, client in ipairs(clients) do
    local bufs = vim.tbl_keys(client.attached_buffers or {})
    health.ok(string.format('client %d: root %s, position encoding %s, %d buffer(s)', client.id,
      client.root_dir or '(none: single file)', tostring(client.offset_encoding), #bufs))
    local caps = client.server_capabilities or {}
    local features = {}
    for _, f in ipairs({ 'hoverProvider', 'codeActionProvider', 'semanticTokensProvider', 'inlayHintProvider' }) do
      table.insert(features, f .. '=' .. (caps[f] and 'yes' or 'no'))
    end
    health.info(table.concat(features, ', '))
  end
  health.info('log: ' .. vim.lsp.get_log_path() .. " (vim.lsp.set_log_level('debug') for more)")
end

return M
