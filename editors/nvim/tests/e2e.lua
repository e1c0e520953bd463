-- End-to-end test of the bientap Neovim plugin against the real server, in a
-- real (headless) Neovim:
--
--   BIENTAP_BIN=/path/to/bientap \
--   nvim --headless -u NONE -i NONE -n -l editors/nvim/tests/e2e.lua FILE.article [auto|config|start]
--
-- The plugin is put on 'runtimepath' here and started with its own setup(), so
-- the plugin is what is tested. The third argument forces the client start path:
-- `config` (vim.lsp.config/enable, 0.11+), `start` (the 0.10 path: vim.lsp.start
-- from a FileType autocmd) or `auto`; a suffix `:utf-16` (or `:utf-32`) makes
-- the client offer only that position encoding. Every wait is bounded. Prints one
-- PASS/FAIL line per check and `SUMMARY mode=… passed=N failed=N`, and exits
-- non-zero when any check failed.

local t0 = vim.uv.hrtime()
local function ms_since(t)
  return math.floor((vim.uv.hrtime() - t) / 1e6)
end

local script = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p')
local plugin_dir = vim.fs.dirname(vim.fs.dirname(script))
vim.opt.runtimepath:prepend(plugin_dir)

local file = _G.arg[1] or vim.env.BIENTAP_E2E_FILE
local mode = _G.arg[2] or vim.env.BIENTAP_E2E_MODE or 'auto'
local method, only_encoding = mode:match('^([^:]+):?(.*)$')
only_encoding = only_encoding ~= '' and only_encoding or nil
local WAIT_DIAG = tonumber(vim.env.BIENTAP_E2E_TIMEOUT_MS or '') or 20000
local WAIT_REQ = 5000
local NAME_TEXT = 'Nguyễn Xuân Linh'
local HOVER_WANT = 'Bí thư'

local function out(s)
  io.stdout:write(s, '\n') -- print() goes to stderr in headless -l mode
end

local passed, failed = 0, 0
local function one_line(s, max)
  s = tostring(s):gsub('%s+', ' ')
  max = max or 300
  if #s > max then
    s = s:sub(1, max) .. '…'
  end
  return s
end
local function check(name, ok, detail)
  if ok then
    passed = passed + 1
  else
    failed = failed + 1
  end
  out(string.format('%s %-20s %s', ok and 'PASS' or 'FAIL', name, one_line(detail or '', 400)))
  return ok
end
local function info(msg)
  out('     ' .. one_line(msg, 400))
end

local function finish()
  out(string.format('SUMMARY mode=%s passed=%d failed=%d time=%dms', mode, passed, failed, ms_since(t0)))
  io.stdout:flush()
  if failed > 0 then
    vim.cmd('cquit! 1')
  else
    vim.cmd('qall!')
  end
end

if not file or vim.fn.filereadable(file) ~= 1 then
  check('arguments', false, 'usage: nvim --headless -u NONE -i NONE -n -l e2e.lua FILE.article [auto|config|start]')
  finish()
  return
end
file = vim.fn.fnamemodify(file, ':p')

------------------------------------------------------------------------------
-- Encoding helpers (independent of vim.lsp.util so the test checks the client)

-- byte length of the UTF-8 sequence starting with byte c
local function seqlen(c)
  return c < 0x80 and 1 or c < 0xE0 and 2 or c < 0xF0 and 3 or 4
end
-- byte offset (0-based) in s → code units in `enc`
local function units_of(s, bytecol, enc)
  if enc == 'utf-8' then
    return bytecol
  end
  local i, n = 1, 0
  while i <= bytecol do
    local len = seqlen(s:byte(i))
    n = n + ((enc == 'utf-16' and len == 4) and 2 or 1)
    i = i + len
  end
  return n
end
-- code units in `enc` → byte offset (0-based), clamped to the line
local function byte_of(s, u, enc)
  if enc == 'utf-8' then
    return math.min(u, #s)
  end
  local i, n = 1, 0
  while i <= #s and n < u do
    local len = seqlen(s:byte(i))
    n = n + ((enc == 'utf-16' and len == 4) and 2 or 1)
    i = i + len
  end
  return i - 1
end

local function buf_text(buf)
  local text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, true), '\n')
  if vim.bo[buf].eol then
    text = text .. '\n'
  end
  return text
end

-- Apply LSP TextEdits to a string, independently of Neovim.
local function apply_edits_to_text(text, edits, enc)
  local lines, starts = {}, {}
  local pos = 1
  while true do
    starts[#starts + 1] = pos - 1
    local nl = text:find('\n', pos, true)
    if not nl then
      lines[#lines + 1] = text:sub(pos)
      break
    end
    lines[#lines + 1] = text:sub(pos, nl - 1)
    pos = nl + 1
  end
  local function offset(p)
    local l = p.line + 1
    if l > #lines then
      return #text
    end
    return starts[l] + byte_of(lines[l], p.character, enc)
  end
  local list = {}
  for i, e in ipairs(edits) do
    list[#list + 1] = { i = i, s = offset(e.range.start), e = offset(e.range['end']), new = e.newText }
  end
  table.sort(list, function(a, b)
    if a.s ~= b.s then
      return a.s > b.s
    end
    return a.i > b.i
  end)
  for _, e in ipairs(list) do
    text = text:sub(1, e.s) .. e.new .. text:sub(e.e + 1)
  end
  return text
end

local function find_text(buf, needle)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, true)) do
    local s = line:find(needle, 1, true)
    if s then
      return i - 1, s - 1, line
    end
  end
end

local function request(buf, method, params, timeout)
  local t = vim.uv.hrtime()
  local res, err = vim.lsp.buf_request_sync(buf, method, params, timeout or WAIT_REQ)
  if not res then
    return nil, 'no response: ' .. tostring(err), ms_since(t)
  end
  for _, r in pairs(res) do
    if r.err then
      return nil, 'error: ' .. one_line(vim.inspect(r.err), 200), ms_since(t)
    end
    return r.result, nil, ms_since(t)
  end
  return nil, 'empty response', ms_since(t)
end

------------------------------------------------------------------------------
-- Record every publishDiagnostics (the client looks handlers up per message).

local publishes = {}
do
  local orig = vim.lsp.handlers['textDocument/publishDiagnostics']
  vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, params, ctx, config)
    local r = orig(err, params, ctx, config)
    if params and vim.uri_to_fname(params.uri) == file then
      publishes[#publishes + 1] = { version = params.version, diagnostics = params.diagnostics or {} }
    end
    return r
  end
end

------------------------------------------------------------------------------
local function main()
  local v = vim.version()
  info(string.format('nvim %d.%d.%d, mode=%s, file=%s', v.major, v.minor, v.patch, mode, file))

  local exit_code
  local bientap = require('bientap')
  vim.cmd.runtime('plugin/bientap.lua') -- -u NONE skips plugin/ files
  local capabilities = vim.lsp.protocol.make_client_capabilities()
  if only_encoding then
    capabilities.general.positionEncodings = { only_encoding }
  end
  local offered = capabilities.general.positionEncodings
  bientap.setup({
    method = method,
    capabilities = capabilities,
    settings = { language = 'vi', inlayHints = { enable = true } },
    on_exit = function(code)
      exit_code = code
    end,
  })
  local want_method = (method == 'start' or method == 'config') and method
    or (vim.fn.has('nvim-0.11') == 1 and 'config' or 'start')
  check('setup', bientap.method() == want_method,
    string.format('client started via %s; cmd=%s', bientap.method(), table.concat(bientap.client_config().cmd, ' ')))

  -- Filetype detection (-u NONE disables automatic detection: match and set it).
  vim.cmd.edit(vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].readonly = false -- -l opens files read-only; editing would warn (W10)
  local ft = vim.filetype.match({ buf = buf })
  local ft_md = vim.filetype.match({ filename = '/x/y.article.md' })
  check('filetype', ft == 'article' and ft_md == 'article',
    string.format('%s → %s, y.article.md → %s', vim.fs.basename(file), tostring(ft), tostring(ft_md)))
  vim.bo[buf].filetype = 'article'

  -- Attach
  local t = vim.uv.hrtime()
  local client
  vim.wait(10000, function()
    client = bientap.clients(buf)[1]
    return client ~= nil and client.initialized and client.server_capabilities ~= nil
  end, 10)
  if not check('attach', client ~= nil and client.server_capabilities ~= nil,
      client and string.format('client %d initialized in %dms, server %s', client.id, ms_since(t),
        one_line(vim.inspect(client.server_info or 'no serverInfo'), 80)) or 'no bientap client attached within 10s') then
    return
  end
  local enc = client.offset_encoding
  -- the server prefers utf-8 when offered, else utf-16
  local want_enc = vim.tbl_contains(offered, 'utf-8') and 'utf-8' or 'utf-16'
  check('position encoding', enc == want_enc,
    string.format('negotiated %s (offered %s)', tostring(enc), table.concat(offered, ', ')))
  local caps = client.server_capabilities
  info(string.format('capabilities: hover=%s codeAction=%s semanticTokens=%s inlayHint=%s (display %s)',
    tostring(caps.hoverProvider ~= nil), tostring(caps.codeActionProvider ~= nil),
    tostring(caps.semanticTokensProvider ~= nil), tostring(caps.inlayHintProvider ~= nil),
    vim.lsp.inlay_hint.is_enabled({ bufnr = buf }) and 'on' or 'off'))

  -- Diagnostics
  t = vim.uv.hrtime()
  vim.wait(WAIT_DIAG, function()
    return #vim.diagnostic.get(buf) > 0
  end, 10)
  local diags = vim.diagnostic.get(buf)
  local hist, sources = {}, {}
  for _, d in ipairs(diags) do
    hist[tostring(d.code)] = (hist[tostring(d.code)] or 0) + 1
    sources[tostring(d.source)] = true
  end
  local hs = {}
  for code, n in pairs(hist) do
    hs[#hs + 1] = code .. '×' .. n
  end
  table.sort(hs)
  check('diagnostics', #diags > 0 and vim.deep_equal(vim.tbl_keys(sources), { 'bientap' }),
    #diags > 0 and string.format('%d after %dms, source=%s: %s', #diags, ms_since(t),
      table.concat(vim.tbl_keys(sources), ','), table.concat(hs, ' '))
      or string.format('none within %dms (%d publishes)', WAIT_DIAG, #publishes))

  -- Hover on the official's name
  local row, bcol, line = find_text(buf, NAME_TEXT)
  if not check('find name', row ~= nil, string.format('"%s" at line %s byte %s', NAME_TEXT, tostring(row), tostring(bcol))) then
    return
  end
  local name_s = units_of(line, bcol, enc)
  local name_e = units_of(line, bcol + #NAME_TEXT, enc)
  local mid = units_of(line, bcol + #'Nguyễn ', enc) -- on "Xuân"
  local uri = vim.uri_from_bufnr(buf)
  if caps.hoverProvider then
    local res, err, took = request(buf, 'textDocument/hover',
      { textDocument = { uri = uri }, position = { line = row, character = mid } })
    local text, kind = '', nil
    if res and res.contents then
      local c = res.contents
      if type(c) == 'string' then
        text, kind = c, 'MarkedString'
      elseif c.kind then
        text, kind = c.value or '', c.kind
      elseif c.value then
        text, kind = c.value, 'MarkedString'
      else
        local parts = {}
        for _, p in ipairs(c) do
          parts[#parts + 1] = type(p) == 'string' and p or p.value
        end
        text, kind = table.concat(parts, '\n'), 'MarkedString[]'
      end
    end
    check('hover', kind == 'markdown' and text:find(HOVER_WANT, 1, true) ~= nil,
      err or string.format('%dms, %s at %d:%d: %s', took, tostring(kind), row, mid, text ~= '' and text or vim.inspect(res)))
  else
    check('hover', false, 'server does not advertise hoverProvider')
  end

  -- Semantic tokens
  local stp = caps.semanticTokensProvider
  if stp and stp.legend and stp.full then
    local types, mods = stp.legend.tokenTypes, stp.legend.tokenModifiers or {}
    local res, err, took = request(buf, 'textDocument/semanticTokens/full', { textDocument = { uri = uri } })
    local data = res and res.data or {}
    local l, c, covering, on_line, ntok = 0, 0, nil, {}, #data / 5
    for i = 1, #data, 5 do
      local dl, dc, len, ti, mi = data[i], data[i + 1], data[i + 2], data[i + 3], data[i + 4]
      l = l + dl
      c = dl == 0 and c + dc or dc
      local ty = types[ti + 1] or ('?' .. ti)
      if l == row then
        local ms = {}
        for b = 0, #mods - 1 do
          if bit.band(mi, bit.lshift(1, b)) ~= 0 then
            ms[#ms + 1] = mods[b + 1]
          end
        end
        local lb, le = byte_of(line, c, enc), byte_of(line, c + len, enc)
        on_line[#on_line + 1] = string.format('%s%s"%s"', ty, #ms > 0 and ('[' .. table.concat(ms, ',') .. ']') or '',
          line:sub(lb + 1, le))
        if ty == 'person' and c <= name_s and c + len >= name_e then
          covering = on_line[#on_line]
        end
      end
    end
    check('semanticTokens/full', covering ~= nil,
      err or string.format('%dms, %d tokens, legend has person=%s; line %d: %s', took, ntok,
        tostring(vim.tbl_contains(types, 'person')), row, #on_line > 0 and table.concat(on_line, ' ') or '(no tokens)'))

    -- Neovim's own highlighter requested and applied the tokens too.
    local seen
    vim.wait(WAIT_REQ, function()
      for _, tok in ipairs(vim.lsp.semantic_tokens.get_at_pos(buf, row, bcol + 1) or {}) do
        if tok.type == 'person' then
          seen = tok
          return true
        end
      end
      return false
    end, 20)
    local link = vim.api.nvim_get_hl(0, { name = '@lsp.type.person', link = true }).link
    check('semantic highlight', seen ~= nil and link ~= nil,
      string.format('token at cursor: %s; @lsp.type.person → %s',
        seen and (seen.type .. ' ' .. seen.start_col .. '-' .. seen.end_col) or 'none', tostring(link)))
  else
    check('semanticTokens/full', false, 'server does not advertise semanticTokensProvider with legend and full')
  end

  -- Quick fix
  if not caps.codeActionProvider then
    check('code action', false, 'server does not advertise codeActionProvider')
  else
    local chosen, target, tried = nil, nil, 0
    local t_ca = vim.uv.hrtime()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      local ld = d.user_data and d.user_data.lsp
      if ld and tried < 40 then
        tried = tried + 1
        local res = request(buf, 'textDocument/codeAction', {
          textDocument = { uri = uri },
          range = ld.range,
          context = { diagnostics = { ld }, only = { 'quickfix' }, triggerKind = 1 },
        })
        for _, a in ipairs(res or {}) do
          if type(a.command) ~= 'string' and a.kind and (a.kind == 'quickfix' or vim.startswith(a.kind, 'quickfix.')) then
            if not a.edit and type(caps.codeActionProvider) == 'table' and caps.codeActionProvider.resolveProvider then
              a = request(buf, 'codeAction/resolve', a) or a
            end
            if a.edit then
              chosen, target = a, ld
              break
            end
          end
        end
      end
      if chosen then
        break
      end
    end
    if check('code action', chosen ~= nil, chosen and string.format('%dms, %d diagnostic(s) asked; [%s] "%s" for %s',
        ms_since(t_ca), tried, chosen.kind, chosen.title, tostring(target.code))
        or string.format('no quickfix with an edit among %d diagnostic(s)', tried)) then
      -- the edits for this buffer, whichever shape the WorkspaceEdit has
      local edits = {}
      for u, es in pairs(chosen.edit.changes or {}) do
        if vim.uri_to_fname(u) == file then
          vim.list_extend(edits, es)
        end
      end
      for _, dc in ipairs(chosen.edit.documentChanges or {}) do
        if dc.textDocument and vim.uri_to_fname(dc.textDocument.uri) == file then
          vim.list_extend(edits, dc.edits)
        end
      end
      local before = buf_text(buf)
      local expected = apply_edits_to_text(before, edits, enc)
      local code = target.code
      local count_before = 0
      for _, d in ipairs(vim.diagnostic.get(buf)) do
        if d.code == code then
          count_before = count_before + 1
        end
      end
      local npub = #publishes
      vim.lsp.util.apply_workspace_edit(chosen.edit, enc)
      local tick = vim.api.nvim_buf_get_changedtick(buf)
      local after = buf_text(buf)
      local e1 = edits[1]
      check('apply edit', #edits > 0 and after ~= before and after:gsub('\n$', '') == expected:gsub('\n$', ''),
        string.format('%d edit(s), first %d:%d-%d:%d → %q; buffer %d → %d bytes%s', #edits,
          e1 and e1.range.start.line or -1, e1 and e1.range.start.character or -1,
          e1 and e1.range['end'].line or -1, e1 and e1.range['end'].character or -1,
          e1 and one_line(e1.newText, 60) or '', #before, #after,
          after:gsub('\n$', '') == expected:gsub('\n$', '') and '' or ' (differs from the edit applied by the test)'))

      -- next publish that reflects the edit (a version, when sent, must be ≥ the buffer's)
      local fresh
      t = vim.uv.hrtime()
      vim.wait(WAIT_DIAG, function()
        for i = npub + 1, #publishes do
          local p = publishes[i]
          if p.version == nil or p.version >= tick then
            fresh = p
            return true
          end
        end
        return false
      end, 10)
      local count_after = 0
      for _, d in ipairs(fresh and fresh.diagnostics or {}) do
        if d.code == code then
          count_after = count_after + 1
        end
      end
      check('diagnostic fixed', fresh ~= nil and count_after < count_before,
        fresh and string.format('publish after %dms (version %s): %s %d → %d, %d diagnostics in all', ms_since(t),
          tostring(fresh.version), tostring(code), count_before, count_after, #fresh.diagnostics)
          or string.format('no publish after the edit within %dms', WAIT_DIAG))
    end
  end

  -- Clean shutdown: shutdown request + exit notification, then the process exits 0.
  t = vim.uv.hrtime()
  bientap._call(client, 'stop')
  vim.wait(5000, function()
    return exit_code ~= nil
  end, 10)
  check('shutdown', exit_code == 0, exit_code and string.format('server exited with code %d after %dms', exit_code, ms_since(t))
    or 'server still running 5s after shutdown/exit')
  if exit_code == nil then
    bientap._call(client, 'stop', true)
  end
end

local ok, err = xpcall(main, debug.traceback)
if not ok then
  check('test script', false, err)
end
finish()
