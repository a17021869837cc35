/*!
 * `shellgate-sh`: a bash-compatible entry for agents (`SHELL=shellgate-sh`, a terminal profile).
 * It finds what bash would run (`-c` string, script file, stdin), judges it with the same engine
 * as everything else, then runs the trusted bash with the very same arguments inside the agent
 * containment (sh/run.ts, contain/) — or refuses with exit 126 and a message on stderr. The bash
 * it runs gets SHELLGATE_SESSION so that nested shellgate processes know they are under a guard.
 * Start-up path: no Ink, no node-pty; the approval queue and the prompt are loaded only when needed.
 */
import { writeSync } from 'node:fs';
import { isatty } from 'node:tty';
import { detectActor } from '../config/actor.js';
import { loadGrammar } from '../engine/load-engine.js';
import { UserError } from '../core/user-error.js';
import type { GateContext } from '../gate/gate-call.js';
import { BLOCKED_STATUS, decideSh } from './decide.js';
import { parseShArgs } from './args.js';
import { agentRunFor, auditContainment, containmentFor, containmentNote, runContained, type AgentRun } from './run.js';
import type { Containment } from '../contain/index.js';
import { repeatedCheck } from '../contain/after-command.js';
import { movedNote, quarantineMessage } from '../contain/watch.js';
import { unitContext, unitsFor, type Unit } from './units.js';
import type { ShInvocation } from './args.js';
import { vaultExists } from '../vault/exists.js';

async function runInteractive(env: NodeJS.ProcessEnv): Promise<void> {
  // A guarded interactive shell is `shellgate shell` (PTY + line gate); never a bare bash.
  const { run } = await import('../shell/command.js');
  try {
    process.exit(await run(env.SHELLGATE_SANDBOX === '1' ? ['--sandbox'] : []));
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    writeSync(2, `shellgate-sh: ${err.message}\n`);
    process.exit(err.exitCode);
  }
}

/** Decides and applies which vault credentials this call's bash receives (src/vault/). */
async function withVault(run: AgentRun, inv: ShInvocation, units: Unit[], ctx: GateContext): Promise<void> {
  const { vaultEligible, applyPlan } = await import('./vault.js');
  const { planInjection } = await import('./vault-plan.js');
  const last = units[units.length - 1];
  const eligible = vaultEligible(inv, units, ctx.env);
  await applyPlan(run, last ? await planInjection(last, unitContext(ctx, last), eligible) : { outcome: 'run', inject: [], stderr: '' });
}

/**
 * In a session on stdin (one bash for many commands), what the previous commands planted is moved
 * aside before each next unit runs, and said and logged, as after a single command.
 */
function checkEachUnit(run: AgentRun, c: Extract<Containment, { kind: 'contained' }>): () => Promise<void> {
  const check = repeatedCheck(c, Date.now() - 1000);
  return async () => {
    const moved = check();
    if (moved.length === 0) return;
    writeSync(2, quarantineMessage(moved));
    await auditContainment(run, movedNote(moved));
  };
}

/** The in-process shellgate-sh (dist/bundle/sh-full.cjs, reached through sh/fast.ts). Exits the process itself. */
export async function main(argv: string[]): Promise<void> {
  const env = process.env;
  const inv = parseShArgs(argv);
  const cwd = process.cwd();
  const fromStdin = inv.mode === 'stdin';
  if (fromStdin && isatty(0)) return runInteractive(env);
  const grammar = loadGrammar(); // the WASM grammar compiles while the containment is prepared
  const who = detectActor(env);
  const run = agentRunFor(argv, inv, env, who, fromStdin ? 'pipe' : 'inherit');
  const { sessionId } = run;
  const containment = await containmentFor(run);
  const ctx: GateContext = { cwd, env, actor: who.kind, agent: who.agent, source: 'shellgate-sh', sessionId, note: containmentNote(containment) };

  const units = unitsFor(inv, env);
  await grammar;
  for (const unit of units) {
    if (!(await decideSh(unit.text, unit.what, unitContext(ctx, unit), unit.key))) process.exit(BLOCKED_STATUS);
  }
  if (vaultExists(env)) await withVault(run, inv, units, ctx);
  const child = await runContained(run, containment);
  if (fromStdin) {
    const { pumpStdin } = await import('./stdin.js');
    pumpStdin(child, run.bash, ctx, containment.kind === 'contained' ? checkEachUnit(run, containment) : undefined);
  }
}
