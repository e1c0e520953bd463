-- Language server configuration for bientap, the proofreader for Vietnamese
-- news articles about public officials.
--
-- This file follows the `lsp/<name>.lua` convention read by Neovim 0.11+'s
-- `vim.lsp.config()` (any `lsp/` folder on 'runtimepath') and by recent
-- nvim-lspconfig. It only returns a table, so it works without the rest of the
-- plugin:
--
--   vim.lsp.enable('bientap')               -- Neovim 0.11+, binary on $PATH
--
-- `require('bientap').setup()` layers binary discovery, filetype detection,
-- highlight links and inlay hints on top of it.
--
-- Settings are sent twice, as the server expects: as `initializationOptions`
-- (the bare settings table) and as `workspace/didChangeConfiguration`
-- `{ settings = { bientap = ... } }` (Neovim sends `settings` after
-- `initialized`). Example:
--
--   vim.lsp.config('bientap', {
--     init_options = { language = 'en', rules = { ['debris/website'] = 'off' } },
--     settings = { bientap = { language = 'en', rules = { ['debris/website'] = 'off' } } },
--   })
---@type vim.lsp.Config
return {
  cmd = { vim.env.BIENTAP_BIN or 'bientap', 'lsp' },
  filetypes = { 'article' },
  root_markers = { '.git' },
  init_options = vim.empty_dict(),
  settings = { bientap = vim.empty_dict() },
}
