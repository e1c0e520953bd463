-- Loaded at startup by any plugin manager (or 'packpath'/'runtimepath').
-- Filetype detection and highlight links work without setup(); the language
-- server starts once require('bientap').setup() is called (or, on Neovim 0.11+,
-- with a bare vim.lsp.enable('bientap'), which reads lsp/bientap.lua).
if vim.g.loaded_bientap then
  return
end
vim.g.loaded_bientap = true

local bientap = require('bientap')

-- *.article and *.article.md → filetype `article` (*.txt only via setup({ txt = true })).
bientap.register_filetypes(false)

-- @lsp.type.person → Identifier, … with default = true; re-applied after
-- `:colorscheme` (which clears links that the scheme does not set).
bientap.apply_highlights()
vim.api.nvim_create_autocmd('ColorScheme', {
  group = vim.api.nvim_create_augroup('bientap_highlights', { clear = true }),
  callback = bientap.apply_highlights,
})

vim.api.nvim_create_user_command('BientapRestart', function()
  bientap.restart()
end, { desc = 'Restart the bientap language server' })
