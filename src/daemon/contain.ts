/*!
 * The containment of an allowed command, planned by the classifier daemon (daemon/server.ts) instead
 * of its client: the plan (contain/agent-plan.ts: stat calls, the `.env*` search of the project)
 * costs a fresh client process several milliseconds of cold code on every agent command, and the
 * warm daemon a fraction of that. Nothing is reused from an earlier request except what
 * contain/listing-cache.ts proves unchanged: the plan is made anew for every command, after the
 * command was judged, from the file system as it is then.
 *
 * The daemon's own environment decides where shellgate's directories are (state, config, cache,
 * runtime) and which home `~` is: it plans only for a client whose environment names the same ones
 * (sameGuardEnv), so that its plan is the one the client would have made. Anything else, and any
 * failure, leaves the answer without a containment, and the client plans itself (and refuses when
 * no container can be built): the daemon only ever saves the client work.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { stateDir } from '../config/paths.js';
import { agentBash, prepareContainment, type Containment } from '../contain/index.js';
import type { DaemonContainRequest } from './protocol.js';
import { cachedLister } from '../contain/listing-cache.js';
import { useListingCache } from '../sandbox/name-search.js';

/** The variables the plan reads from the guard's own environment (config/paths.ts, env-paths, os.homedir). */
const GUARD_VARS = [
  'HOME',
  'TMPDIR',
  'XDG_CONFIG_HOME',
  'XDG_STATE_HOME',
  'XDG_CACHE_HOME',
  'XDG_DATA_HOME',
  'XDG_RUNTIME_DIR',
  'SHELLGATE_CONFIG_DIR',
  'SHELLGATE_STATE_DIR',
  'SHELLGATE_CACHE_DIR',
  'SHELLGATE_IN_SANDBOX',
];

/** True when `a` and `b` name the same guard directories and home (unset and empty alike). */
export function sameGuardEnv(a: NodeJS.ProcessEnv, b: NodeJS.ProcessEnv): boolean {
  return GUARD_VARS.every((k) => (a[k] || '') === (b[k] || ''));
}

/**
 * The containment for the client's command (the trusted bash with its arguments), taking the
 * one-time write grant a human approved for it; undefined when the client must plan itself.
 */
export async function containForClient(req: DaemonContainRequest, cwd: string, env: NodeJS.ProcessEnv): Promise<Containment | undefined> {
  const c = await planForClient(req, cwd, env);
  // A container; or, when the client runs in advisory mode, the reason none can be built (its
  // audit entries say so). "Already inside one" is the client's to decide.
  return c?.kind === 'contained' || (c?.kind === 'uncontained' && req.advisory === true) ? c : undefined;
}

async function planForClient(req: DaemonContainRequest, cwd: string, env: NodeJS.ProcessEnv): Promise<Containment | undefined> {
  if (!sameGuardEnv(env, process.env)) return undefined;
  useListingCache(cachedLister);
  try {
    let grant: string[] = [];
    if (req.key !== null && existsSync(join(stateDir(process.env), 'approvals.json'))) {
      const { takeWriteGrant } = await import('../contain/escalation.js');
      grant = takeWriteGrant(req.key, cwd, env);
    }
    return prepareContainment(agentBash(), req.argv, { cwd, env, grant, agentProcess: req.agentProcess });
  } catch {
    return undefined;
  }
}
