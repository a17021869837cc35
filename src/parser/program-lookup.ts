/*!
 * Finding what runs: where a wrapping subcommand stands past a program's global options, and a
 * file or link the line made that a changed PATH puts in front of the real program.
 */
import { posix } from 'node:path';
import { DYN, type Command, type Word } from './model.js';
import type { Walker } from './walk.js';

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
export function pathShadow(cmd: Command, name: string, state: Walker['state']): { path: string; link?: string } | null {
  if (state.written.size === 0 && !state.links?.size) return null;
  const own = cmd.assignments.find((a) => a.name === 'PATH')?.value;
  const path = own ? (own.dynamic ? own.value.split(DYN)[0] : own.value) : state.vars.has('PATH') ? state.vars.get('PATH') : undefined;
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
  }
  return null;
}
