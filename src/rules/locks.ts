/*!
 * Locked rules. A rule with `locked: true` may be overridden by a later file (a higher layer)
 * only to tighten it: the same `match`, a decision at least as strict for every environment and
 * actor, and a risk at least as high. Anything else is an error that names both files. The
 * effective decision includes the engine's production escalation (resolve-action.ts, the one the engine
 * uses), so turning `action: confirm` into `{ default: confirm }` is caught.
 */
import type { Diagnostic, LoadedFile } from './diagnostic.js';
import type { Rule } from './types.js';
import { ruleOutcome } from './resolve-action.js';
import { DECISION_ORDER, RISK_ORDER, type Actor, type Decision, type Environment } from '../core/verdict.js';

const ENVS: (Environment | null)[] = [null, 'production', 'staging', 'development'];
const ACTORS: Actor[] = ['agent', 'human'];

/** Ids of the rules a file marks `locked: true`. */
export function lockedIds(file: LoadedFile): string[] {
  return (file.data.rules ?? []).filter((r) => r.locked === true).map((r) => r.id);
}

/** One diagnostic per later rule that loosens (or changes the match of) a locked rule. */
export function lockDiagnostics(files: LoadedFile[]): Diagnostic[] {
  const locked = new Map<string, { rule: Rule; file: LoadedFile; index: number }>();
  const out: Diagnostic[] = [];
  for (const file of files) {
    (file.data.rules ?? []).forEach((rule, index) => {
      const lower = locked.get(rule.id);
      if (lower && lower.file !== file) {
        const why = loosening(lower.rule, rule);
        if (why) {
          const lowerAt = `${lower.file.path}:${lower.file.at(['rules', lower.index, 'id']).line}`;
          out.push({
            file: file.path,
            ...file.at(['rules', index, 'id']),
            message: `rule "${rule.id}" is locked in ${lowerAt} and may only be tightened here, but ${why}`,
            fix: `keep the match of ${lower.file.path} and make every decision and the risk at least as strict, or give this rule a new id`,
          });
          return;
        }
      }
      if (rule.locked === true || lower) locked.set(rule.id, { rule, file, index });
    });
  }
  return out;
}

/** Why `upper` is not a tightening of `lower`, or null when it is. */
export function loosening(lower: Rule, upper: Rule): string | null {
  if (canonical(lower.match) !== canonical(upper.match)) return 'its `match` differs (a different match could skip commands the locked rule catches)';
  if (RISK_ORDER[upper.risk] < RISK_ORDER[lower.risk]) return `its risk ${upper.risk} is lower than ${lower.risk}`;
  if (upper.locked === false) return 'it sets `locked: false`';
  // The match is the same, so the rule only ever fires in the environments it names.
  const only = lower.match.environment;
  const envs = only === undefined ? ENVS : typeof only === 'string' ? [only] : only;
  for (const env of envs) {
    for (const actor of ACTORS) {
      const was = effectiveDecision(lower, env, actor);
      const now = effectiveDecision(upper, env, actor);
      if (DECISION_ORDER[now] < DECISION_ORDER[was]) {
        return `it changes the decision for ${actor}s ${env ? `in ${env}` : 'with no environment'} from ${was} to ${now}`;
      }
    }
  }
  return null;
}

/** The decision the engine reaches for a rule that fired, including the production escalation. */
export function effectiveDecision(rule: Rule, env: Environment | null, actor: Actor): Decision {
  return ruleOutcome(rule, env, actor).decision;
}

/** JSON with sorted keys and sorted lists (lists in `match` are sets), a single string as a list. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).sort().join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(asList((v as Record<string, unknown>)[k]))}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

function asList(v: unknown): unknown {
  return typeof v === 'string' ? [v] : v;
}
