/*!
 * `shellgate-contain -c CMD` (dist/bundle/contain.cjs): runs `bash -c CMD` inside the agent
 * containment and judges nothing. It is what an agent hook rewrites an allowed command into
 * (contain/wrap-command.ts), for agents that run commands in their own bash: the hook judged and
 * logged the command; this only takes rights away, so an agent that calls it itself gains nothing.
 */
import { writeSync } from 'node:fs';
import { detectActor, SESSION_ENV } from '../config/actor.js';
import { plantedGuardMessage } from '../config/planted-env.js';
import { parseShArgs } from './args.js';
import { sessionIdFor } from './units.js';
import { bashOrRefuse, containmentFor, grantKey, runContained, type AgentRun } from './run.js';
import { vaultExists } from '../vault/exists.js';

/** Entry point of bin/shellgate-contain.cjs. Exits the process itself. */
export async function main(argv: string[]): Promise<void> {
  const env = process.env;
  const planted = plantedGuardMessage(env, process.cwd());
  if (planted) {
    writeSync(2, `shellgate-contain: ${planted}\n`);
    process.exit(126);
  }
  const inv = parseShArgs(argv);
  const who = detectActor(env);
  const sessionId = sessionIdFor(env, who.session);
  const childEnv: NodeJS.ProcessEnv = { ...env, [SESSION_ENV]: sessionId };
  const run: AgentRun = {
    bash: bashOrRefuse(),
    argv,
    cwd: process.cwd(),
    env: childEnv,
    stdin: 'inherit',
    key: grantKey(inv),
    agent: who.agent,
    sessionId,
    actor: who.kind,
  };
  const containment = await containmentFor(run);
  // No credentials on this path (nothing judged the line for them here); vault names are taken out of the environment.
  if (vaultExists(env)) await (await import('./vault.js')).applyPlan(run, { outcome: 'run', inject: [], stderr: '' });
  await runContained(run, containment);
}
