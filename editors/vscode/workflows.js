// Finds the workflows of a .flyte file without the language server, for the
// "Flyte: Show workflow graph" command: which workflow the cursor is in, or
// the list to pick from. It only skips comments and strings and counts
// brackets, which is enough for the top level of a module (LANGUAGE.md §3):
// `workflow NAME(...) -> (...) { ... }`, `dynamic NAME(...) { ... }` and
// `launchplan NAME for WORKFLOW { ... }`, each optionally after decorators.
// No dependency on the `vscode` module, so plain node can test it.
'use strict';

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;

/** The tokens that matter here: words, punctuation, with their offsets. */
function* tokens(text) {
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\f') {
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === '"' && text.startsWith('"""', i)) {
      const end = text.indexOf('"""', i + 3);
      i = end < 0 ? n : end + 3;
    } else if (c === '"') {
      i++;
      while (i < n && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      i++;
    } else if (IDENT_START.test(c)) {
      const start = i;
      while (i < n && IDENT_PART.test(text[i])) i++;
      yield { kind: 'word', text: text.slice(start, i), start, end: i };
    } else if (/[0-9]/.test(c)) {
      while (i < n && /[A-Za-z0-9_.]/.test(text[i])) i++;
    } else {
      yield { kind: 'punct', text: c, start: i, end: i + 1 };
      i++;
    }
  }
}

/**
 * The top-level workflows (`workflow` and `dynamic`) and launch plans of a
 * module: { kind, name, start, end, target? } with offsets into `text`;
 * `start` is the first decorator's `@` (or the keyword), `end` is just past
 * the closing `}` (or the end of the text if it is missing).
 */
function findDeclarations(text) {
  const found = [];
  let depth = 0; // brackets of any kind
  let declStart = -1; // the first '@' of pending decorators at depth 0
  let pending = null; // a declaration whose body has not opened yet
  let bodyDepth = -1; // depth inside the open declaration's body
  let current = null;
  let previous = null;
  const list = [...tokens(text)];
  for (let k = 0; k < list.length; k++) {
    const t = list[k];
    if (t.kind === 'punct') {
      if (t.text === '@' && depth === 0 && !pending && declStart < 0) declStart = t.start;
      if (t.text === '{' || t.text === '(' || t.text === '[') {
        if (t.text === '{' && pending && depth === 0) {
          current = pending;
          pending = null;
          bodyDepth = depth + 1;
        }
        depth++;
      } else if (t.text === '}' || t.text === ')' || t.text === ']') {
        depth = Math.max(0, depth - 1);
        if (current && t.text === '}' && depth === bodyDepth - 1) {
          current.end = t.end;
          found.push(current);
          current = null;
          bodyDepth = -1;
        }
      }
    } else if (depth === 0 && !current && !(previous && previous.text === '.')) {
      const next = list[k + 1];
      if ((t.text === 'workflow' || t.text === 'dynamic') && next && next.kind === 'word') {
        pending = { kind: t.text, name: next.text, start: declStart >= 0 ? declStart : t.start, end: text.length };
        k++;
        declStart = -1;
      } else if (t.text === 'launchplan' && next && next.kind === 'word') {
        pending = { kind: 'launchplan', name: next.text, start: declStart >= 0 ? declStart : t.start, end: text.length };
        k++;
        if (list[k + 1] && list[k + 1].text === 'for') {
          const parts = [];
          let j = k + 2;
          while (list[j] && list[j].kind === 'word') {
            parts.push(list[j].text);
            if (!(list[j + 1] && list[j + 1].text === '.')) break;
            j += 2;
          }
          if (parts.length) pending.target = parts.join('.');
        }
        declStart = -1;
      } else if (['task', 'record', 'enum', 'type', 'test', 'import', 'from', 'module'].includes(t.text)) {
        declStart = -1; // decorators belonged to something else
      }
    }
    previous = t;
  }
  if (current) found.push(current); // unclosed body: runs to the end
  return found;
}

/** The workflows (static and dynamic) of a module. */
function findWorkflows(text) {
  return findDeclarations(text).filter((d) => d.kind !== 'launchplan');
}

/**
 * The name of the workflow the offset is in: a workflow's own name, or the
 * workflow a launch plan launches when that is in this module. Undefined
 * when the offset is in neither.
 */
function workflowAt(text, offset) {
  const decls = findDeclarations(text);
  const names = new Set(decls.filter((d) => d.kind !== 'launchplan').map((d) => d.name));
  for (const d of decls) {
    if (offset < d.start || offset > d.end) continue;
    if (d.kind !== 'launchplan') return d.name;
    if (d.target && names.has(d.target)) return d.target;
  }
  return undefined;
}

module.exports = { findDeclarations, findWorkflows, workflowAt };
