/*!
 * The client side of an injection (shellgate-sh, outside the container): takes every vault name
 * out of the environment the agent's bash gets (the agent holds no standing credential, even when
 * its own environment had one exported), then reads the values the plan names from the backend
 * and puts them in that one bash's environment. Returns them for output masking (mask.ts).
 */
import { backendOf } from '../vault/backend.js';
import { readIndex } from '../vault/index-store.js';
import { vaultExists } from '../vault/exists.js';
import type { Secret } from '../vault/mask.js';
import type { Injection } from './vault-plan.js';

/**
 * Removes vault names from `childEnv` and adds the injected values. Throws (with a message for the
 * agent) when a value cannot be read: the command then does not run (fail closed).
 */
export async function injectInto(childEnv: NodeJS.ProcessEnv, inject: Injection[], env: NodeJS.ProcessEnv = process.env): Promise<Secret[]> {
  if (!vaultExists(env)) {
    if (inject.length > 0) throw new Error('the vault is gone');
    return [];
  }
  const index = readIndex(env);
  for (const c of index?.credentials ?? []) delete childEnv[c.name];
  if (inject.length === 0) return [];
  const backend = backendOf(index, env);
  if (!backend) throw new Error('the vault has no backend recorded (run `shellgate vault list`)');
  const secrets: Secret[] = [];
  for (const { name } of inject) {
    let value: string | null;
    try {
      value = await backend.get(name);
    } catch (err) {
      throw new Error(`cannot read ${name} from the ${backend.kind} backend: ${(err as Error).message}`);
    }
    if (value === null) throw new Error(`${name} has no value in the ${backend.kind} backend (set it again: shellgate vault set ${name} …)`);
    childEnv[name] = value;
    secrets.push({ name, value });
  }
  return secrets;
}
