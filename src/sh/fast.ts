/*!
 * shellgate-sh's entry (dist/bundle/sh.cjs): asks the classifier daemon (daemon/server.ts) when one
 * runs, so that the engine is not loaded again for every command, and otherwise — or for
 * anything out of the ordinary: stdin, an interactive shell, a prompt for the human at this
 * terminal, any failure of the daemon — hands over to the in-process shellgate-sh (sh/main.ts,
 * dist/bundle/sh-full.cjs), starting a daemon for the next call. Either way the command runs
 * contained (sh/run.ts), in the container the daemon planned (daemon/contain.ts) or, when it did
 * not, one planned here (sh/plan.ts). `SHELLGATE_DAEMON=0` keeps everything in-process.
 */
import { plantedGuardMessage } from '../config/planted-env.js';
import { writeSync } from 'node:fs';
import { detectActor } from '../config/actor.js';
import { PROTOCOL, type DaemonRequest } from '../daemon/protocol.js';
import { sendToDaemon, socketFor } from '../daemon/client.js';
import { parseShArgs, type ShInvocation } from './args.js';
import {
  adoptContainment,
  agentProcessOf,
  agentRunFor,
  agentsAdvisory,
  auditContainment,
  containmentFor,
  containmentNote,
  recordsUndo,
  runContained,
  warmUp,
} from './run.js';
import { BLOCKED_STATUS } from '../gate/blocked-status.js';
import { unitsFor } from './units.js';
import { stringEnv } from '../util/string-env.js';
import { isatty } from 'node:tty';
import { vaultExists } from '../vault/exists.js';
import { applyPlan, vaultEligible } from './vault.js';
import { cancelEarly, rememberPlan, startEarly } from './early-container.js';

type Load = (name: 'sh-full') => { main(argv: string[]): Promise<void> };

/** Exits 126 when a guard variable comes from a project .env file (config/planted-env.ts). */
export function refusePlanted(env: NodeJS.ProcessEnv): void {
  const planted = plantedGuardMessage(env, process.cwd());
  if (!planted) return;
  writeSync(2, `shellgate-sh: ${planted}\n`);
  process.exit(126);
}

function eligible(inv: ShInvocation): boolean {
  return inv.mode === 'command' || inv.mode === 'script';
}

/** Entry point of bin/shellgate-sh.cjs. Exits the process itself. */
export async function main(argv: string[], load: Load): Promise<void> {
  const env = process.env;
  refusePlanted(env);
  const inv = parseShArgs(argv);
  const path = eligible(inv) ? socketFor(env) : null;
  if (!path) return load('sh-full').main(argv);
  const who = detectActor(env);
  const human = isatty(0) && isatty(2) && who.kind === 'human';
  const run = agentRunFor(argv, inv, env, who);
  const { cwd, sessionId } = run;
  // A command recorded for undo waits for the scan of its project (the longest of what comes before
  // it): that starts first, even before the request is made; anything else while the daemon judges.
  const records = recordsUndo(run);
  if (records) await warmUp(run);
  // The daemon plans the container once it allowed the command (daemon/contain.ts); in advisory
  // mode before, so that its audit entries say when the command runs uncontained. A daemon that
  // does not plan (another environment, any failure) leaves it to this process, which refuses
  // when no container can be built.
  const advisory = agentsAdvisory();
  const units = unitsFor(inv, env);
  const vault = vaultExists(env);
  const contain = { argv, key: run.key, agentProcess: await agentProcessOf(run), ...(advisory ? { advisory } : {}) };
  const req: DaemonRequest = {
    v: PROTOCOL,
    units,
    cwd,
    env: stringEnv(env),
    actor: who.kind,
    agent: who.agent,
    sessionId,
    human,
    pid: process.pid,
    contain,
    ...(vault ? { vault: vaultEligible(inv, units, env) } : {}),
  };
  // Then the container the daemon planned last time from here, waiting at its gate
  // (early-container.ts); not where the command's output is a terminal's or credentials may be
  // injected (its stdio differs).
  const { sent, answer: answered } = sendToDaemon(path, req);
  await sent;
  if (!records) await warmUp(run);
  const early = !advisory && !vault && !isatty(2) ? startEarly(run, contain.agentProcess) : null;
  const answer = await answered;
  if (answer?.outcome === 'blocked') {
    writeSync(2, answer.stderr);
    process.exit(BLOCKED_STATUS); // the early container's gate ends unopened with this process
  }
  if (answer?.outcome !== 'run') {
    cancelEarly(early);
    return load('sh-full').main(argv);
  }
  run.daemon = path; // it answered: the command's effect is logged through it
  let containment = adoptContainment(run, answer.containment, advisory);
  if (containment) rememberPlan(run, contain.agentProcess, containment, early);
  else {
    cancelEarly(early);
    containment = await containmentFor(run);
    // Judged without knowing: the log says it separately.
    const note = containmentNote(containment);
    if (note) await auditContainment(run, note);
  }
  if (vault) await applyPlan(run, { outcome: 'run', inject: answer.inject ?? [], stderr: answer.stderr });
  await runContained(run, containment, containment === answer.containment ? early : null);
}
