/*!
 * shellgate-sh's use of the vault (src/vault/): whether this call may receive credentials at all
 * (a plain `-c` line, nothing sourced first), and applying an injection plan to the bash about to
 * run: say what was withheld, refuse (126) when a human must approve first, else strip every vault
 * name from bash's environment and put in the values the plan names. Loaded only when a vault exists.
 */
import { writeSync } from 'node:fs';
import { BLOCKED_STATUS } from '../gate/blocked-status.js';
import type { ShInvocation } from './args.js';
import type { AgentRun } from './run.js';
import type { Unit } from './claude-snapshot.js';
import type { InjectionPlan } from './vault-plan.js';

/** Only a `-c` string with nothing sourced before it (no BASH_ENV, no ENV) may receive a credential. */
export function vaultEligible(inv: ShInvocation, units: Unit[], env: NodeJS.ProcessEnv): boolean {
  return inv.mode === 'command' && units.length === 1 && !env.BASH_ENV && !env.ENV;
}

/** Applies `plan` to `run` (exits 126 when it is blocked or a value cannot be read). */
export async function applyPlan(run: AgentRun, plan: Pick<InjectionPlan, 'outcome' | 'inject' | 'stderr'>): Promise<void> {
  if (plan.stderr) writeSync(2, plan.stderr);
  if (plan.outcome === 'blocked') process.exit(BLOCKED_STATUS);
  const { injectInto } = await import('./vault-inject.js');
  try {
    run.secrets = await injectInto(run.env, plan.inject);
  } catch (err) {
    writeSync(2, `shellgate-sh: the vault could not give this command its credentials, so it does not run: ${(err as Error).message}\n`);
    process.exit(BLOCKED_STATUS);
  }
}
