/*!
 * What a rule that fired decides, written once: its `action` resolved for the environment and
 * the actor, then the production escalation. A rule aimed at production that does not allow and
 * is at least of medium risk is raised one risk step (medium → high, high or critical →
 * critical), and for an agent a plain `action: confirm` becomes `deny` (a rule that spells out a
 * per-environment or per-actor action has said what production gets, and keeps it). The engine
 * (classifier/engine.ts `reasonFor`) and the locked-rule check (locks.ts) both call this, so a
 * lock compares the decisions the engine really reaches.
 */
import { RISK_ORDER, type Actor, type Decision, type Environment, type Risk } from '../core/verdict.js';
import type { Action, Rule } from './types.js';

/** The decision for an environment and actor: actor-specific, then environment, then default. */
export function resolveAction(action: Action, env: Environment | null, actor: Actor): Decision {
  if (typeof action === 'string') return action;
  const byActor = action[actor];
  if (typeof byActor === 'string') return byActor;
  if (byActor) {
    const d = (env && byActor[env]) ?? byActor.default;
    if (d) return d;
  }
  return (env && action[env]) ?? action.default ?? 'confirm';
}

/** A rule's decision and risk where it fired; `production` when the escalation applied. */
export interface RuleOutcome {
  decision: Decision;
  risk: Risk;
  production: boolean;
}

/** The decision and risk the engine gives a rule that fired, production escalation included. */
export function ruleOutcome(rule: Pick<Rule, 'action' | 'risk'>, env: Environment | null, actor: Actor): RuleOutcome {
  const decision = resolveAction(rule.action, env, actor);
  if (env !== 'production' || decision === 'allow' || RISK_ORDER[rule.risk] < RISK_ORDER.medium) return { decision, risk: rule.risk, production: false };
  return {
    decision: actor === 'agent' && typeof rule.action === 'string' ? 'deny' : decision,
    risk: RISK_ORDER[rule.risk] >= RISK_ORDER.high ? 'critical' : 'high',
    production: true,
  };
}
