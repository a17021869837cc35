/*!
 * `shellgate-sh`: a bash-compatible entry for agents (`SHELL=shellgate-sh`, a terminal profile).
 * It finds what bash would run (`-c` string, script file, stdin), judges it with the same engine
 * as everything else, then runs the real bash with the very same arguments — or refuses with
 * exit 126 and a message on stderr. The bash it runs gets SHELLGATE_SESSION so that nested
 * shellgate processes know they are under a guard. Start-up path: no Ink, no node-pty; the
 * approval queue, the prompt and the sandbox are loaded only when needed.
 */
import { writeSync } from 'node:fs';
import { detectActor, SESSION_ENV } from '../config/actor.js';
import { UserError } from '../util/user-error.js';
import { exitLike, findBash, spawnBash } from './exec-bash.js';
import type { GateContext } from './gate.js';
import { BLOCKED_STATUS, decideSh } from './sh-decide.js';
import { parseShArgs } from './sh-args.js';
import { shCommand, type ShCommand } from './sh-sandbox.js';
import { sessionIdFor, unitContext, unitsFor } from './sh-units.js';
import { isatty } from 'node:tty';

function refuse(message: string): never {
  writeSync(2, `shellgate-sh: ${message}\n`);
  process.exit(BLOCKED_STATUS);
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

/** The in-process shellgate-sh (dist/bundle/sh-full.cjs, reached through sh-fast.ts). Exits the process itself. */
export async function main(argv: string[]): Promise<void> {
  const env = process.env;
  const inv = parseShArgs(argv);
  const cwd = process.cwd();
  const who = detectActor(env);
  const sessionId = sessionIdFor(env, who.session);
  const ctx: GateContext = { cwd, env, actor: who.kind, agent: who.agent, source: 'shellgate-sh', sessionId };
  const childEnv: NodeJS.ProcessEnv = { ...env, [SESSION_ENV]: sessionId };
  const bash = findBash(env, process.argv[1] ?? '');
  const fromStdin = inv.mode === 'stdin';
  if (fromStdin && isatty(0)) return runInteractive(env);

  for (const unit of unitsFor(inv, env)) {
    if (!(await decideSh(unit.text, unit.what, unitContext(ctx, unit), unit.key))) process.exit(BLOCKED_STATUS);
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
