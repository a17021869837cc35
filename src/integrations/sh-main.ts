/*!
 * `shellgate-sh`: a bash-compatible entry for agents (`SHELL=shellgate-sh`, a terminal profile).
 * It finds what bash would run (`-c` string, script file, stdin), judges it with the same engine
 * as everything else, then runs the real bash with the very same arguments — or refuses with
 * exit 126 and a message on stderr. The bash it runs gets SHELLGATE_SESSION so that nested
 * shellgate processes know they are under a guard. Start-up path: no Ink, no node-pty; the
 * approval queue, the prompt and the sandbox are loaded only when needed.
 */
import { readFileSync, statSync, writeSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { detectActor, SESSION_ENV } from '../config/actor.js';
import { UserError } from '../util/user-error.js';
import { headline } from './block-message.js';
import { exitLike, findBash, spawnBash } from './exec-bash.js';
import type { GateContext } from './gate.js';
import { BLOCKED_STATUS, decideSh } from './sh-decide.js';
import { parseShArgs, type ShInvocation } from './sh-args.js';
import { shCommand, type ShCommand } from './sh-sandbox.js';
import { afterSnapshot, commandAfterSnapshot, isSnapshotPath, readSnapshot, type Snapshot, type Unit } from './claude-snapshot.js';

function refuse(message: string): never {
  writeSync(2, `shellgate-sh: ${message}\n`);
  process.exit(BLOCKED_STATUS);
}

function newSessionId(): string {
  return `sh-${Date.now().toString(36)}-${process.pid.toString(36)}`;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** bash's lookup of a script operand: as given, else (no slash) along PATH. */
function resolveScript(name: string, env: NodeJS.ProcessEnv): string | undefined {
  if (isFile(name)) return name;
  if (name.includes('/')) return undefined;
  for (const dir of (env.PATH ?? '').split(delimiter)) if (dir && isFile(join(dir, name))) return join(dir, name);
  return undefined;
}

function readText(p: string): string | undefined {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

/** Files bash will source before the commands: `$BASH_ENV` (non-interactive), `--rcfile` (with -i). */
function preludes(inv: ShInvocation, env: NodeJS.ProcessEnv): Unit[] {
  const out: Unit[] = [];
  const add = (label: string, file: string | undefined) => {
    const text = file ? readText(file) : undefined;
    if (file && text !== undefined && text.trim() !== '') out.push({ what: `${label} ${file}`, text });
  };
  if (!inv.interactive && env.BASH_ENV && !isSnapshotPath(env.BASH_ENV, env)) add('BASH_ENV', env.BASH_ENV);
  if (inv.interactive) add('rcfile', inv.rcfile);
  return out;
}

/** A Claude Code shell snapshot named by `$BASH_ENV` (claude-snapshot.ts). */
function bashEnvSnapshot(inv: ShInvocation, env: NodeJS.ProcessEnv): Snapshot | null {
  const file = env.BASH_ENV;
  const text = !inv.interactive && file && isSnapshotPath(file, env) ? readText(file) : undefined;
  return file && text !== undefined ? readSnapshot(file, text) : null;
}

/** What to judge before bash starts. A missing `-c` operand or script is left for bash to report. */
function unitsFor(inv: ShInvocation, env: NodeJS.ProcessEnv): Unit[] {
  const units = preludes(inv, env);
  const snapshot = bashEnvSnapshot(inv, env);
  const after = (u: Unit) => (snapshot ? afterSnapshot(u, snapshot) : u);
  if (inv.mode === 'command' && inv.command !== undefined) {
    units.push(after(commandAfterSnapshot({ what: headline(inv.command), text: inv.command }, env, readText)));
  }
  if (inv.mode === 'script' && inv.script !== undefined) {
    const file = resolveScript(inv.script, env);
    const text = file ? readText(file) : undefined;
    if (text !== undefined) units.push(after({ what: `script ${inv.script}`, text }));
  }
  return units;
}

async function bashCommand(bash: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<ShCommand> {
  try {
    return await shCommand(bash, args, cwd, env);
  } catch (err) {
    return refuse(`the sandbox is requested but unavailable: ${(err as Error).message}; not running unsandboxed`);
  }
}

async function runInteractive(env: NodeJS.ProcessEnv): Promise<void> {
  // A guarded interactive shell is `shellgate shell` (PTY + line gate); never a bare bash.
  const { run } = await import('../cli/commands/shell.js');
  try {
    process.exit(await run(env.SHELLGATE_SANDBOX === '1' ? ['--sandbox'] : []));
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    writeSync(2, `shellgate-sh: ${err.message}\n`);
    process.exit(err.exitCode);
  }
}

/** Entry point of bin/shellgate-sh.js. Exits the process itself. */
export async function main(argv: string[]): Promise<void> {
  const env = process.env;
  const inv = parseShArgs(argv);
  const cwd = process.cwd();
  const who = detectActor(env);
  const sessionId = env[SESSION_ENV] || newSessionId();
  const ctx: GateContext = { cwd, env, actor: who.kind, agent: who.agent, source: 'shellgate-sh', sessionId };
  const childEnv: NodeJS.ProcessEnv = { ...env, [SESSION_ENV]: sessionId };
  const bash = findBash(env, process.argv[1] ?? '');
  const fromStdin = inv.mode === 'stdin';
  if (fromStdin && process.stdin.isTTY) return runInteractive(env);

  for (const unit of unitsFor(inv, env)) {
    const unitCtx: GateContext = unit.functions || unit.aliases ? { ...ctx, functions: unit.functions, aliases: unit.aliases } : ctx;
    if (!(await decideSh(unit.text, unit.what, unitCtx, unit.key))) process.exit(BLOCKED_STATUS);
  }
  const cmd = await bashCommand(bash, argv, cwd, childEnv);
  // In the sandbox bash runs in its own session: terminal signals reach only us, so forward all.
  const child = spawnBash(cmd.file, cmd.args, { env: childEnv, stdin: fromStdin ? 'pipe' : 'inherit', forwardAll: cmd.sandboxed });
  child.on('error', (err) => refuse(`cannot run ${cmd.file}: ${err.message}`));
  child.on('exit', (code, signal) => exitLike(code, signal));
  if (fromStdin) {
    const { pumpStdin } = await import('./sh-stdin.js');
    pumpStdin(child, bash, ctx);
  }
}
