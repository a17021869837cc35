/*!
 * Files the line itself writes before running them: `echo 'rm -rf ~' > x.sh && bash x.sh` runs
 * what echo wrote, and `curl -o a.sh URL && ./a.sh` runs what curl downloaded. Redirects and the
 * output options of downloaders are recorded as the line goes; a script read later finds its text
 * (when static) or the command that produced it (a word source, as for `$(…)`).
 */
import { posix } from 'node:path';
import type { Command, Word } from './model.js';
import type { LineState, WrittenFile } from './line-state.js';

export type { WrittenFile } from './line-state.js';
import { staticOutput } from './static-output.js';

const DOWNLOADERS = new Set(['curl', 'wget', 'fetch', 'aria2c', 'http', 'https', 'xh']);
const OUTPUT_FLAGS = new Set(['-o', '--output', '-O', '--output-document']);

export function recordWrites(cmd: Command, state: LineState): void {
  if (cmd.program === 'npm') npmPkgSet(cmd, state);
  const downloader = DOWNLOADERS.has(cmd.program ?? '');
  for (const r of cmd.redirects) {
    if (!/^(>|>>|>\||&>|&>>)$/.test(r.op) || r.target.dynamic || (r.fd !== null && r.fd !== 1)) continue;
    const text = staticOutput(cmd, (w) => fileText(w, state));
    const path = absolute(r.target.value, state);
    const append = r.op.includes('>>');
    const before = append ? state.written.get(path) : undefined;
    // Appending to a file the line did not write adds to what is on disk.
    const base = before ? before.text : append ? (state.ctx.readFile?.(path) ?? '') : '';
    state.written.set(path, {
      text: text === null || base === null ? null : base + text,
      from: [...(before?.from ?? []), ...(downloader ? [cmd] : [])],
      at: state.commands.length,
    });
  }
  otherWrites(cmd, state);
  if (!downloader) return;
  const args = cmd.argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    const eq = v.indexOf('=');
    const name = eq > 0 ? v.slice(0, eq) : v;
    if (!OUTPUT_FLAGS.has(name) || (name === '-O' && cmd.program === 'curl')) continue;
    const file = eq > 0 ? { ...args[i], value: v.slice(eq + 1) } : args[i + 1];
    if (file && !file.dynamic && file.value !== '-') state.written.set(absolute(file.value, state), { text: null, from: [cmd], at: state.commands.length });
  }
}

/** `mkfifo p`, `mknod p p`, `cp SRC DEST`, `mv`, `install`, `tee F`, `dd of=F`: files made with content the line may not know. */
function otherWrites(cmd: Command, state: LineState): void {
  const ops = cmd.argv.slice(1).filter((w) => !w.value.startsWith('-'));
  const set = (w: Word | undefined, file: WrittenFile) => {
    if (w && !w.dynamic) state.written.set(absolute(w.value, state), { ...file, at: state.commands.length });
  };
  switch (cmd.program) {
    case 'mkfifo':
      for (const w of ops) set(w, { text: null, from: [], fifo: true });
      break;
    case 'mknod':
      if (ops[1]?.value === 'p') set(ops[0], { text: null, from: [], fifo: true });
      break;
    case 'cp':
    case 'mv':
    case 'install': {
      const dest = ops[ops.length - 1];
      // A copy of one known file keeps its text; anything else is unknown here (into a directory: not tracked).
      if (ops.length === 2 && !/\/$/.test(dest!.value)) set(dest, { text: fileText(ops[0]!, state), from: ops[0]!.sources ?? [] });
      break;
    }
    case 'tee':
      for (const w of ops) set(w, { text: staticOutput(cmd, (x) => fileText(x, state)), from: [] });
      break;
    case 'git': {
      // `git clone URL DIR`, `git init DIR`: DIR is a project from here on (a checkout under /tmp is not scratch).
      const sub = ops[0]?.value;
      const target =
        sub === 'clone'
          ? (ops[2] ?? (ops[1] ? { ...ops[1], value: posix.basename(ops[1].value.replace(/\/+$/, '')).replace(/\.git$/, '') } : undefined))
          : sub === 'init'
            ? (ops[1] ?? { ...cmd.argv[0]!, value: '.' })
            : undefined;
      if (target && !target.dynamic) (state.projects ??= new Set()).add(absolute(target.value, state).replace(/(.)\/+$/, '$1'));
      break;
    }
    case 'dd': {
      const of = cmd.argv.find((w) => w.value.startsWith('of='));
      if (of) set({ ...of, value: of.value.slice(3) }, { text: null, from: [] });
      break;
    }
  }
}

/** Largest file read for its text (a script, `cat x.sql | psql`). */
const READ_LIMIT = 64 * 1024;

/**
 * The text of a file as the line would see it: what the line wrote to it, else its contents
 * when the context can read it; null when unknown.
 */
export function fileText(file: Word, state: LineState): string | null {
  if (file.dynamic) return null;
  const written = writtenFile(file, state);
  if (written) return written.text;
  const text = state.ctx.readFile?.(absolute(file.value, state));
  return text === undefined || text.length > READ_LIMIT ? null : text;
}

/** What the line wrote to `file` before, if anything. */
export function writtenFile(file: Word, state: LineState): WrittenFile | undefined {
  return file.dynamic ? undefined : state.written.get(absolute(file.value, state));
}

/** A path as the line sees it (relative to where `cd` left it, `~` expanded). */
export function absolutePath(path: string, state: LineState): string {
  return absolute(path, state);
}

function absolute(path: string, state: LineState): string {
  const home = state.ctx.env?.HOME ?? '~';
  const p = path === '~' || path.startsWith('~/') ? home + path.slice(1) : path;
  return posix.normalize(p.startsWith('/') || p.startsWith('~') ? p : `${state.cwd ?? state.ctx.cwd ?? '.'}/${p}`);
}

/** `npm pkg set scripts.test='…'` rewrites the project's package.json: later `npm test` runs the new script. */
function npmPkgSet(cmd: Command, state: LineState): void {
  const args = cmd.argv.slice(1).filter((w) => !w.value.startsWith('-'));
  if (args[0]?.value !== 'pkg' || args[1]?.value !== 'set') return;
  const path = absolute('package.json', state);
  const before = state.written.get(path);
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(before ? (before.text ?? 'null') : (state.ctx.readFile?.(path) ?? '{}')) ?? {};
  } catch {
    pkg = {};
  }
  for (const w of args.slice(2)) {
    const m = /^scripts\.([^=]+)=(.*)$/s.exec(w.value);
    if (!m) continue;
    if (w.dynamic) {
      state.written.set(path, { text: null, from: [], at: state.commands.length });
      return;
    }
    const scripts = (typeof pkg.scripts === 'object' && pkg.scripts !== null ? pkg.scripts : (pkg.scripts = {})) as Record<string, string>;
    scripts[m[1]] = m[2];
    state.written.set(path, { text: JSON.stringify(pkg), from: [], at: state.commands.length });
  }
}
