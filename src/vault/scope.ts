/*!
 * Whether one command line may receive a credential. bash runs the whole line in one process
 * tree, so the value (exported to bash) reaches every command of the line: every command must be
 * in the credential's scope, or the line gets nothing. A command is in scope when its program is
 * one of the credential's programs (the real one, not a file the agent could have written), or
 * when every destination it sends to is one of the credential's hosts. Anything that could move
 * the value elsewhere means no: a command shellgate cannot see through, variables set by the line,
 * output redirected to a file, an unknown wrapper, ssh, an option that proxies or traces.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import type { CommandView } from '../classifier/command-view.js';
import type { Environment } from '../core/verdict.js';
import type { ParsedLine } from '../parser/model.js';
import { CREATED_CACHES, OPTIONAL_CACHES } from '../contain/cache-dirs.js';
import { isWithin } from '../sandbox/protected-paths.js';
import { destinationsOf, hostAllowed } from './destinations.js';
import type { Credential } from './types.js';
import { dict } from '../util/dict.js';

export interface LineFacts {
  parsed: ParsedLine;
  views: CommandView[];
  /** The environment the line runs with (PATH decides which program a name is). */
  env: Record<string, string>;
  cwd: string;
  /** The verdict's target environment, when the classifier found one. */
  environment: Environment | null;
}

/** Wrappers that change nothing about where a command sends its data. */
const HARMLESS_WRAPPERS = /^(timeout|nice|ionice|time|command|nohup|stdbuf|eval)$/;
/** Subcommands that run other programs with the environment (`railway run`, `railway shell`, `gh extension`). */
const PROGRAM_ESCAPES: Record<string, string[]> = dict({
  railway: ['run', 'shell', 'local', 'ssh', 'connect'],
  gh: ['extension', 'ext', 'alias', 'codespace', 'cs'],
  doppler: ['run'],
  op: ['run'],
  'aws-vault': ['exec'],
  npm: ['run', 'run-script', 'exec', 'x', 'test', 'start'],
});
const SAFE_TARGETS = new Set(['/dev/null', '/dev/stdout', '/dev/stderr']);
const WRITES = new Set(['>', '>>', '&>', '&>>', '>|', '<>']);

function projectRoot(cwd: string): string {
  for (let at = cwd; ; at = dirname(at)) {
    if (existsSync(join(at, '.git'))) return at;
    if (dirname(at) === at) return cwd;
  }
}

/** Places an agent's command can write (a program there may be the agent's own). */
function writablePlaces(facts: LineFacts): string[] {
  const homes = [facts.env.HOME].filter((h): h is string => !!h);
  const caches = homes.flatMap((h) => [...CREATED_CACHES, ...OPTIONAL_CACHES].map((c) => join(h, c)));
  return [projectRoot(facts.cwd), '/tmp', '/var/tmp', '/dev/shm', ...caches].map((p) => (existsSync(p) ? realpathSync(p) : p));
}

/** The file bash would run for `name`, when it is an executable outside the writable places. */
export function trustedProgramPath(name: string, facts: LineFacts): string | null {
  const candidates = name.includes('/')
    ? [isAbsolute(name) ? name : join(facts.cwd, name)]
    : (facts.env.PATH ?? '')
        .split(delimiter)
        .filter((d) => isAbsolute(d))
        .map((d) => join(d, name));
  for (const c of candidates) {
    try {
      if (!statSync(c).isFile()) continue;
      const real = realpathSync(c);
      return writablePlaces(facts).some((w) => isWithin(real, w)) ? null : real;
    } catch {
      /* not here */
    }
  }
  return null;
}

function redirectProblem(view: CommandView): string | null {
  for (const r of view.cmd.redirects) {
    if (r.op === '>&' || r.op === '<&') {
      if (!/^[12-]$/.test(r.target.value)) return `${r.op}${r.target.value} sends output to another file descriptor`;
    } else if (WRITES.has(r.op) && !SAFE_TARGETS.has(r.target.value)) {
      return `output goes to a file (${r.op} ${r.target.raw})`;
    }
  }
  return null;
}

function programProblem(c: Credential, view: CommandView, facts: LineFacts): string | null {
  const name = view.cmd.argv[0];
  if (!name || name.dynamic) return 'the program is only known when the line runs';
  if (!trustedProgramPath(name.value, facts)) return `${name.value} is not an installed program outside the places agent commands can write`;
  const sub = view.positionals[0]?.value;
  if (sub && PROGRAM_ESCAPES[view.program!]?.includes(sub)) return `\`${view.program} ${sub}\` runs other programs with its environment`;
  const dest = destinationsOf(view);
  if (dest && c.hosts.length > 0) {
    if (dest.problem) return dest.problem;
    const off = dest.hosts.find((h) => !hostAllowed(h, c.hosts));
    if (off) return `${view.program} sends to ${off}, not one of ${c.hosts.join(', ')}`;
  }
  return null;
}

function hostProblem(c: Credential, view: CommandView, facts: LineFacts): string | null {
  const dest = destinationsOf(view);
  const name = view.cmd.argv[0]!;
  if (name.dynamic || !trustedProgramPath(name.value, facts)) return `${name.value} is not an installed program outside the places agent commands can write`;
  if (!dest) return `${view.program} is not in the scope of ${c.name}`;
  if (dest.problem) return dest.problem;
  if (dest.hosts.length === 0) return `${view.program} sends nowhere shellgate knows of`;
  const off = dest.hosts.find((h) => !hostAllowed(h, c.hosts));
  return off ? `${view.program} sends to ${off}, not one of ${c.hosts.join(', ')}` : null;
}

/** Why this command may not have the credential, or null when it may. */
function commandProblem(c: Credential, view: CommandView, facts: LineFacts): string | null {
  const cmd = view.cmd;
  const what = view.program ?? 'a command';
  if (!view.program) return 'a command is only known when the line runs';
  // `pwd` prints the directory (Claude Code ends each command with `pwd -P >| /tmp/claude-…-cwd`);
  // `eval` of static text: the commands it runs are in the list themselves (origin 'eval').
  if (view.program === 'pwd') return null;
  if (view.program === 'eval') return cmd.argv.some((w) => w.dynamic) ? 'eval of text only known when the line runs' : redirectProblem(view);
  if (cmd.origin !== 'line' && cmd.origin !== 'eval') return `${what} is run by another command (${cmd.via.join(' → ') || cmd.origin})`;
  const wrapper = cmd.via.find((v) => !HARMLESS_WRAPPERS.test(v));
  if (wrapper) return `${what} is run through ${wrapper}`;
  if (cmd.extraArgsUnknown) return `${what} gets arguments shellgate cannot see`;
  if (cmd.assignments.length > 0) return `variables are set for ${what} (${cmd.assignments.map((a) => a.name).join(', ')})`;
  const redirect = redirectProblem(view);
  if (redirect) return redirect;
  if (c.programs.includes(view.program)) return programProblem(c, view, facts);
  if (c.hosts.length > 0) return hostProblem(c, view, facts);
  return `${what} is not in the scope of ${c.name}`;
}

export function describeScope(c: Credential): string {
  const parts = [...(c.programs.length ? [`programs: ${c.programs.join(', ')}`] : []), ...(c.hosts.length ? [`hosts: ${c.hosts.join(', ')}`] : [])];
  return parts.join('; ') || 'no scope';
}

/** Why the line may not have `c`, or null when every command of it is in scope. */
export function scopeProblem(c: Credential, facts: LineFacts): string | null {
  const { parsed, views } = facts;
  if (parsed.issues.length > 0) return `shellgate cannot see through all of the line (${parsed.issues[0]!.message})`;
  if (Object.keys(parsed.assignments).length > 0) return `the line sets variables (${Object.keys(parsed.assignments).join(', ')})`;
  if (views.length === 0) return 'the line runs no command';
  if (facts.environment && facts.environment !== c.env) return `the command targets ${facts.environment}; ${c.name} is for ${c.env}`;
  for (const view of views) {
    const problem = commandProblem(c, view, facts);
    if (problem) return problem;
  }
  return null;
}

/** True when the line asks for `name`: mentions it, or runs one of its programs. */
export function wants(c: Credential, line: string, views: CommandView[]): boolean {
  return new RegExp(`(^|[^A-Za-z0-9_])${c.name}([^A-Za-z0-9_]|$)`).test(line) || views.some((v) => v.program !== null && c.programs.includes(v.program));
}
