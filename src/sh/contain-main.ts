/*!
 * `shellgate-contain -c CMD` (dist/bundle/contain.cjs): runs `bash -c CMD` inside the agent
 * containment and judges nothing. It is what an agent hook rewrites an allowed command into
 * (contain/wrap-command.ts), for agents that run commands in their own bash: the hook judged and
 * logged the command; this only takes rights away, so an agent that calls it itself gains nothing.
 * The container is planned by the classifier daemon when one answers (daemon/contain.ts, as for
 * shellgate-sh: its warm planning costs a fraction of a cold one here), else in this process.
 */
import { writeSync } from 'node:fs';
import { detectActor } from '../config/actor.js';
import { plantedGuardMessage } from '../config/planted-env.js';
import { PROTOCOL } from '../daemon/protocol.js';
import { sendToDaemon, socketFor } from '../daemon/client.js';
import type { Containment } from '../contain/index.js';
import { stringEnv } from '../util/string-env.js';
import { parseShArgs } from './args.js';
import { adoptContainment, agentRunFor, agentProcessOf, agentsAdvisory, containmentFor, runContained, type AgentRun } from './run.js';
import { vaultExists } from '../vault/exists.js';
import { isatty } from 'node:tty';
import { cancelEarly, rememberPlan, startEarly, type EarlyContainer } from './early-container.js';

/**
 * The container the classifier daemon planned for `run`, or null (no daemon, another environment,
 * any failure); the container remembered from the last plan (early-container.ts) is started while
 * it plans, and comes back with the plan when it is the same.
 */
async function plannedByDaemon(run: AgentRun): Promise<{ c: Containment; early: EarlyContainer | null } | null> {
  const path = socketFor(process.env);
  if (!path) return null;
  const advisory = agentsAdvisory();
  const contain = { argv: run.argv, key: run.key, agentProcess: await agentProcessOf(run), ...(advisory ? { advisory } : {}) };
  const { sent, answer: answered } = sendToDaemon(path, { v: PROTOCOL, kind: 'contain', cwd: run.cwd, env: stringEnv(process.env), pid: process.pid, contain });
  await sent;
  const early = !advisory && !vaultExists(process.env) && !isatty(2) ? startEarly(run, contain.agentProcess) : null;
  const answer = await answered;
  const c = answer?.outcome === 'contain' ? adoptContainment(run, answer.containment, advisory) : null;
  if (!c) {
    cancelEarly(early);
    return null;
  }
  rememberPlan(run, contain.agentProcess, c, early);
  return { c, early };
}

/** Entry point of bin/shellgate-contain.cjs. Exits the process itself. */
export async function main(argv: string[]): Promise<void> {
  const env = process.env;
  const planted = plantedGuardMessage(env, process.cwd());
  if (planted) {
    writeSync(2, `shellgate-contain: ${planted}\n`);
    process.exit(126);
  }
  const inv = parseShArgs(argv);
  const run = agentRunFor(argv, inv, env, detectActor(env));
  const planned = await plannedByDaemon(run);
  const containment = planned?.c ?? (await containmentFor(run));
  // No credentials on this path (nothing judged the line for them here); vault names are taken out of the environment.
  if (vaultExists(env)) await (await import('./vault.js')).applyPlan(run, { outcome: 'run', inject: [], stderr: '' });
  await runContained(run, containment, planned?.early ?? null);
}
