/*!
 * shellgate-sh's entry (dist/bundle/sh.cjs): asks the classifier daemon (daemon/server.ts) when one
 * runs, so that the engine is not loaded again for every command, and otherwise — or for
 * anything out of the ordinary: stdin, an interactive shell, a prompt for the human at this
 * terminal, any failure of the daemon — hands over to the in-process shellgate-sh (sh/main.ts,
 * dist/bundle/sh-full.cjs), starting a daemon for the next call. Either way the command runs
 * contained (sh/run.ts). `SHELLGATE_DAEMON=0` keeps everything in-process.
 */
import { writeSync } from 'node:fs';
import { detectActor, SESSION_ENV } from '../config/actor.js';
import { PROTOCOL, type DaemonRequest } from '../daemon/protocol.js';
import { sendToDaemon, socketFor } from '../daemon/client.js';
import { parseShArgs, type ShInvocation } from './args.js';
import { agentsAdvisory, bashOrRefuse, containmentFor, containmentNote, grantKey, runContained, type AgentRun } from './run.js';
import { BLOCKED_STATUS } from '../gate/blocked-status.js';
import { sessionIdFor, unitsFor } from './units.js';
import { stringEnv } from '../util/string-env.js';
import { isatty } from 'node:tty';
import { vaultExists } from '../vault/exists.js';
import { applyPlan, vaultEligible } from './vault.js';

type Load = (name: 'sh-full') => { main(argv: string[]): Promise<void> };

function eligible(inv: ShInvocation): boolean {
  return inv.mode === 'command' || inv.mode === 'script';
}

/** Entry point of bin/shellgate-sh.cjs. Exits the process itself. */
export async function main(argv: string[], load: Load): Promise<void> {
  const env = process.env;
  const inv = parseShArgs(argv);
  const path = eligible(inv) ? socketFor(env) : null;
  if (!path) return load('sh-full').main(argv);
  const who = detectActor(env);
  const sessionId = sessionIdFor(env, who.session);
  const human = isatty(0) && isatty(2) && who.kind === 'human';
  const cwd = process.cwd();
  const childEnv: NodeJS.ProcessEnv = { ...env, [SESSION_ENV]: sessionId };
  const run: AgentRun = { bash: bashOrRefuse(), argv, cwd, env: childEnv, stdin: 'inherit', key: grantKey(inv), agent: who.agent, sessionId, actor: who.kind };
  // Advisory mode names uncontained runs in the request's audit entry: contain first. Otherwise the
  // container is planned while the daemon judges (a container that cannot be built still refuses).
  let containment = agentsAdvisory() ? await containmentFor(run) : null;
  const note = containment ? containmentNote(containment) : undefined;
  const units = unitsFor(inv, env);
  const vault = vaultExists(env);
  const req: DaemonRequest = { v: PROTOCOL, units, cwd, env: stringEnv(env), actor: who.kind, agent: who.agent, sessionId, human, pid: process.pid, ...(note ? { note } : {}), ...(vault ? { vault: vaultEligible(inv, units, env) } : {}) };
  const asked = sendToDaemon(path, req);
  await asked.sent;
  containment ??= await containmentFor(run);
  const answer = await asked.answer;
  if (answer?.outcome === 'blocked') {
    writeSync(2, answer.stderr);
    process.exit(BLOCKED_STATUS);
  }
  if (answer?.outcome !== 'run') return load('sh-full').main(argv);
  if (vault) await applyPlan(run, { outcome: 'run', inject: answer.inject ?? [], stderr: answer.stderr });
  await runContained(run, containment);
}
