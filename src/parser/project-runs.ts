/*!
 * What a package manager or make runs from the project's files: package.json scripts (under npm's
 * configuration, npmrc.ts), make recipes (with MAKEFLAGS and MAKEFILES), just recipes and Taskfile
 * tasks. Files the line wrote first are the ones read.
 */
import { makeRecipes } from './makefile.js';
import { justRecipes, taskCommands } from './task-runners.js';
import { packageScripts, type ProjectScript } from './package-scripts.js';
import { underNpmConfig } from './npmrc.js';
import { fileText } from './written-files.js';
import type { Command, Word } from './model.js';
import type { Walker } from './walker.js';

const PACKAGE_MANAGERS = new Set(['npm', 'pnpm', 'yarn', 'bun']);

/** What a package manager or make runs from the project's files (package.json scripts, recipes). */
export function projectScripts(cmd: Command, walker: Walker): ProjectScript[] {
  const state = walker.state;
  const program = cmd.program;
  if (!program || (!state.ctx.readFile && state.written.size === 0)) return [];
  // A Makefile or package.json the line wrote first (`printf 'all:\n\trm -rf ~' > Makefile; make`) is the one that runs.
  const read = (path: string): string | undefined => fileText({ raw: path, value: path, dynamic: false, quoted: false, span: cmd.span }, state) ?? undefined;
  const cwd = cmd.cwd ?? walker.state.ctx.cwd ?? '.';
  if (program === 'make' || program === 'gmake') return makeRecipes([...makeflags(cmd, state), ...cmd.argv.slice(1)], cwd, read, makefilesVar(cmd, state));
  if (program === 'just') return justRecipes(cmd.argv.slice(1), cwd, read);
  if (program === 'task' || program === 'go-task') return taskCommands(cmd.argv.slice(1), cwd, read);
  if (PACKAGE_MANAGERS.has(program)) return underNpmConfig(packageScripts(program, cmd.argv.slice(1), cwd, read), cmd, cwd, read, state);
  return [];
}

/** `MAKEFLAGS='-f x.mk' make`: options make takes from its environment, before its own. */
function makeflags(cmd: Command, state: Walker['state']): Word[] {
  const own = cmd.assignments.find((a) => a.name === 'MAKEFLAGS')?.value;
  const v = own ? (own.dynamic ? null : own.value) : (state.lookup('MAKEFLAGS') ?? '');
  if (v === null) state.issue('dynamic-input', 'make takes options (MAKEFLAGS) only known when the line runs', own!.span);
  // The first word may be bare switch letters (`MAKEFLAGS=ks` is `-k -s`).
  return (v ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((f, i) => ({ raw: f, value: i > 0 || f.startsWith('-') || f.includes('=') ? f : `-${f}`, dynamic: false, quoted: false, span: cmd.span }));
}

/** `MAKEFILES=a.mk make`, `export MAKEFILES=…`: makefiles make reads first. */
function makefilesVar(cmd: Command, state: Walker['state']): string[] {
  const own = cmd.assignments.find((a) => a.name === 'MAKEFILES')?.value;
  if (own?.dynamic) state.issue('dynamic-input', 'make reads makefiles (MAKEFILES) only known when the line runs', own.span);
  const v = own ? (own.dynamic ? '' : own.value) : (state.lookup('MAKEFILES') ?? '');
  return v.split(/\s+/).filter(Boolean);
}
