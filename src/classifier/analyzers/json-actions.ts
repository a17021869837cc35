/*!
 * Destroying actions named inside JSON arguments: a change batch, a request document or an RPC body
 * whose `Action`/`op`/`method` says delete (`aws route53 change-resource-record-sets --change-batch
 * '{"Changes":[{"Action":"DELETE",…}]}'`, `--cli-input-json file://req.json`, a JSON-RPC
 * `{"method":"deleteUser"}` body). The verb is in the data, so the verb analyzer cannot see it.
 */
import type { Analyzer, Fact } from '../facts.js';
import type { Word } from '../../parser/model.js';
import { DATA_PROGRAMS } from './data-programs.js';
import { verbKind } from './verb-kind.js';
import { absolutePath } from '../path-class.js';
import type { Context } from '../context.js';

const ACTION_KEYS = new Set(['action', 'op', 'operation', 'method', 'verb']);
/** HTTP clients send JSON bodies; other data programs (echo, jq, grep) only print or filter it. */
const SENDERS = new Set(['curl', 'wget', 'http', 'https', 'xh']);
const MAX_JSON = 64 * 1024;
const MAX_NODES = 5000;

export const jsonActionsAnalyzer: Analyzer = ({ view, ctx }) => {
  const p = view.program;
  if (!p || (DATA_PROGRAMS.has(p) && !SENDERS.has(p))) return [];
  const facts: Fact[] = [];
  const argv = view.cmd.argv;
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i];
    const text = jsonText(w, ctx);
    if (text === null) continue;
    const action = destroyingAction(text);
    if (action) facts.push({ id: 'verb.destructive', detail: action, span: w.span });
  }
  return facts;
};

/** The JSON a word carries: itself, the value of `--opt=JSON`, or a `file://`/`@` file that can be read. */
function jsonText(w: Word, ctx: Context): string | null {
  if (w.dynamic || !/[[{@]|file/.test(w.value)) return null;
  let v = w.value;
  const eq = /^--?[\w-]+=/.exec(v);
  if (eq) v = v.slice(eq[0].length);
  const file = /^(?:file:\/\/|fileb:\/\/|@)(.+\.json)$/i.exec(v);
  if (file && ctx.readFile) v = ctx.readFile(absolutePath(file[1], ctx)) ?? '';
  v = v.trim();
  if (v.length > MAX_JSON || !/^[[{]/.test(v)) return null;
  return v;
}

/** `"Action": "DELETE"` when the document names a destroying action, else null. */
export function destroyingAction(text: string): string | null {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return null;
  }
  const stack: unknown[] = [doc];
  for (let n = 0; stack.length && n < MAX_NODES; n++) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) stack.push(node[i]);
      continue;
    }
    if (!node || typeof node !== 'object') continue;
    const obj = node as Record<string, unknown>;
    // A JSON Patch operation edits one field of a document (`{"op":"remove","path":"/spec/x"}`).
    const jsonPatch = typeof obj.path === 'string' && obj.path.startsWith('/');
    for (const key of Object.keys(obj)) {
      const value = obj[key];
      if (typeof value === 'string' && !jsonPatch && ACTION_KEYS.has(key.toLowerCase()) && verbKind(value) === 'destructive') {
        return `"${key}": "${value}"`;
      }
      if (value && typeof value === 'object') stack.push(value);
    }
  }
  return null;
}
