-- Articles are prose: wrap at word boundaries, no hard wrapping.
if vim.b.did_ftplugin then
  return
end
vim.b.did_ftplugin = 1
vim.opt_local.wrap = true
vim.opt_local.linebreak = true
vim.opt_local.textwidth = 0
vim.opt_local.spell = false
vim.b.undo_ftplugin = 'setlocal wrap< linebreak< textwidth< spell<'
