-- Drives flyte-lsp from Neovim's built-in LSP client, feature by feature.
--
--   FLYTE_LSP=/path/to/flyte-lsp FLYTE_WORK=/tmp/dir \
--     nvim --headless --clean -u NONE -c "luafile test/editors/nvim/drive.lua"
--
-- Loads editors/nvim/flyte.lua as docs/editors.md tells users to (dofile +
-- setup with the server's path), copies the project next to this script
-- (project/app.flyte importing project/lib.flyte) into FLYTE_WORK, opens both
-- files and exercises every feature of the server through the client: the
-- keymaps and command flyte.lua gives the user where they have an effect
-- that can be checked (K's float, gd's jump, gr's quickfix list, <leader>ca,
-- <leader>rn, gq through formatexpr, <leader>f, :FlyteGraph and <leader>fg),
-- vim.lsp.buf_request_sync for the rest. Prints `OK <feature>: <evidence>` or
-- `FAIL <feature>: <why>` per feature, then `DONE`, and exits non-zero if
-- anything failed or the whole run took longer than FLYTE_TIMEOUT seconds
-- (60 by default).
--
-- Written for and run with Neovim 0.7.2 (vim.lsp.start_client); the few calls
-- that changed later pick the newer API where it exists.
--
-- Environment: FLYTE_LSP (default: flyte-lsp on PATH); FLYTE_WORK (default: a
-- temporary directory; app.flyte and lib.flyte are written there, over any
-- earlier ones, with an empty .git directory that makes it the project's
-- root); FLYTE_TIMEOUT; FLYTE_DEBUG=1 (print every raw answer to stderr).

local uv = vim.loop

local function out(line)
  io.stdout:write(line, '\n')
  io.stdout:flush()
end

local function debug_print(what, value)
  if os.getenv('FLYTE_DEBUG') == '1' then
    io.stderr:write(what, ' = ', vim.inspect(value), '\n')
  end
end

-- Never hang CI: a timer outside the main flow ends the process.
local timeout_s = tonumber(os.getenv('FLYTE_TIMEOUT') or '') or 60
local watchdog = uv.new_timer()
watchdog:start(timeout_s * 1000, 0, function()
  io.stdout:write('FAIL timeout: the run took longer than ' .. timeout_s .. ' s\n')
  io.stdout:flush()
  os.exit(2)
end)

local failures = 0
local function feature(name, fn)
  local ok, res = xpcall(fn, function(e)
    if type(e) == 'string' and os.getenv('FLYTE_DEBUG') == '1' then
      return debug.traceback(e, 2)
    end
    return e
  end)
  if ok then
    out('OK ' .. name .. ': ' .. tostring(res))
  else
    failures = failures + 1
    out('FAIL ' .. name .. ': ' .. tostring(res):gsub('\n', ' | '))
  end
  return ok
end

local function fail(msg)
  error(msg, 0)
end

local function check(cond, msg)
  if not cond then
    fail(msg)
  end
end

local function wait_for(ms, cond, what)
  if not vim.wait(ms, cond, 10) then
    fail('timed out after ' .. ms .. ' ms waiting for ' .. what)
  end
end

------------------------------------------------------------------ paths

local script = vim.fn.simplify(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p'))
local here = vim.fn.fnamemodify(script, ':h')                  -- test/editors/nvim
local repo = vim.fn.fnamemodify(here, ':h:h:h')
local server = os.getenv('FLYTE_LSP') or 'flyte-lsp'
local work = os.getenv('FLYTE_WORK') or vim.fn.tempname()
work = vim.fn.fnamemodify(work, ':p'):gsub('/$', '')
vim.fn.mkdir(work, 'p')
-- The project is its own git root (flyte.lua starts one server per root),
-- even when FLYTE_WORK lies inside another checkout, e.g. lit's %t.
vim.fn.mkdir(work .. '/.git', 'p')

local function copy(name)
  local src = assert(io.open(here .. '/project/' .. name, 'rb'))
  local text = src:read('*a')
  src:close()
  local dst = assert(io.open(work .. '/' .. name, 'wb'))
  dst:write(text)
  dst:close()
end
copy('lib.flyte')
copy('app.flyte')

vim.o.hidden = true
vim.o.swapfile = false
vim.o.shortmess = vim.o.shortmess .. 'F'

------------------------------------------------------------------ helpers

local app, lib, client

local function lines(bufnr)
  return vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
end

-- The 0-based line and byte column of the nth plain occurrence of needle.
local function find(bufnr, needle, nth)
  nth = nth or 1
  for i, l in ipairs(lines(bufnr)) do
    local from = 1
    while true do
      local s = l:find(needle, from, true)
      if not s then
        break
      end
      nth = nth - 1
      if nth == 0 then
        return i - 1, s - 1
      end
      from = s + 1
    end
  end
  fail('no "' .. needle .. '" in ' .. vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ':t'))
end

local function uri(bufnr)
  return vim.uri_from_bufnr(bufnr)
end

local function at(bufnr, line, col)
  return { textDocument = { uri = uri(bufnr) }, position = { line = line, character = col } }
end

-- The UTF-16 column (the server's positionEncoding) of a byte column:
-- characters of 4 UTF-8 bytes take two UTF-16 units, the others one.
local function utf16(bufnr, line, col)
  local u = 0
  for ch in lines(bufnr)[line + 1]:sub(1, col):gmatch('[%z\1-\127\192-\247][\128-\191]*') do
    u = u + (#ch == 4 and 2 or 1)
  end
  return u
end

-- The flyte-lsp client attached to a buffer, if any.
local function client_of(bufnr)
  for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do
    if c.name == 'flyte-lsp' then
      return c
    end
  end
end

-- Position params on the nth occurrence of needle, `offset` bytes in.
local function on(bufnr, needle, offset, nth)
  local l, c = find(bufnr, needle, nth)
  return at(bufnr, l, utf16(bufnr, l, c + (offset or 0)))
end

local function request(bufnr, method, params, timeout)
  local res, err = vim.lsp.buf_request_sync(bufnr, method, params, timeout or 5000)
  if not res then
    fail(method .. ': ' .. tostring(err))
  end
  local _, r = next(res)
  check(r, method .. ': no answer from the client')
  debug_print(method, r)
  if r.error or r.err then
    fail(method .. ' answered an error: ' .. vim.inspect(r.error or r.err):gsub('%s+', ' '))
  end
  return r.result
end

local function short_uri(u)
  return vim.fn.fnamemodify(vim.uri_to_fname(u), ':t')
end

-- An LSP range as line:column-line:column, 1-based, the end exclusive.
local function rng(r)
  return string.format('%d:%d-%d:%d', r.start.line + 1, r.start.character + 1, r['end'].line + 1,
    r['end'].character + 1)
end

local function set_cursor_on(bufnr, needle, offset, nth)
  vim.api.nvim_set_current_buf(bufnr)
  local l, c = find(bufnr, needle, nth)
  vim.api.nvim_win_set_cursor(0, { l + 1, c + (offset or 0) })
end

local function float_windows()
  local wins = {}
  for _, w in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(w).relative ~= '' then
      table.insert(wins, w)
    end
  end
  return wins
end

local function close_floats()
  for _, w in ipairs(float_windows()) do
    pcall(vim.api.nvim_win_close, w, true)
  end
end

-- Types a line into the buffer before line `before` (0-based), runs fn with
-- the position at its end, and takes the line out again.
local function with_typed_line(bufnr, before, text, fn)
  vim.api.nvim_buf_set_lines(bufnr, before, before, false, { text })
  local ok, res = pcall(fn, at(bufnr, before, utf16(bufnr, before, #text)))
  vim.api.nvim_buf_set_lines(bufnr, before, before + 1, false, {})
  if not ok then
    error(res, 0)
  end
  return res
end

local function labels(items)
  local names = {}
  for _, it in ipairs(items) do
    table.insert(names, it.label)
  end
  return names
end

local function has(list, value)
  return vim.tbl_contains(list, value)
end

local function errors_in(bufnr)
  return vim.diagnostic.get(bufnr, { severity = vim.diagnostic.severity.ERROR })
end

-- publishDiagnostics notifications per file name, counted as they arrive.
local published = {}
local publish = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  if result and result.uri then
    local name = vim.fn.fnamemodify(vim.uri_to_fname(result.uri), ':t')
    published[name] = published[name] or {}
    table.insert(published[name], #(result.diagnostics or {}))
  end
  return publish(err, result, ctx, config)
end

------------------------------------------------------------------ the run

feature('attach', function()
  -- As docs/editors.md says: dofile the file, setup with the server's path.
  local flyte = dofile(repo .. '/editors/nvim/flyte.lua').setup({ cmd = { server }, keymaps = true })
  check(type(flyte.show_graph) == 'function', 'flyte.lua returned no module')
  vim.cmd('edit ' .. vim.fn.fnameescape(work .. '/lib.flyte'))
  lib = vim.api.nvim_get_current_buf()
  vim.cmd('edit ' .. vim.fn.fnameescape(work .. '/app.flyte'))
  app = vim.api.nvim_get_current_buf()
  check(vim.bo[app].filetype == 'flyte', 'filetype of app.flyte is "' .. vim.bo[app].filetype .. '"')
  check(vim.bo[app].commentstring == '// %s', 'commentstring is "' .. vim.bo[app].commentstring .. '"')
  wait_for(10000, function()
    local c = client_of(app)
    return c ~= nil and c.initialized and client_of(lib) ~= nil
  end, 'the client to start, initialize and attach to both buffers')
  local c, c2 = client_of(app), client_of(lib)
  client = c
  check(c.id == c2.id, 'app.flyte and lib.flyte got different clients (' .. c.id .. ', ' .. c2.id .. ')')
  local running = #vim.tbl_keys(vim.lsp.get_active_clients())
  check(running == 1, running .. ' clients running, not 1')
  for _, lhs in ipairs({ 'K', 'gd', 'gr', '<leader>rn', '<leader>ca', '<leader>f', '<leader>fg' }) do
    check(vim.fn.maparg(lhs, 'n', false, true).buffer == 1, 'no buffer-local ' .. lhs .. ' keymap')
  end
  check(vim.bo[app].formatexpr == 'v:lua.vim.lsp.formatexpr()', 'formatexpr not set')
  check(vim.bo[app].omnifunc == 'v:lua.vim.lsp.omnifunc', 'omnifunc not set')
  local caps = c.server_capabilities
  local want = { 'hoverProvider', 'definitionProvider', 'referencesProvider', 'documentHighlightProvider',
    'documentSymbolProvider', 'workspaceSymbolProvider', 'completionProvider', 'signatureHelpProvider',
    'renameProvider', 'documentFormattingProvider', 'documentRangeFormattingProvider',
    'semanticTokensProvider', 'foldingRangeProvider', 'inlayHintProvider', 'codeActionProvider',
    'executeCommandProvider' }
  local missing = {}
  for _, k in ipairs(want) do
    if not caps[k] then
      table.insert(missing, k)
    end
  end
  check(#missing == 0, 'server does not announce ' .. table.concat(missing, ', '))
  check(has(caps.executeCommandProvider.commands or {}, 'flyte.showGraph'), 'flyte.showGraph not announced')
  return string.format('client %d (%s) on app.flyte and lib.flyte, root %s, filetype flyte, keymaps set, %d capabilities',
    c.id, c.name, c.config.root_dir == work and 'FLYTE_WORK' or tostring(c.config.root_dir), #want)
end)

if not client then
  out('DONE')
  vim.cmd('cquit 1')
  return
end

feature('publishDiagnostics', function()
  wait_for(10000, function() return #errors_in(app) > 0 end, 'an error in app.flyte')
  local e = errors_in(app)
  check(#e == 1, #e .. ' errors, expected 1')
  e = e[1]
  -- The line has "é😀 " before the name: 7 bytes, 4 UTF-16 units; the
  -- client converts the server's UTF-16 range to these byte columns.
  local l, c = find(app, 'labl +size')
  check(e.code == 'E2001', 'code ' .. tostring(e.code) .. ', expected E2001')
  check(e.lnum == l and e.col == c and e.end_lnum == l and e.end_col == c + 4,
    string.format('range %d:%d-%d:%d, expected %d:%d-%d:%d (0-based)', e.lnum, e.col, e.end_lnum, e.end_col,
      l, c, l, c + 4))
  check(e.message:find("did you mean 'label'", 1, true), 'message: ' .. e.message)
  check(e.source == 'flytec', 'source ' .. tostring(e.source))
  local warnings = vim.diagnostic.get(app, { severity = vim.diagnostic.severity.WARN })
  check(#vim.diagnostic.get(lib) == 0, 'lib.flyte has diagnostics: ' .. vim.inspect(vim.diagnostic.get(lib)))
  return string.format('%s at %d:%d-%d:%d (bytes, after "é😀") "%s" (+%d warning), lib.flyte clean', e.code,
    e.lnum + 1, e.col + 1, e.end_lnum + 1, e.end_col + 1, e.message:match('^[^\n]*'), #warnings)
end)

feature('hover', function()
  local h = request(app, 'textDocument/hover', on(app, 'double(x: i)', 1))
  check(h and h.contents, 'no hover on double')
  local text = type(h.contents) == 'table' and (h.contents.value or '') or tostring(h.contents)
  check(text:find('Doubles x.', 1, true), 'hover on double lacks its doc comment: ' .. text)
  check(text:find('task double', 1, true), 'hover on double lacks its interface: ' .. text)
  local h2 = request(app, 'textDocument/hover', on(app, 'stats: Stats', 8))
  local text2 = h2 and h2.contents and h2.contents.value or ''
  check(text2:find('A summary of one dataset.', 1, true), 'hover on Stats lacks its doc: ' .. text2)
  -- The user's K (flyte.lua maps it to vim.lsp.buf.hover) opens a float with the same text.
  close_floats()
  set_cursor_on(app, 'double(x: i)', 1)
  vim.cmd('normal K')
  wait_for(3000, function() return #float_windows() > 0 end, 'the hover window')
  local float_text = table.concat(vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(float_windows()[1]), 0,
    -1, false), '\n')
  close_floats()
  check(float_text:find('Doubles x.', 1, true), 'hover window shows: ' .. float_text)
  return string.format('double -> "%s" + "Doubles x." (%s); Stats -> "A summary of one dataset."; K opened a float',
    text:match('task double[^\n`]*'), rng(h.range))
end)

feature('definition', function()
  local d = request(app, 'textDocument/definition', on(app, 'lib.summarize', 5))
  if d and d.uri == nil and d[1] then
    d = d[1]
  end
  check(d and (d.uri or d.targetUri), 'no location for lib.summarize')
  local u, r = d.uri or d.targetUri, d.range or d.targetSelectionRange
  local ll = find(lib, 'task summarize')
  check(short_uri(u) == 'lib.flyte' and r.start.line == ll,
    'lib.summarize -> ' .. short_uri(u) .. ':' .. r.start.line + 1 .. ', expected lib.flyte:' .. ll + 1)
  -- The user's gd (vim.lsp.buf.definition) jumps to the record in lib.flyte.
  set_cursor_on(app, 'stats: Stats', 8)
  vim.cmd('normal gd')
  local rl = find(lib, 'record Stats')
  wait_for(3000, function()
    return vim.api.nvim_get_current_buf() == lib and vim.api.nvim_win_get_cursor(0)[1] == rl + 1
  end, 'gd on Stats to jump to lib.flyte:' .. rl + 1)
  local cur = vim.api.nvim_win_get_cursor(0)
  vim.api.nvim_set_current_buf(app)
  return string.format('lib.summarize -> lib.flyte:%s; gd on Stats jumped to lib.flyte:%d:%d', rng(r), cur[1],
    cur[2] + 1)
end)

feature('references', function()
  local params = on(app, 'double(x: i)')
  params.context = { includeDeclaration = true }
  local refs = request(app, 'textDocument/references', params)
  check(type(refs) == 'table' and #refs > 0, 'no references to double')
  local where = {}
  for _, r in ipairs(refs) do
    table.insert(where, short_uri(r.uri) .. ':' .. r.range.start.line + 1)
  end
  table.sort(where)
  local want = { 'app.flyte:' .. find(app, 'import double') + 1, 'app.flyte:' .. find(app, 'double(x: i)') + 1,
    'lib.flyte:' .. find(lib, 'task double') + 1 }
  table.sort(want)
  check(vim.deep_equal(where, want), 'references ' .. table.concat(where, ' ') .. ', expected ' ..
    table.concat(want, ' '))
  -- The user's gr (vim.lsp.buf.references) fills the quickfix list.
  vim.fn.setqflist({}, 'r')
  set_cursor_on(app, 'double(x: i)')
  vim.cmd('normal gr')
  wait_for(3000, function() return #vim.fn.getqflist() == #want end, 'gr to fill the quickfix list')
  vim.cmd('cclose')
  vim.api.nvim_set_current_buf(app)
  return 'double: ' .. table.concat(where, ' ') .. '; gr filled the quickfix list with ' .. #vim.fn.getqflist()
end)

-- The LSP range (UTF-16), as rng() prints it, of `len` bytes at `offset`
-- bytes into the nth occurrence of needle.
local function span(bufnr, needle, offset, len, nth)
  local l, c = find(bufnr, needle, nth)
  c = c + (offset or 0)
  return rng({ start = { line = l, character = utf16(bufnr, l, c) },
    ['end'] = { line = l, character = utf16(bufnr, l, c + len) } })
end

feature('documentHighlight', function()
  local function highlights(params)
    local hl = request(app, 'textDocument/documentHighlight', params)
    check(type(hl) == 'table', 'no highlights')
    local got = {}
    for _, h in ipairs(hl) do
      table.insert(got, rng(h.range))
    end
    table.sort(got)
    return got
  end
  local st = highlights(on(app, 'st.rows'))
  local want = { span(app, '(st, label)', 1, 2), span(app, 'st.rows', 0, 2), span(app, 'stats: st,', 7, 2) }
  table.sort(want)
  check(vim.deep_equal(st, want), 'highlights of st: ' .. table.concat(st, ' ') .. ', expected ' ..
    table.concat(want, ' '))
  -- `size` is used after "é😀 " on its line: columns in UTF-16 units.
  local size = highlights(on(app, 'size)'))
  local want2 = { span(app, 'let size', 4, 4), span(app, 'size)', 0, 4) }
  table.sort(want2)
  check(vim.deep_equal(size, want2), 'highlights of size: ' .. table.concat(size, ' ') .. ', expected ' ..
    table.concat(want2, ' '))
  return 'st: ' .. table.concat(st, ' ') .. '; size (after "é😀"): ' .. table.concat(size, ' ')
end)

feature('documentSymbol', function()
  local syms = request(app, 'textDocument/documentSymbol', { textDocument = { uri = uri(app) } })
  check(type(syms) == 'table' and #syms > 0, 'no symbols')
  local names = {}
  for _, s in ipairs(syms) do
    table.insert(names, s.name .. '(' .. (vim.lsp.protocol.SymbolKind[s.kind] or s.kind) .. ')')
  end
  local got = table.concat(names, ' ')
  for _, n in ipairs({ 'shout', 'main', 'nightly', 'weekly' }) do
    check(got:find(n .. '(', 1, true), 'no ' .. n .. ' in ' .. got)
  end
  local libsyms = request(lib, 'textDocument/documentSymbol', { textDocument = { uri = uri(lib) } })
  local libnames = {}
  for _, s in ipairs(libsyms or {}) do
    table.insert(libnames, s.name)
    for _, child in ipairs(s.children or {}) do
      table.insert(libnames, s.name .. '.' .. child.name)
    end
  end
  for _, n in ipairs({ 'Stats', 'Stats.rows', 'Region', 'Region.EU', 'double', 'summarize' }) do
    check(has(libnames, n), 'no ' .. n .. ' in lib.flyte outline: ' .. table.concat(libnames, ' '))
  end
  return 'app.flyte: ' .. got .. '; lib.flyte: ' .. #libsyms .. ' top-level incl. Stats{rows,mean} Region{US,EU,APAC}'
end)

feature('workspace/symbol', function()
  local syms = request(app, 'workspace/symbol', { query = 'summ' })
  check(type(syms) == 'table' and #syms > 0, 'nothing for "summ"')
  local found
  for _, s in ipairs(syms) do
    if s.name == 'summarize' and vim.uri_to_fname(s.location.uri) == work .. '/lib.flyte' then
      found = s
    end
  end
  check(found, 'no summarize among ' .. #syms)
  local u = found.location.uri
  check(short_uri(u) == 'lib.flyte' and found.location.range.start.line == find(lib, 'task summarize'),
    'summarize at ' .. short_uri(u) .. ':' .. found.location.range.start.line + 1)
  local all = request(app, 'workspace/symbol', { query = 'nightly' })
  check(all and #all >= 1 and all[1].name == 'nightly', 'no nightly launch plan')
  return string.format('"summ" -> summarize at lib.flyte:%d (%d result%s); "nightly" -> %s', found.location.range
    .start.line + 1, #syms, #syms == 1 and '' or 's', short_uri(all[1].location.uri))
end)

feature('completion after "."', function()
  -- Typed after "😀" (2 UTF-16 units); the chosen item is inserted the way
  -- a client does, through its textEdit.
  local before = find(app, '  return (total')
  local typed = '  let probe = "😀" + st.'
  local got = with_typed_line(app, before, typed, function(pos)
    pos.context = { triggerKind = 2, triggerCharacter = '.' }
    local res = request(app, 'textDocument/completion', pos)
    local items = res and (res.items or res) or {}
    local rows
    for _, it in ipairs(items) do
      if it.label == 'rows' then
        rows = it
      end
    end
    if rows then
      local edit = rows.textEdit or { range = { start = pos.position, ['end'] = pos.position },
        newText = rows.insertText or rows.label }
      vim.lsp.util.apply_text_edits({ edit }, app, client.offset_encoding)
    end
    return { items = items, line = lines(app)[before + 1] }
  end)
  local names = labels(got.items)
  check(has(names, 'rows') and has(names, 'mean'), 'st. offers ' .. table.concat(names, ' '))
  check(got.line == typed .. 'rows', 'inserting rows gave "' .. got.line .. '"')
  local items2 = with_typed_line(app, before, '  let probe = lib.', function(pos)
    pos.context = { triggerKind = 2, triggerCharacter = '.' }
    return request(app, 'textDocument/completion', pos)
  end)
  items2 = items2 and (items2.items or items2) or {}
  local names2 = labels(items2)
  for _, n in ipairs({ 'Stats', 'Region', 'double', 'summarize' }) do
    check(has(names2, n), 'lib. offers ' .. table.concat(names2, ' '))
  end
  return '"st." -> ' .. table.concat(names, ' ') .. ' (rows inserted: "' .. vim.trim(got.line) .. '"); "lib." -> ' ..
    table.concat(names2, ' ')
end)

feature('completion in a call', function()
  local before = find(app, '  return (total')
  local items = with_typed_line(app, before, '  let probe = lib.summarize(', function(pos)
    pos.context = { triggerKind = 2, triggerCharacter = '(' }
    return request(app, 'textDocument/completion', pos)
  end)
  items = items and (items.items or items) or {}
  local names = labels(items)
  check(has(names, 'n') or has(names, 'n:'), 'lib.summarize( offers ' .. table.concat(names, ' '))
  check(has(names, 'region') or has(names, 'region:'), 'lib.summarize( offers ' .. table.concat(names, ' '))
  local firsts = {}
  for i = 1, math.min(4, #names) do
    firsts[i] = names[i]
  end
  return '"lib.summarize(" -> ' .. table.concat(firsts, ' ') .. (#names > 4 and ' ... (' .. #names .. ')' or '')
end)

feature('signatureHelp', function()
  local before = find(app, '  return (total')
  local sh = with_typed_line(app, before, '  let probe = lib.summarize(n: 1, ', function(pos)
    pos.context = { triggerKind = 2, triggerCharacter = ',', isRetrigger = false }
    return request(app, 'textDocument/signatureHelp', pos)
  end)
  check(sh and sh.signatures and #sh.signatures > 0, 'no signature')
  local sig = sh.signatures[(sh.activeSignature or 0) + 1]
  local active = sig.activeParameter or sh.activeParameter
  check(sig.label:find('summarize', 1, true), 'signature ' .. sig.label)
  check(sig.parameters and #sig.parameters == 2, 'parameters: ' .. vim.inspect(sig.parameters))
  check(active == 1, 'active parameter ' .. tostring(active) .. ', expected 1 (region)')
  local p = sig.parameters[active + 1].label
  if type(p) == 'table' then
    p = sig.label:sub(p[1] + 1, p[2])
  end
  return string.format('"%s", active parameter %d "%s"', sig.label, active, p)
end)

feature('semanticTokens/full', function()
  local res = request(app, 'textDocument/semanticTokens/full', { textDocument = { uri = uri(app) } })
  check(res and res.data and #res.data > 0 and #res.data % 5 == 0, 'no token data')
  local legend = client.server_capabilities.semanticTokensProvider.legend
  local tokens, line, col = {}, 0, 0
  for i = 1, #res.data, 5 do
    local dl, dc, len, ty = res.data[i], res.data[i + 1], res.data[i + 2], res.data[i + 3]
    line = line + dl
    col = dl == 0 and col + dc or dc
    tokens[line .. ':' .. col] = { len = len, type = legend.tokenTypes[ty + 1] }
  end
  local function type_at(needle, offset, nth)
    local l, c = find(app, needle, nth)
    local t = tokens[l .. ':' .. utf16(app, l, c + (offset or 0))]
    return t and t.type or 'none'
  end
  local got = {
    ['shout'] = type_at('task shout', 5),
    ['double'] = type_at('double(x: i)'),
    ['Stats'] = type_at('stats: Stats', 7),
    ['EU'] = type_at('Region.EU', 7),
    ['n'] = type_at('range(n)', 6),
    ['size'] = type_at('size)'), -- after "é😀 ": UTF-16 columns
  }
  local desc = {}
  for _, k in ipairs({ 'shout', 'double', 'Stats', 'EU', 'n', 'size' }) do
    check(got[k] ~= 'none', 'no token on ' .. k)
    table.insert(desc, k .. '=' .. got[k])
  end
  check(got.shout == got.double, 'shout and double are ' .. got.shout .. ' and ' .. got.double)
  check(got.size == type_at('let size', 4), 'size is ' .. got.size .. ' after "é😀", ' .. type_at('let size', 4) ..
    ' where declared')
  check(got.Stats ~= got.double and got.EU ~= got.Stats and got.n ~= got.double, 'kinds not told apart: ' ..
    table.concat(desc, ' '))
  return string.format('%d tokens; %s', #res.data / 5, table.concat(desc, ' '))
end)

feature('foldingRange', function()
  local folds = request(app, 'textDocument/foldingRange', { textDocument = { uri = uri(app) } })
  check(type(folds) == 'table' and #folds > 0, 'no folding ranges')
  local starts = {}
  for _, f in ipairs(folds) do
    starts[f.startLine] = f.endLine
  end
  local wl, fl = find(app, 'workflow main'), find(app, 'for i in')
  local rl = find(app, '  return (total')
  check(starts[wl] and starts[wl] >= rl, 'no fold of workflow main from line ' .. wl + 1 .. ': ' ..
    vim.inspect(starts):gsub('%s+', ' '))
  check(starts[fl] and starts[fl] > fl, 'no fold of the for loop at line ' .. fl + 1)
  return string.format('%d ranges, workflow main %d-%d, for loop %d-%d', #folds, wl + 1, starts[wl] + 1, fl + 1,
    starts[fl] + 1)
end)

feature('inlayHint', function()
  -- Neovim 0.7 has no inlay hint support: the raw request.
  local n = #lines(app)
  local hints = request(app, 'textDocument/inlayHint', {
    textDocument = { uri = uri(app) },
    range = { start = { line = 0, character = 0 }, ['end'] = { line = n, character = 0 } },
  })
  check(type(hints) == 'table' and #hints > 0, 'no hints')
  local got = {}
  for _, h in ipairs(hints) do
    local label = type(h.label) == 'string' and h.label or (h.label[1] and h.label[1].value) or '?'
    local l = h.position.line
    local text = lines(app)[l + 1]
    local name = text:sub(1, h.position.character):match('([%w_]+)%s*$') or '?'
    got[name] = label
  end
  local want = { doubled = ': list[int]', i = ': int', st = ': Stats', label = ': string', size = ': string',
    msg = ': string' }
  local desc = {}
  for _, k in ipairs({ 'doubled', 'i', 'st', 'label', 'size', 'msg' }) do
    check(got[k] == want[k], 'hint after ' .. k .. ' is ' .. tostring(got[k]) .. ', expected ' .. want[k] ..
      '; all: ' .. vim.inspect(got):gsub('%s+', ' '))
    table.insert(desc, k .. got[k])
  end
  return #hints .. ' hints: ' .. table.concat(desc, ', ')
end)

feature('codeAction', function()
  -- The user's <leader>ca (vim.lsp.buf.code_action) with the cursor on the
  -- error; Neovim 0.7 has no `apply` filter, so vim.ui.select picks for the user.
  local titles, chosen = {}, nil
  local select = vim.ui.select
  vim.ui.select = function(items, opts, on_choice)
    for _, it in ipairs(items) do
      table.insert(titles, opts.format_item and opts.format_item(it) or tostring(it))
    end
    for i, it in ipairs(items) do
      if titles[i]:find('label', 1, true) then
        chosen = titles[i]
        return on_choice(it, i)
      end
    end
    on_choice(nil)
  end
  set_cursor_on(app, 'labl +size', 2)
  local ok, err = pcall(vim.cmd, 'normal \\ca')
  local l = find(app, 'msg = shout(')
  local done = vim.wait(5000, function() return lines(app)[l + 1]:find('"é😀 " + label +size', 1, true) ~= nil end, 10)
  vim.ui.select = select
  check(ok, 'vim.lsp.buf.code_action: ' .. tostring(err))
  check(#titles > 0, 'no code actions offered')
  check(chosen, 'no action mentions label: ' .. table.concat(titles, ' | '))
  check(done, 'the fix was not applied: line ' .. l + 1 .. ' is "' .. lines(app)[l + 1] .. '"')
  wait_for(5000, function() return #errors_in(app) == 0 end, 'E2001 to go away after the fix')
  return string.format('"%s" applied: "%s"; no errors left', chosen, vim.trim(lines(app)[l + 1]))
end)

feature('flyte.showGraph', function()
  local res = request(app, 'workspace/executeCommand', { command = 'flyte.showGraph', arguments = { uri(app), 'main' } })
  check(type(res) == 'table' and type(res.mermaid) == 'string', 'no {mermaid = ...}: ' .. vim.inspect(res))
  local m = res.mermaid
  check(m:match('^flowchart'), 'does not start with flowchart: ' .. m:sub(1, 40))
  for _, n in ipairs({ 'lib.summarize', 'lib.double', 'shout' }) do
    check(m:find(n, 1, true), 'no ' .. n .. ' node in the graph')
  end
  local edges = select(2, m:gsub('%-%->', ''))
  return string.format('%d lines, %d edges, first "%s"', #vim.split(m, '\n'), edges, m:match('^[^\n]*'))
end)

feature(':FlyteGraph', function()
  -- editors/nvim/flyte.lua's <leader>fg inside workflow main, then its
  -- :FlyteGraph inside `launchplan nightly for main` (the workflow it
  -- launches) and inside `launchplan weekly for lib.region_label` (an
  -- imported workflow, by its qualified name).
  local graph
  local function graph_buffer()
    for _, b in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_get_name(b):find('flyte%-graph://') then
        return b
      end
    end
  end
  -- Closing its window wipes the graph (bufhidden=wipe).
  local function close_graph()
    for _, w in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_buf(w) == graph_buffer() then
        vim.api.nvim_win_close(w, false)
      end
    end
  end
  set_cursor_on(app, 'double(x: i)')
  vim.cmd('normal \\fg')
  wait_for(5000, function() return graph_buffer() ~= nil end, 'the graph buffer of <leader>fg')
  local first = vim.api.nvim_buf_get_lines(graph_buffer(), 0, 1, false)[1]
  check(first == '# Workflow `main`', '<leader>fg in main showed ' .. first)
  close_graph()
  check(graph_buffer() == nil, 'graph buffer not wiped')
  set_cursor_on(app, 'default')
  vim.cmd('FlyteGraph')
  wait_for(5000, function()
    graph = graph_buffer()
    return graph ~= nil
  end, 'the graph buffer of :FlyteGraph')
  local text = lines(graph)
  check(text[1] == '# Workflow `main`', 'first line ' .. tostring(text[1]))
  check(text[3] == '```mermaid' and text[4]:match('^flowchart') and text[#text] == '```',
    'not a mermaid block: ' .. table.concat(text, '\\n'):sub(1, 80))
  check(vim.bo[graph].filetype == 'markdown', 'filetype ' .. vim.bo[graph].filetype)
  local name = vim.api.nvim_buf_get_name(graph)
  close_graph()
  -- A launch plan of an imported workflow: its qualified name.
  set_cursor_on(app, 'default n: 7')
  local notified = {}
  local notify = vim.notify
  vim.notify = function(msg) table.insert(notified, msg) end
  vim.cmd('FlyteGraph')
  local shown = vim.wait(5000, function() return graph_buffer() ~= nil or #notified > 0 end, 10)
  vim.notify = notify
  check(shown and graph_buffer(), 'in "launchplan weekly for lib.region_label": ' ..
    (notified[1] or 'no graph and no message'))
  local other = vim.api.nvim_buf_get_lines(graph_buffer(), 0, 1, false)[1]
  close_graph()
  check(other == '# Workflow `lib.region_label`', 'in launchplan weekly: ' .. other)
  vim.api.nvim_set_current_buf(app)
  return string.format('%s: %d lines of markdown, %s (from launchplan nightly; <leader>fg from the workflow; ' ..
    'flyte-graph://lib.region_label from launchplan weekly)', name, #text, text[4])
end)

feature('prepareRename', function()
  local r = request(app, 'textDocument/prepareRename', on(app, 'stats: Stats', 8))
  check(r, 'refused Stats')
  local range = r.range or r
  local l, c = find(app, 'stats: Stats')
  check(range.start.line == l and range.start.character == c + 7 and range['end'].character == c + 12,
    'range ' .. rng(range))
  -- A keyword: refused, with null or an error (RequestFailed) saying why.
  local res = vim.lsp.buf_request_sync(app, 'textDocument/prepareRename', on(app, 'workflow main'), 5000)
  local _, kw = next(res or {})
  check(kw, 'no answer for the keyword')
  debug_print('prepareRename(workflow)', kw)
  check(kw.error or kw.result == nil, 'the keyword "workflow" can be renamed: ' .. vim.inspect(kw.result))
  return 'Stats -> ' .. rng(range) .. (r.placeholder and (' "' .. r.placeholder .. '"') or '') ..
    '; keyword "workflow" refused' .. (kw.error and (' (' .. kw.error.code .. ' "' .. kw.error.message .. '")') or ' (null)')
end)

feature('rename', function()
  -- The user's <leader>rn on a keyword: refused before any prompt, with the
  -- server's reason.
  local input, notify = vim.ui.input, vim.notify
  local prompted, notified = nil, {}
  vim.ui.input = function(opts, on_confirm)
    prompted = opts.default or ''
    on_confirm(nil) -- the user cancels
  end
  vim.notify = function(msg) table.insert(notified, msg) end
  set_cursor_on(app, 'workflow main')
  local kw_ok, kw_err = pcall(vim.cmd, 'normal \\rn')
  vim.wait(5000, function() return prompted ~= nil or #notified > 0 end, 10)
  vim.ui.input, vim.notify = input, notify
  check(kw_ok, '<leader>rn on a keyword: ' .. tostring(kw_err))
  check(prompted == nil, '<leader>rn on the keyword "workflow" asked for a new name (default "' ..
    tostring(prompted) .. '")')
  check(#notified > 0, '<leader>rn on the keyword "workflow": no message')
  local refusal = notified[1]
  -- <leader>rn on Stats (vim.lsp.buf.rename): prepareRename gives the
  -- prompt's default, the user types Summary, the edit lands in both buffers.
  local default
  vim.ui.input = function(opts, on_confirm)
    default = opts.default
    on_confirm('Summary')
  end
  set_cursor_on(app, 'stats: Stats', 8)
  local ok, err = pcall(vim.cmd, 'normal \\rn')
  local done = vim.wait(5000, function()
    return table.concat(lines(lib), '\n'):find('record Summary', 1, true) ~= nil and
      table.concat(lines(app), '\n'):find('stats: Summary', 1, true) ~= nil
  end, 10)
  vim.ui.input = input -- only now: the prompt comes in prepareRename's answer
  check(ok, '<leader>rn: ' .. tostring(err))
  check(default, 'no prompt')
  check(done, 'Stats did not become Summary in both buffers')
  local a, b = table.concat(lines(app), '\n'), table.concat(lines(lib), '\n')
  check(not a:find('Stats', 1, true) and not b:find('Stats', 1, true), 'Stats left over')
  local _, na = a:gsub('Summary', '')
  local _, nb = b:gsub('Summary', '')
  check(vim.bo[app].modified and vim.bo[lib].modified, 'buffers not modified')
  wait_for(5000, function() return #vim.diagnostic.get(app, { severity = vim.diagnostic.severity.ERROR }) == 0 and
      #vim.diagnostic.get(lib, { severity = vim.diagnostic.severity.ERROR }) == 0 end,
    'both files to check clean after the rename')
  check(default == 'Stats', 'the prompt offered ' .. tostring(default))
  return string.format('on "workflow": no prompt, "%s"; on Stats: prompt "Stats" -> Summary: %d in app.flyte ' ..
    '(import, output type), %d in lib.flyte (record, use); no errors', refusal, na, nb)
end)

feature('rangeFormatting', function()
  -- gq on the launch plan's line (flyte.lua sets formatexpr to vim.lsp.formatexpr):
  -- `default   n:3` is fixed, `task shout(s:string)...` is not.
  set_cursor_on(app, 'default')
  local l = find(app, 'default')
  vim.cmd('normal! gqq')
  wait_for(5000, function() return lines(app)[l + 1] == '  default n: 3' end, 'the launch plan line to be formatted')
  check(lines(app)[find(app, 'task shout') + 1] == 'task shout(s:string)->(out:string){',
    'formatted outside the range: ' .. lines(app)[find(app, 'task shout') + 1])
  return string.format('gqq on line %d "  default   n:3" -> "%s", line %d untouched', l + 1, lines(app)[l + 1],
    find(app, 'task shout') + 1)
end)

feature('formatting', function()
  -- The user's <leader>f (vim.lsp.buf.formatting on 0.7, asynchronous).
  local before = lines(app)
  set_cursor_on(app, 'task shout')
  vim.cmd('normal \\f')
  wait_for(5000, function() return not vim.deep_equal(before, lines(app)) end, '<leader>f to change the buffer')
  local after = lines(app)
  local s = after[find(app, 'task shout') + 1]
  check(s == 'task shout(s: string) -> (out: string) {', 'shout line: ' .. s)
  -- An edit after "é😀 " on its line, in UTF-16 columns.
  local m = vim.trim(after[find(app, 'let msg') + 1])
  check(m == 'let msg = shout(s: "é😀 " + label + size)', 'msg line: ' .. m)
  local w = find(app, 'workflow main')
  check(after[w + 1] == 'workflow main(' and after[w + 2] == '  n: int,', 'workflow header: ' .. after[w + 1])
  -- The server's text and the buffer agree: formatting again changes nothing,
  -- and the buffer is what `flytec fmt` makes of the fixed, renamed file.
  if vim.lsp.buf.format then
    vim.lsp.buf.format({ bufnr = app, timeout_ms = 5000 })
  else
    vim.lsp.buf.formatting_sync(nil, 5000) -- Neovim 0.7
  end
  check(vim.deep_equal(after, lines(app)), 'formatting twice changed the buffer again')
  local expected = {
    'import "lib.flyte"',
    'from "lib.flyte" import double, Summary',
    '',
    '/// Shouts s.',
    'task shout(s: string) -> (out: string) {',
    '  python "outputs.out = s.upper()"',
    '}',
    '',
    'workflow main(',
    '  n: int,',
    '  region: lib.Region = lib.Region.EU,',
    ') -> (total: int, stats: Summary, msg: string) {',
    '  let doubled = for i in range(n) {',
    '    double(x: i)',
    '  }',
    '  let (st, label) = lib.summarize(n: n, region: region)',
    '  let size = if st.rows > 10 { "big" } else { "small" }',
    '  let msg = shout(s: "é😀 " + label + size)',
    '  return (total: std.sum(doubled), stats: st, msg: msg)',
    '}',
    '',
    'launchplan nightly for main {',
    '  default n: 3',
    '}',
    '',
    'launchplan weekly for lib.region_label {',
    '  default n: 7',
    '}',
  }
  if not vim.deep_equal(after, expected) then
    for i = 1, math.max(#after, #expected) do
      if after[i] ~= expected[i] then
        fail(string.format('line %d is "%s", expected "%s"', i, tostring(after[i]), tostring(expected[i])))
      end
    end
  end
  return string.format('<leader>f: %d -> %d lines, "%s", "%s"; formatting again changes nothing; buffer == expected text',
    #before, #after, s, m)
end)

feature('didSave, didClose', function()
  -- :wall saves the fixed, renamed, formatted files (didSave). Then an
  -- unsaved edit to lib.flyte breaks app.flyte, and wiping lib.flyte's buffer
  -- without saving (didClose) makes the server clear lib.flyte's diagnostics
  -- and check app.flyte again against lib.flyte on disk: clean.
  local function count(name)
    return #(published[name] or {})
  end
  local a0, l0 = count('app.flyte'), count('lib.flyte')
  vim.cmd('silent wall')
  check(not vim.bo[app].modified and not vim.bo[lib].modified, 'buffers still modified after :wall')
  local f = assert(io.open(work .. '/lib.flyte', 'rb'))
  local on_disk = f:read('*a')
  f:close()
  check(on_disk:find('record Summary', 1, true), 'lib.flyte on disk lacks the rename')
  wait_for(5000, function() return count('app.flyte') > a0 and count('lib.flyte') > l0 end,
    'both files to be checked again after didSave')
  local l = find(lib, 'record Summary')
  vim.api.nvim_buf_set_lines(lib, l, l + 1, false, { 'record Summary2 {' })
  wait_for(5000, function() return #errors_in(app) > 0 end, 'the unsaved edit of lib.flyte to break app.flyte')
  local broken = errors_in(app)[1]
  l0 = count('lib.flyte')
  vim.cmd('bwipeout! ' .. lib)
  wait_for(5000, function()
    local p = published['lib.flyte']
    return #p > l0 and p[#p] == 0 and #errors_in(app) == 0
  end, 'lib.flyte cleared and app.flyte clean again after didClose')
  return string.format('unsaved "record Summary2" in lib.flyte -> app.flyte %s at %d:%d; closed unsaved -> app.flyte clean against the saved lib.flyte',
    tostring(broken.code), broken.lnum + 1, broken.col + 1)
end)

feature('shutdown', function()
  local id = client.id
  vim.lsp.stop_client(id)
  wait_for(5000, function() return vim.lsp.get_client_by_id(id) == nil end,
    'the server to shut down and exit')
  return 'client ' .. id .. ' stopped (shutdown + exit)'
end)

watchdog:stop()
out('DONE')
if failures > 0 then
  vim.cmd('cquit 1')
else
  vim.cmd('qa!')
end
