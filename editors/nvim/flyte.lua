-- flyte-lsp for Neovim's built-in LSP client (docs/editors.md).
--
--   dofile('/path/to/flytec/editors/nvim/flyte.lua')                -- defaults
--   dofile('/path/to/flytec/editors/nvim/flyte.lua').setup({        -- or choose
--     cmd = { '/path/to/flytec/build/bin/flyte-lsp', '--log=verbose' },
--   })
--
-- Works with Neovim 0.8+ (vim.lsp.start) and falls back to
-- vim.lsp.start_client + vim.lsp.buf_attach_client on 0.7.
-- Commands: :FlyteGraph [workflow] opens the workflow's Mermaid graph.

local M = {}

local defaults = {
  -- The server: `flyte-lsp` on PATH, else a build of the repository found
  -- above the file (build/bin/flyte-lsp).
  cmd = nil,
  -- Set up the keymaps below in each .flyte buffer.
  keymaps = true,
}

local config = vim.deepcopy(defaults)

local function root_dir(bufname)
  local start = vim.fn.fnamemodify(bufname ~= '' and bufname or vim.fn.getcwd(), ':p:h')
  if vim.fs and vim.fs.find then
    local git = vim.fs.find({ '.git' }, { upward = true, path = start })[1]
    return git and vim.fs.dirname(git) or start
  end
  -- Neovim 0.7: no vim.fs.
  local git = vim.fn.finddir('.git', start .. ';')
  if git == '' then
    git = vim.fn.findfile('.git', start .. ';') -- a worktree's .git file
  end
  return git ~= '' and vim.fn.fnamemodify(git, ':p:h:h') or start
end

local function server_cmd(root)
  if config.cmd then
    return config.cmd
  end
  if vim.fn.executable('flyte-lsp') == 1 then
    return { 'flyte-lsp' }
  end
  local built = root .. '/build/bin/flyte-lsp'
  if vim.fn.executable(built) == 1 then
    return { built }
  end
  return { 'flyte-lsp' }
end

local function format_buffer()
  if vim.lsp.buf.format then
    vim.lsp.buf.format({ async = true })
  else
    vim.lsp.buf.formatting() -- Neovim 0.7
  end
end

-- Neovim 0.7's vim.lsp.buf.rename asks for the new name even when the
-- server refuses prepareRename with an error, as flyte-lsp refuses keywords,
-- std names and places without a name, and only fails after the user typed
-- one. Ask first and prompt only if the server agrees; 0.8 and later stop by
-- themselves.
local function rename()
  if vim.fn.has('nvim-0.8') == 1 then
    return vim.lsp.buf.rename()
  end
  vim.lsp.buf_request(0, 'textDocument/prepareRename', vim.lsp.util.make_position_params(),
    function(err, result)
      if err or result == nil then
        vim.notify('flyte-lsp: ' .. (err and err.message or 'nothing to rename here'), vim.log.levels.INFO)
        return
      end
      vim.lsp.buf.rename()
    end)
end

local function on_attach(_, bufnr)
  -- <C-x><C-o> completes from the server, `gq` formats a range with it.
  vim.bo[bufnr].omnifunc = 'v:lua.vim.lsp.omnifunc'
  vim.bo[bufnr].formatexpr = 'v:lua.vim.lsp.formatexpr()'
  if not config.keymaps then
    return
  end
  local function map(mode, lhs, rhs, desc)
    vim.keymap.set(mode, lhs, rhs, { buffer = bufnr, silent = true, desc = desc })
  end
  map('n', 'K', vim.lsp.buf.hover, 'Flyte: hover')
  map('n', 'gd', vim.lsp.buf.definition, 'Flyte: go to definition')
  map('n', 'gr', vim.lsp.buf.references, 'Flyte: references')
  map('n', '<leader>rn', rename, 'Flyte: rename')
  map({ 'n', 'v' }, '<leader>ca', vim.lsp.buf.code_action, 'Flyte: code action')
  map('n', '<leader>f', format_buffer, 'Flyte: format')
  map('i', '<C-k>', vim.lsp.buf.signature_help, 'Flyte: signature help')
  map('n', '<leader>fg', function() M.show_graph() end, 'Flyte: show workflow graph')
end

-- Top-level workflows (and dynamic workflows) of a buffer: { name, line }.
local function workflows(bufnr)
  local found = {}
  for i, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local name = line:match('^%s*workflow%s+([%a_][%w_]*)') or line:match('^%s*dynamic%s+([%a_][%w_]*)')
    if name then
      table.insert(found, { name = name, line = i })
    end
  end
  return found
end

-- The workflow the cursor is in: the nearest declaration above it
-- (a launch plan above names the workflow it launches, maybe qualified by
-- an import: `launchplan weekly for lib.report`).
local function workflow_at_cursor(bufnr)
  local row = vim.api.nvim_win_get_cursor(0)[1]
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, row, false)
  for i = #lines, 1, -1 do
    local l = lines[i]
    local name = l:match('^%s*workflow%s+([%a_][%w_]*)') or l:match('^%s*dynamic%s+([%a_][%w_]*)')
    if name then
      return name
    end
    local target = l:match('^%s*launchplan%s+[%a_][%w_]*%s+for%s+([%a_][%w_%.]*)')
    if target then
      return (target:gsub('%.+$', ''))
    end
    if l:match('^%s*task%s') or l:match('^%s*record%s') or l:match('^%s*enum%s') or l:match('^%s*test%s') then
      return nil
    end
  end
  return nil
end

local function open_graph(name, mermaid)
  local lines = { '# Workflow `' .. name .. '`', '', '```mermaid' }
  vim.list_extend(lines, vim.split((mermaid:gsub('%s+$', '')), '\n', { plain = true }))
  table.insert(lines, '```')
  vim.cmd('vnew')
  local buf = vim.api.nvim_get_current_buf()
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  vim.bo[buf].buftype = 'nofile'
  vim.bo[buf].bufhidden = 'wipe'
  vim.bo[buf].filetype = 'markdown'
  pcall(vim.api.nvim_buf_set_name, buf, 'flyte-graph://' .. name)
end

-- Asks the server for the Mermaid text of a workflow (flyte.showGraph with
-- [uri, name]) and opens it in a new markdown buffer. Without a name: the
-- workflow under the cursor, the only one, or one picked from a list.
function M.show_graph(name)
  local bufnr = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(bufnr)
  local function request(wf)
    if not wf or wf == '' then
      return
    end
    vim.lsp.buf_request(bufnr, 'workspace/executeCommand',
      { command = 'flyte.showGraph', arguments = { uri, wf } },
      function(err, result)
        if err then
          vim.notify('flyte.showGraph: ' .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
          return
        end
        local text = type(result) == 'table' and result.mermaid or result
        if type(text) ~= 'string' or text == '' then
          vim.notify('flyte.showGraph: no graph for ' .. wf, vim.log.levels.WARN)
          return
        end
        open_graph(wf, text)
      end)
  end
  if name and name ~= '' then
    return request(name)
  end
  local here = workflow_at_cursor(bufnr)
  if here then
    return request(here)
  end
  local all = workflows(bufnr)
  if #all == 0 then
    vim.notify('flyte.showGraph: this file declares no workflow', vim.log.levels.WARN)
  elseif #all == 1 then
    request(all[1].name)
  else
    vim.ui.select(all, {
      prompt = 'Workflow: ',
      format_item = function(w) return w.name .. ' (line ' .. w.line .. ')' end,
    }, function(choice) request(choice and choice.name) end)
  end
end

-- Neovim 0.7: one client per root, attached to every .flyte buffer under it.
local clients_by_root = {}

local function start(bufnr)
  local root = root_dir(vim.api.nvim_buf_get_name(bufnr))
  local client_config = {
    name = 'flyte-lsp',
    cmd = server_cmd(root),
    root_dir = root,
    on_attach = on_attach,
  }
  if vim.lsp.start then
    vim.lsp.start(client_config, { bufnr = bufnr })
    return
  end
  local id = clients_by_root[root]
  if not id or not vim.lsp.get_client_by_id(id) then
    client_config.workspace_folders = { { uri = vim.uri_from_fname(root), name = root } }
    id = vim.lsp.start_client(client_config)
    clients_by_root[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
end

function M.setup(opts)
  config = vim.tbl_deep_extend('force', vim.deepcopy(defaults), opts or {})
  local group = vim.api.nvim_create_augroup('flyte-lsp', { clear = true })
  if vim.filetype and vim.filetype.add then
    vim.filetype.add({ extension = { flyte = 'flyte' } })
  end
  if vim.fn.has('nvim-0.8') == 0 then
    -- Neovim 0.7 detects filetypes with filetype.vim unless do_filetype_lua
    -- is set, and that does not see vim.filetype.add.
    vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
      group = group,
      pattern = '*.flyte',
      command = 'setfiletype flyte',
    })
  end
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = 'flyte',
    callback = function(args)
      vim.bo[args.buf].commentstring = '// %s'
      vim.bo[args.buf].comments = 's1:/*,mb:*,ex:*/,:///,://'
      start(args.buf)
    end,
  })
  vim.api.nvim_create_user_command('FlyteGraph', function(c) M.show_graph(c.args) end,
    { nargs = '?', desc = 'Show the Mermaid graph of a Flyte workflow' })
  return M
end

M.setup()
return M
