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
import { staticOutput } from './static-output.js';
import type { Command, Word } from './model.js';
import type { Walker } from './walker.js';

const PACKAGE_MANAGERS = new Set(['npm', 'pnpm', 'yarn', 'bun']);

/** What a package manager or make runs from the project's files (package.json scripts, recipes). */
export function projectScripts(cmd: Command, walker: Walker): ProjectScript[] {
  const state = walker.state;
  const program = cmd.program;
  if (!program || !RUNNERS.has(program)) return [];
  const { args, fed } = fedFiles(cmd, walker);
  if (!state.ctx.readFile && state.written.size === 0 && fed.size === 0) return [];
  // A Makefile or package.json the line wrote first (`printf 'all:\n\trm -rf ~' > Makefile; make`) is the one that runs.
  const read = (path: string): string | undefined =>
    fed.get(path) ?? fileText({ raw: path, value: path, dynamic: false, quoted: false, span: cmd.span }, state) ?? undefined;
  const cwd = cmd.cwd ?? walker.state.ctx.cwd ?? '.';
  if (program === 'make' || program === 'gmake') return makeRecipes([...makeflags(cmd, state), ...args], cwd, read, makefilesVar(cmd, state));
  if (program === 'just') return justRecipes(args, cwd, read);
  if (program === 'task' || program === 'go-task') return taskCommands(args, cwd, read);
  return underNpmConfig(packageScripts(program, args, cwd, read), cmd, cwd, read, state);
}

const RUNNERS = new Set([...PACKAGE_MANAGERS, 'make', 'gmake', 'just', 'task', 'go-task']);

/**
 * `make -f <(printf 'all:\n\trm -rf ~\n')`: a file given as a process substitution is read as what
 * that substitution prints, under the /dev/fd path bash passes; when what it prints is unknown
 * (`make -f <(curl …)`), the recipes are only known when the line runs.
 */
function fedFiles(cmd: Command, walker: Walker): { args: Word[]; fed: Map<string, string> } {
  const fed = new Map<string, string>();
  const args = cmd.argv.slice(1).map((w, k) => {
    if (!w.dynamic || !w.raw.startsWith('<(') || w.sources?.length !== 1) return w;
    const text = staticOutput(w.sources[0]!, (x) => fileText(x, walker.state));
    if (text === null) {
      walker.state.issue('dynamic-input', `\`${cmd.program}\` reads a file only known when the line runs`, w.span);
      return w;
    }
    const path = `/dev/fd/${63 - k}`;
    fed.set(path, text);
    return { ...w, value: path, dynamic: false };
  });
  return { args, fed };
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
