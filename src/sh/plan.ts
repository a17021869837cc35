/*!
 * Planning an agent command's containment in this process (contain/), for when the classifier
 * daemon did not plan it (daemon/contain.ts): the first call, which starts the
 * daemon; advisory mode; another environment; shellgate-contain. Also what a refused write needs
 * (escalation). The daemon's client keeps this out of its per-command bundle and loads it only
 * then (dist/bundle/sh-plan.cjs, see scripts/bundle.mjs): it is half of that bundle's code.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { stateDir } from '../config/paths.js';
import { ContainmentError, prepareContainment, type Containment } from '../contain/index.js';
import { takeWriteGrant } from '../contain/escalation.js';

export { refusedWriteMessage, requestWriteGrant } from '../contain/escalation.js';

/**
 * The containment for `run`, applying (and using up) a human's one-time write grant for it; or why
 * no container can be built (the caller refuses).
 */
/** What planning needs of an agent command (sh/run.ts AgentRun has these; no import back to it). */
export interface PlanInput {
  bash: string;
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  key: string | null;
}

export function planHere(run: PlanInput, agentProcess: string | null): Containment | { refused: string } {
  let grant: string[] = [];
  if (run.key !== null && existsSync(join(stateDir(process.env), 'approvals.json'))) grant = takeWriteGrant(run.key, run.cwd, process.env);
  try {
    return prepareContainment(run.bash, run.argv, { cwd: run.cwd, env: run.env, grant, agentProcess });
  } catch (err) {
    return { refused: err instanceof ContainmentError ? err.message : `cannot prepare the container: ${(err as Error).message}` };
  }
}
