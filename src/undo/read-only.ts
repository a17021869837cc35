/*!
 * Commands whose text alone shows they cannot change the project's files, so that they need no
 * snapshot: one simple command (no `;`, `|`, `&`, redirection, expansion, substitution, escape or
 * glob), from a short list of programs that only read, with none of the options that make them
 * write or run something, resolved on PATH to a root-owned system directory, in an environment
 * that cannot change what bash or the program does (no exported functions, BASH_ENV, LD_PRELOAD;
 * for git, no GIT_* variable that can run a program or name another repository). Anything else
 * is snapshotted: a mistake here only costs a snapshot.
 */
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { rootOwnedPath } from '../config/trusted-bash.js';
import { dict } from '../util/dict.js';

const PLAIN = /^[A-Za-z0-9_./,:=@%+-]+$/;
const READERS = new Set([
  'ls',
  'pwd',
  'cat',
  'head',
  'tail',
  'wc',
  'grep',
  'egrep',
  'fgrep',
  'stat',
  'file',
  'du',
  'df',
  'which',
  'whoami',
  'id',
  'uname',
  'date',
  'true',
  'echo',
  'find',
  'tree',
  'git',
]);
/** Options that make a reader write or run a program. */
const WRITING_OPTIONS: Record<string, RegExp> = dict({
  find: /^-(delete|exec|execdir|ok|okdir|fprint|fprint0|fprintf|fls)$/,
  tree: /^(-o|--output)/,
  date: /^(-s|--set)/,
});
const GIT_READS = new Set(['status', 'log', 'diff', 'show', 'rev-parse', 'ls-files', 'blame', 'describe', 'shortlog']);
const GIT_WRITING = /^(--output|-o$|--ext-diff|--textconv)/;
const RISKY_ENV = /^(BASH_FUNC_|BASH_ENV$|ENV$|LD_|SHELLOPTS$|BASHOPTS$|PS4$)/;
/** GIT_* variables that cannot make git run a program or write a file (the others can: for git only). */
const HARMLESS_GIT_ENV = /^GIT_(SSL_CAINFO|SSL_CAPATH|AUTHOR_\w+|COMMITTER_\w+|TERMINAL_PROMPT)$/;

/** Splits `line` into plain words, or null when it holds anything but plain and quoted words. */
function words(line: string): string[] | null {
  const out: string[] = [];
  // Each word stands alone (followed by a space or the end): `-del""ete` is not two words.
  const re = /\s*(?:'([^']*)'|"([^"$`\\!]*)"|([^\s'"]+))(?=\s|$)/y;
  let m: RegExpExecArray | null;
  let at = 0;
  const text = line.trim();
  while (at < text.length && (m = re.exec(text))) {
    at = re.lastIndex;
    if (m[3] !== undefined && !PLAIN.test(m[3])) return null;
    out.push(m[1] ?? m[2] ?? m[3]);
  }
  return at >= text.length && out.length > 0 ? out : null;
}

/** The program's path on PATH when it is in a root-owned directory, else null. */
function systemProgram(name: string, env: NodeJS.ProcessEnv): string | null {
  for (const dir of (env.PATH ?? '').split(':')) {
    if (!dir.startsWith('/')) continue;
    const p = join(dir, name);
    try {
      accessSync(p, constants.X_OK);
    } catch {
      continue;
    }
    return rootOwnedPath(p) ? p : null;
  }
  return null;
}

/** True when `line` (a `-c` string) is known not to change files. */
export function readOnlyCommand(line: string | null, env: NodeJS.ProcessEnv): boolean {
  if (line === null || line.length > 2000 || /[\n\r]/.test(line)) return false;
  if (Object.keys(env).some((k) => RISKY_ENV.test(k))) return false;
  const w = words(line);
  if (!w || !READERS.has(w[0])) return false;
  const args = w.slice(1);
  if (w[0] === 'git') {
    if (!GIT_READS.has(args[0] ?? '') || args.some((a) => GIT_WRITING.test(a))) return false;
    if (Object.keys(env).some((k) => k.startsWith('GIT_') && !HARMLESS_GIT_ENV.test(k))) return false;
  }
  const writing = WRITING_OPTIONS[w[0]];
  if (writing && args.some((a) => writing.test(a))) return false;
  if (args.some((a) => /[*?[\]]/.test(a))) return false;
  return systemProgram(w[0], env) !== null;
}
