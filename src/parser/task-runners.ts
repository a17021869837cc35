/*!
 * What `just` and `task` (go-task) run from the project's justfile or Taskfile.yml: the recipe or
 * task asked for (the default one otherwise), its dependencies first. The commands are returned
 * for the caller to parse like a line, as package.json scripts and Makefile recipes are.
 */
import { posix } from 'node:path';
import { yaml } from '../util/yaml-module.js';
import type { Word } from './model.js';
import type { ProjectScript } from './package-scripts.js';

type Reader = (path: string) => string | undefined;

const MAX_STEPS = 32;

function firstTarget(args: Word[], withValue: Set<string>): { name: string | null; file: string | null } {
  let file: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (v === '--justfile' || v === '-f' || v === '--taskfile' || v === '-t') {
      file = args[++i]?.value ?? null;
      continue;
    }
    if (/^--(justfile|taskfile)=/.test(v)) {
      file = v.slice(v.indexOf('=') + 1);
      continue;
    }
    if (withValue.has(v)) {
      i++;
      continue;
    }
    if (v.startsWith('-') || v.includes('=')) continue;
    return { name: args[i].dynamic ? null : v, file };
  }
  return { name: null, file };
}

const JUST_WITH_VALUE = new Set(['-d', '--working-directory', '--set', '--shell', '--dotenv-filename', '--dotenv-path', '--color', '--chooser']);

/** `just [RECIPE]`: the recipe's lines (and its dependencies' before them) from the justfile. */
export function justRecipes(args: Word[], cwd: string, read: Reader): ProjectScript[] {
  if (
    args.some((w) =>
      /^(-l|--list|-s|--show|--summary|--dump|--evaluate|--help|-h|--version|-V|-n|--dry-run|--choose|--init|--edit|-e|--fmt|--variables|--groups)$/.test(
        w.value,
      ),
    )
  )
    return [];
  const { name, file } = firstTarget(args, JUST_WITH_VALUE);
  const text = file ? read(posix.resolve(cwd, file)) : ['justfile', 'Justfile', '.justfile'].map((f) => read(`${cwd}/${f}`)).find((t) => t !== undefined);
  if (text === undefined) return [];
  const recipes = new Map<string, { deps: string[]; body: string[] }>();
  let current: { deps: string[]; body: string[] } | null = null;
  let first: string | null = null;
  for (const line of text.split('\n')) {
    const header = /^@?([A-Za-z_][\w-]*)(?:\s+[^:=]*)?:(?!=)\s*(.*)$/.exec(line);
    if (header && !/^\s/.test(line)) {
      current = { deps: header[2]!.split(/\s+/).filter((d) => /^[A-Za-z_][\w-]*$/.test(d)), body: [] };
      recipes.set(header[1]!, current);
      first ??= header[1]!;
    } else if (current && /^\s+\S/.test(line)) current.body.push(line.trim().replace(/^[@-]+/, ''));
    else if (line.trim() !== '' && !/^\s/.test(line)) current = null;
  }
  return steps(name ?? first, (n) => recipes.get(n), 'just');
}

const TASK_WITH_VALUE = new Set(['-d', '--dir', '-o', '--output', '-c', '--concurrency']);

/** `task [NAME]`: the task's commands (and its deps' and called tasks' first) from Taskfile.yml. */
export function taskCommands(args: Word[], cwd: string, read: Reader): ProjectScript[] {
  if (args.some((w) => /^(-l|--list|-a|--list-all|--summary|-n|--dry|--help|-h|--version|--init|-i|--status)$/.test(w.value))) return [];
  const { name, file } = firstTarget(args, TASK_WITH_VALUE);
  const text = file
    ? read(posix.resolve(cwd, file))
    : ['Taskfile.yml', 'Taskfile.yaml', 'taskfile.yml', 'taskfile.yaml'].map((f) => read(`${cwd}/${f}`)).find((t) => t !== undefined);
  if (text === undefined) return [];
  let doc: { tasks?: Record<string, unknown> };
  try {
    doc = (yaml().parse(text) ?? {}) as typeof doc;
  } catch {
    return [];
  }
  const tasks = doc.tasks ?? {};
  const get = (n: string): { deps: string[]; body: string[] } | undefined => {
    const t = tasks[n] as unknown;
    if (t === undefined) return undefined;
    const spec = (typeof t === 'string' || Array.isArray(t) ? { cmds: t } : t) as { cmds?: unknown; deps?: unknown };
    const cmds = typeof spec.cmds === 'string' ? [spec.cmds] : Array.isArray(spec.cmds) ? spec.cmds : [];
    const deps = (Array.isArray(spec.deps) ? spec.deps : [])
      .map((d) => (typeof d === 'string' ? d : (d as { task?: string })?.task))
      .filter((d): d is string => !!d);
    const body: string[] = [];
    for (const c of cmds) {
      if (typeof c === 'string') body.push(c);
      else if (c && typeof c === 'object' && typeof (c as { cmd?: unknown }).cmd === 'string') body.push((c as { cmd: string }).cmd);
      else if (c && typeof c === 'object' && typeof (c as { task?: unknown }).task === 'string') deps.push((c as { task: string }).task);
    }
    return { deps, body };
  };
  return steps(name ?? 'default', get, 'task');
}

function steps(start: string | null, get: (name: string) => { deps: string[]; body: string[] } | undefined, tool: string): ProjectScript[] {
  const out: ProjectScript[] = [];
  const seen = new Set<string>();
  const visit = (n: string) => {
    if (seen.has(n) || seen.size >= MAX_STEPS) return;
    seen.add(n);
    const r = get(n);
    if (!r) return;
    for (const d of r.deps) visit(d);
    if (r.body.length) out.push({ label: `${tool} ${n}`, text: r.body.join('\n') });
  };
  if (start) visit(start);
  return out;
}
