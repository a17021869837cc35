/*!
 * What `make TARGET…` runs: the recipes of the targets and of their prerequisites, read from the
 * Makefile the way make would pick it (`-C DIR`, `-f FILE`, GNUmakefile/makefile/Makefile), with
 * make's variables expanded where the Makefile defines them (or make does: `$(RM)`, `$(MAKE)`),
 * `$(shell …)` as a command substitution, and anything else left dynamic. Each recipe line runs in
 * its own shell, so each becomes a subshell. Included makefiles (`include`, `-include`, `MAKEFILES`)
 * are read in place. Best effort and pure: pattern rules and conditionals are not followed; what is not found yields nothing (and the caller judges `make`
 * itself as usual).
 */
import { posix } from 'node:path';
import type { Word } from './model.js';
import { DYN } from './model.js';
import type { ProjectScript } from './package-scripts.js';
import { dict } from '../util/dict.js';

type Reader = (path: string) => string | undefined;

interface Makefile {
  vars: Map<string, string>;
  rules: Map<string, { prereqs: string[]; recipe: string[] }>;
  first?: string;
}

const DEFAULT_VARS: Record<string, string> = dict({ RM: 'rm -f', MAKE: 'make', CC: 'cc', CXX: 'g++', AR: 'ar', SHELL: '/bin/sh' });
/** Options that only print or check: nothing runs. */
const NO_RUN = /^(-[a-zA-Z]*[nqp][a-zA-Z]*|--dry-run|--just-print|--recon|--question|--print-data-base)$/;
const WITH_VALUE = new Set([
  '-C',
  '--directory',
  '-f',
  '--file',
  '--makefile',
  '-I',
  '--include-dir',
  '-j',
  '--jobs',
  '-l',
  '--load-average',
  '-o',
  '--old-file',
  '-W',
  '--what-if',
  '--assume-new',
  '--new-file',
  '-O',
  '--output-sync',
]);
const MAX_TARGETS = 64;

/** Logical lines: backslash-newline joins lines (recipes keep it for the shell). */
function logicalLines(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const prev = out.length ? out[out.length - 1] : undefined;
    if (prev !== undefined && prev.endsWith('\\')) out[out.length - 1] = `${prev}\n${line}`;
    else out.push(line);
  }
  return out;
}

function parse(text: string): Makefile {
  const mk: Makefile = { vars: new Map(Object.entries(DEFAULT_VARS)), rules: new Map() };
  let current: string[] = [];
  for (const line of logicalLines(text)) {
    if (line.startsWith('\t')) {
      for (const t of current) mk.rules.get(t)!.recipe.push(line.slice(1).replace(/\n\t/g, '\n'));
      continue;
    }
    const bare = line.replace(/(^|[^\\])#.*$/, '$1').trim();
    if (bare === '') continue;
    const assign = /^(?:override\s+|export\s+)*([A-Za-z_][\w.-]*)\s*([:?+!]?:?=)\s*(.*)$/.exec(bare);
    if (assign) {
      const [, name, op, value] = assign;
      if (op === '?=' && mk.vars.has(name) && !(name in DEFAULT_VARS)) continue;
      mk.vars.set(name, op === '+=' ? `${mk.vars.get(name) ?? ''} ${value}`.trim() : value);
      current = [];
      continue;
    }
    const rule = /^([^:=]+?)\s*::?\s*([^=;]*?)\s*(?:;\s*(.*))?$/.exec(bare);
    if (!rule || /^(ifeq|ifneq|ifdef|ifndef|else|endif|include|-include|sinclude|define|endef|vpath|export|unexport)\b/.test(bare)) {
      current = [];
      continue;
    }
    current = rule[1].split(/\s+/).filter(Boolean);
    for (const t of current) {
      const r = mk.rules.get(t) ?? { prereqs: [], recipe: [] };
      r.prereqs.push(...rule[2].split(/\s+/).filter((p) => p && p !== '|'));
      if (rule[3]) r.recipe.push(rule[3]);
      mk.rules.set(t, r);
      if (mk.first === undefined && !t.startsWith('.') && !t.includes('%')) mk.first = t;
    }
  }
  return mk;
}

/** Expands make's `$(…)`/`${…}`/`$X` in a recipe line into shell text. */
function expand(text: string, mk: Makefile, auto: Record<string, string>, depth = 0): string {
  if (depth > 8) return '${SHELLGATE_MAKE_DEEP}';
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '$') {
      out += c;
      continue;
    }
    const n = text[i + 1];
    if (n === '$') {
      out += '$';
      i++;
    } else if (n === '(' || n === '{') {
      const close = n === '(' ? ')' : '}';
      let level = 1;
      let j = i + 2;
      for (; j < text.length && level > 0; j++) {
        if (text[j] === n) level++;
        else if (text[j] === close) level--;
      }
      const inner = text.slice(i + 2, j - 1);
      const fn = /^shell\s+([\s\S]*)$/.exec(inner);
      if (fn) out += `$(${expand(fn[1], mk, auto, depth + 1)})`;
      else if (mk.vars.has(inner)) out += expand(mk.vars.get(inner)!, mk, auto, depth + 1);
      else if (auto[inner] !== undefined) out += auto[inner];
      else out += '${SHELLGATE_MAKE_' + (inner.replace(/\W/g, '_').slice(0, 40) || 'VAR') + '}';
      i = j - 1;
    } else if (n !== undefined && auto[n] !== undefined) {
      out += auto[n];
      i++;
    } else {
      out += '$';
    }
  }
  return out;
}

/** `include a.mk b.mk`, `-include x.mk`, `sinclude x.mk`: the included text in place (3 levels deep). */
function withIncludes(text: string, dir: string, read: Reader, depth: number): { text: string; included: string[] } {
  const included: string[] = [];
  const out = text.replace(/^[ ]*(?:-include|sinclude|include)[ \t]+([^\n#]+)$/gm, (_m, list: string) => {
    const parts: string[] = [];
    for (const name of list.trim().split(/\s+/).slice(0, 16)) {
      if (name.includes('$')) continue;
      included.push(name);
      const t = depth < 3 ? read(posix.resolve(dir, name)) : undefined;
      if (t !== undefined) parts.push(withIncludes(t, dir, read, depth + 1).text);
    }
    return parts.join('\n');
  });
  return { text: out, included };
}

function options(args: Word[]): { dir?: string; file?: string; targets: string[]; vars: [string, string][] } | null {
  const out = { dir: undefined as string | undefined, file: undefined as string | undefined, targets: [] as string[], vars: [] as [string, string][] };
  for (let i = 0; i < args.length; i++) {
    const w = args[i].value;
    if (w.includes(DYN)) return null;
    if (NO_RUN.test(w)) return null;
    const long = /^(--directory|--file|--makefile)=(.*)$/.exec(w);
    if (w === '-C' || w === '--directory') out.dir = posix.join(out.dir ?? '', args[++i]?.value ?? '');
    else if (w === '-f' || w === '--file' || w === '--makefile') out.file = args[++i]?.value;
    else if (long) long[1] === '--directory' ? (out.dir = long[2]) : (out.file = long[2]);
    else if (/^-C./.test(w)) out.dir = w.slice(2);
    else if (WITH_VALUE.has(w)) i++;
    else if (w.startsWith('-')) continue;
    else if (/^[A-Za-z_][\w.]*[:?+]?=/.test(w)) {
      const eq = w.indexOf('=');
      out.vars.push([w.slice(0, eq).replace(/[:?+]$/, ''), w.slice(eq + 1)]);
    } else out.targets.push(w);
  }
  return out;
}

/** The recipes `make args` runs in `cwd`, one script per target reached, prerequisites first. */
/**
 * With no makefile to read, what a recipe runs is unknown; a variable set on the command line to a
 * command with arguments (`make clean RM='rm -rf /'`) is what a recipe of that name would run, so
 * it is judged as one. Other values (`CFLAGS='-O2 -g'`, a message) parse as unknown programs.
 */
function overrideCommands(vars: Iterable<[string, string]>): ProjectScript[] {
  const out: ProjectScript[] = [];
  for (const [name, value] of vars) if (/\S\s+\S/.test(value) && !value.includes(DYN)) out.push({ label: `make ${name}=`, text: value });
  return out;
}

export function makeRecipes(args: Word[], cwd: string, read: Reader, makefiles: string[] = []): ProjectScript[] {
  const opts = options(args);
  if (!opts) return [];
  const dir = opts.dir ? posix.resolve(cwd, opts.dir) : cwd;
  const names = opts.file ? [opts.file] : ['GNUmakefile', 'makefile', 'Makefile'];
  let text: string | undefined;
  for (const n of names) if ((text = read(posix.resolve(dir, n))) !== undefined) break;
  // `MAKEFILES=x.mk make`: read before the makefile (their rules run, their first target is not the default).
  const before = makefiles.map((f) => read(posix.resolve(dir, f)) ?? '').join('\n');
  if (text === undefined && !before) return overrideCommands(opts.vars);
  const own = withIncludes(text ?? '', dir, read, 0);
  const mk = parse(`${before}\n${own.text}`);
  if (before) mk.first = parse(own.text).first;
  for (const [k, v] of opts.vars) mk.vars.set(k, v);
  // make remakes an included makefile first when a rule makes it (`-include gen.mk` + `gen.mk: ; cmd`).
  const wanted = [...own.included.filter((f) => mk.rules.has(f)), ...(opts.targets.length ? opts.targets : mk.first ? [mk.first] : [])];
  const out: ProjectScript[] = [];
  const seen = new Set<string>();
  const visit = (t: string) => {
    if (seen.has(t) || seen.size >= MAX_TARGETS) return;
    seen.add(t);
    const rule = mk.rules.get(t);
    if (!rule) return;
    rule.prereqs.forEach(visit);
    const auto = { '@': t, '<': rule.prereqs[0] ?? '', '^': rule.prereqs.join(' '), '?': rule.prereqs.join(' '), '*': t.replace(/\.[^.]*$/, '') };
    const lines = rule.recipe.map((l) => expand(l.replace(/^[@+\-\s]+/, ''), mk, auto)).filter((l) => l.trim() !== '');
    const cd = opts.dir ? `cd ${JSON.stringify(dir)} && ` : '';
    if (lines.length) out.push({ label: `make ${t}`, text: lines.map((l) => `(${cd}${l}\n)`).join('\n') });
  };
  wanted.forEach(visit);
  return out;
}
