// The Flyte extension: starts flyte-lsp over stdio for .flyte files and adds
// "Flyte: Show workflow graph". Plain JavaScript, no build step.
'use strict';

const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const { LanguageClient, ExecuteCommandRequest, State } = require('vscode-languageclient/node');
const { findDeclarations, workflowAt } = require('./workflows');

const SHOW_GRAPH = 'flyte.showGraph';
const RESTART = 'flyte.restartServer';
// Commands this extension registers itself. If the server also lists them in
// executeCommandProvider, the client must not register them a second time
// (VS Code refuses a duplicate command and the client would fail to start).
const OWN_COMMANDS = new Set([SHOW_GRAPH, RESTART]);

/** @type {LanguageClient | undefined} */
let client;
/** @type {vscode.OutputChannel | undefined} */
let output;

class FlyteLanguageClient extends LanguageClient {
  registerFeature(feature) {
    const type = feature && feature.registrationType;
    if (type && type.method === ExecuteCommandRequest.type.method && typeof feature.register === 'function') {
      const register = feature.register.bind(feature);
      feature.register = (data) => {
        const options = data.registerOptions || {};
        const commands = (options.commands || []).filter((c) => !OWN_COMMANDS.has(c));
        return register({ ...data, registerOptions: { ...options, commands } });
      };
    }
    super.registerFeature(feature);
  }
}

function settings() {
  const config = vscode.workspace.getConfiguration('flyte');
  return {
    path: config.get('server.path') || 'flyte-lsp',
    args: config.get('server.args') || [],
  };
}

function workspaceRoots() {
  return (vscode.workspace.workspaceFolders || []).map((f) => f.uri.fsPath);
}

function onPath(name) {
  const exts = process.platform === 'win32' ? (process.env.PATHEXT || '.EXE').split(';') : [''];
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      try {
        if (fs.statSync(candidate).isFile()) return candidate;
      } catch (_) {
        // not here
      }
    }
  }
  return undefined;
}

/**
 * The server binary: `flyte.server.path` with `${workspaceFolder}` and `~`
 * expanded, a relative path resolved against the first workspace folder, a
 * bare name looked up on PATH. When the default `flyte-lsp` is not on PATH,
 * a build of this repository (`build/bin/flyte-lsp`) in a workspace folder is
 * used instead.
 */
function resolveServer(configured) {
  const roots = workspaceRoots();
  let p = configured.replace(/\$\{workspaceFolder\}/g, roots[0] || '.');
  if (p === '~' || p.startsWith('~/')) p = path.join(require('os').homedir(), p.slice(1));
  const bare = !p.includes('/') && !p.includes('\\');
  if (bare) {
    const found = onPath(p);
    if (found) return found;
    if (p === 'flyte-lsp') {
      for (const root of roots) {
        const built = path.join(root, 'build', 'bin', 'flyte-lsp');
        if (fs.existsSync(built)) return built;
      }
    }
    return p; // let the spawn fail with a clear message
  }
  if (!path.isAbsolute(p) && roots.length) return path.join(roots[0], p);
  return p;
}

function createClient() {
  const { path: configured, args } = settings();
  const command = resolveServer(configured);
  output.appendLine(`Starting ${command} ${args.join(' ')}`.trimEnd());
  const executable = { command, args, options: { cwd: workspaceRoots()[0] } };
  const serverOptions = { run: executable, debug: executable };
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'flyte' },
      { scheme: 'untitled', language: 'flyte' },
    ],
    synchronize: {
      // Imported modules change on disk too.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.flyte'),
    },
    outputChannel: output,
  };
  // The id 'flyte' makes the client read the `flyte.trace.server` setting.
  return new FlyteLanguageClient('flyte', 'Flyte Language Server', serverOptions, clientOptions);
}

async function startClient() {
  client = createClient();
  try {
    await client.start();
  } catch (err) {
    const { path: configured } = settings();
    const message = `Flyte: could not start the language server '${configured}': ${err && err.message ? err.message : err}. ` +
      'Build it with `cmake --build build --target flyte-lsp` or set flyte.server.path.';
    output.appendLine(message);
    const choice = await vscode.window.showErrorMessage(message, 'Open Settings', 'Show Log');
    if (choice === 'Open Settings') vscode.commands.executeCommand('workbench.action.openSettings', 'flyte.server');
    if (choice === 'Show Log') output.show(true);
  }
}

async function stopClient() {
  const old = client;
  client = undefined;
  if (old) {
    try {
      await old.stop();
    } catch (_) {
      // it may never have started
    }
  }
}

async function restartClient() {
  await stopClient();
  await startClient();
}

function toUri(value) {
  if (!value) return undefined;
  if (value instanceof vscode.Uri) return value;
  if (typeof value === 'string') return value.includes('://') || value.startsWith('untitled:') ? vscode.Uri.parse(value) : vscode.Uri.file(value);
  if (value.uri) return toUri(value.uri); // a tab or an editor
  return undefined;
}

/** Which workflow: the one at the cursor, the only one, or the one the user picks. */
async function chooseWorkflow(document, editor) {
  const text = document.getText();
  if (editor && editor.document === document) {
    const here = workflowAt(text, document.offsetAt(editor.selection.active));
    if (here) return here;
  }
  const workflows = findDeclarations(text).filter((d) => d.kind !== 'launchplan');
  if (workflows.length === 0) {
    vscode.window.showWarningMessage(`Flyte: ${path.basename(document.uri.path)} declares no workflow.`);
    return undefined;
  }
  if (workflows.length === 1) return workflows[0].name;
  const picked = await vscode.window.showQuickPick(
    workflows.map((w) => ({
      label: w.name,
      description: w.kind,
      detail: `line ${document.positionAt(w.start).line + 1}`,
    })),
    { placeHolder: 'Show the graph of which workflow?' });
  return picked && picked.label;
}

/**
 * flyte.showGraph [uri, name]: asks the server for the workflow's Mermaid
 * flowchart and opens it in a new untitled Markdown document.
 */
async function showGraph(uriArg, nameArg) {
  const editor = vscode.window.activeTextEditor;
  let uri = toUri(uriArg);
  if (!uri) {
    if (!editor || editor.document.languageId !== 'flyte') {
      vscode.window.showWarningMessage('Flyte: open a .flyte file to show one of its workflows.');
      return;
    }
    uri = editor.document.uri;
  }
  const document = editor && editor.document.uri.toString() === uri.toString()
    ? editor.document
    : await vscode.workspace.openTextDocument(uri);
  const name = typeof nameArg === 'string' && nameArg ? nameArg : await chooseWorkflow(document, editor);
  if (!name) return;

  if (!client || client.state !== State.Running) {
    if (!client) await startClient();
    if (!client || client.state !== State.Running) {
      vscode.window.showErrorMessage('Flyte: the language server is not running (see the "Flyte Language Server" output).');
      return;
    }
  }

  let result;
  try {
    result = await client.sendRequest(ExecuteCommandRequest.type, {
      command: SHOW_GRAPH,
      arguments: [client.code2ProtocolConverter.asUri(uri), name],
    });
  } catch (err) {
    vscode.window.showErrorMessage(`Flyte: no graph for '${name}': ${err && err.message ? err.message : err}`);
    return;
  }
  const mermaid = typeof result === 'string' ? result : result && result.mermaid;
  if (typeof mermaid !== 'string' || !mermaid.trim()) {
    vscode.window.showErrorMessage(`Flyte: the server returned no graph for '${name}'.`);
    return;
  }
  const content = [
    `# Workflow \`${name}\``,
    '',
    `From \`${vscode.workspace.asRelativePath(uri)}\`.`,
    '',
    '```mermaid',
    mermaid.replace(/\s+$/, ''),
    '```',
    '',
  ].join('\n');
  const graph = await vscode.workspace.openTextDocument({ language: 'markdown', content });
  await vscode.window.showTextDocument(graph, { viewColumn: vscode.ViewColumn.Beside, preview: false });
}

async function activate(context) {
  output = vscode.window.createOutputChannel('Flyte Language Server');
  context.subscriptions.push(output);
  context.subscriptions.push(vscode.commands.registerCommand(SHOW_GRAPH, showGraph));
  context.subscriptions.push(vscode.commands.registerCommand(RESTART, restartClient));
  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration(async (event) => {
    if (event.affectsConfiguration('flyte.server')) {
      const choice = await vscode.window.showInformationMessage(
        'Flyte: the language server settings changed.', 'Restart Server');
      if (choice === 'Restart Server') restartClient();
    }
  }));
  await startClient();
}

function deactivate() {
  return stopClient();
}

module.exports = { activate, deactivate, resolveServer };
