/*!
 * Finding what runs: where a wrapping subcommand stands past a program's global options, and a
 * file or link (made by the line, or already on disk) that a PATH the line changes puts in front of
 * the real program.
 */
import { posix } from 'node:path';
import { DYN, type Command, type Word } from './model.js';
import type { Walker } from './walker.js';

/**
 * Where a wrapping subcommand stands past the program's global options, whose values may be
 * separate words (`kubectl --context prod exec pod -- cmd`, `docker -H tcp://h run img cmd`).
 */
export function subcommandAt(args: Word[], sub: Record<string, unknown>): number {
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (v.startsWith('-')) continue;
    if (v in sub) return i;
    const prev = args[i - 1]?.value ?? '';
    // a word that is not an option's value is the (non-wrapping) subcommand
    if (!(prev.startsWith('-') && !prev.includes('='))) return i;
  }
  return -1;
}

/**
 * A file or link the line made, named like the command, in a directory the command's PATH puts
 * first (`PATH=.:$PATH`, `PATH=$PWD/.bin:$PATH`); directories after an unknown part are not searched.
 */
/** Per-user and package-manager bin directories, where installed tools live. */
const USUAL_BIN =
  /(^|\/)(\.local\/bin|\.cargo\/bin|go\/bin|\.bun\/bin|\.deno\/bin|node_modules\/\.bin|\.npm-global\/bin|\.volta\/bin|\.pyenv\/shims|\.rbenv\/shims|\.asdf\/shims|\.nvm\/versions\/node\/[^/]+\/bin)$|^\/opt\/homebrew\/bin$/;

export function pathShadow(cmd: Command, name: string, state: Walker['state']): { path: string; link?: string } | null {
  if (state.written.size === 0 && !state.links?.size && !state.ctx.fileKind) return null;
  const own = cmd.assignments.find((a) => a.name === 'PATH')?.value;
  const path = own
    ? own.dynamic
      ? own.value.split(DYN)[0]
      : own.value
    : state.vars.has('PATH')
      ? (state.vars.get('PATH') ?? state.pathSet?.split(DYN)[0])
      : undefined;
  if (!path) return null;
  const cwd = state.cwd ?? state.ctx.cwd ?? '.';
  for (const dir of path.split(':')) {
    if (dir === '' || dir.includes(DYN)) break;
    const full = posix.normalize(`${dir.startsWith('/') ? dir : `${cwd}/${dir}`}/${name}`);
    const link = state.links?.get(full);
    if (link) return { path: full, link };
    if (state.written.has(full)) return { path: full };
    // the usual system directories hold the real program
    if (/^\/(usr\/(local\/)?)?s?bin$/.test(dir)) break;
    // A file already there (written by an earlier call): judged as the script it is, or unknown when it cannot be read.
    if (state.ctx.fileKind?.(full) === 'file') {
      const text = state.ctx.readFile?.(full);
      if (text !== undefined && /^(#!\s*\S*\b(ba|z|da|k)?sh\b|(?!#!))/.test(text)) return { path: full };
      // Tools installed in the usual per-user bin directories are programs, not something an agent dropped there.
      if (text === undefined && !USUAL_BIN.test(dir) && dir !== `${state.ctx.env?.HOME}/bin`)
        state.issue('dynamic-input', `\`${name}\` runs ${full}, from a directory the line puts first on PATH, whose content cannot be read here`, cmd.span);
      return null;
    }
  }
  return null;
}
