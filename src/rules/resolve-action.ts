/*!
 * Which decision a rule's `action` gives for an environment and an actor. Shared by the
 * classifier (each matching rule) and the lock check (a locked rule may only be tightened).
 */
import type { Decision, Environment } from '../core/verdict.js';
import type { Action } from './types.js';

/** The decision for an environment and actor: actor-specific, then environment, then default. */
export function resolveAction(action: Action, env: Environment | null, actor: 'agent' | 'human'): Decision {
  if (typeof action === 'string') return action;
  const byActor = action[actor];
  if (typeof byActor === 'string') return byActor;
  if (byActor) {
    const d = (env && byActor[env]) ?? byActor.default;
    if (d) return d;
  }
  return (env && action[env]) ?? action.default ?? 'confirm';
}
