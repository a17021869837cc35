/*!
 * Verdicts are data: what the UI, the `check` command, the hooks and the audit log all render.
 * The strictest reason wins: deny > confirm > allow, and the highest risk is kept.
 */

export type Decision = 'allow' | 'confirm' | 'deny';
export type Risk = 'none' | 'low' | 'medium' | 'high' | 'critical';
export type Environment = 'production' | 'staging' | 'development';
export type Actor = 'agent' | 'human';
/** A character range [start, end) in the original command line. */
export type Span = [number, number];

/** One rule (or engine check) that fired, and where in the line. */
export interface Reason {
  /** Rule id, e.g. `fs.rm-recursive`, or an engine id such as `engine.parse-error`. */
  rule: string;
  message: string;
  /** The source text of the command this reason is about. */
  command: string;
  span: Span;
  decision: Decision;
  risk: Risk;
  /** A safer command the rule suggests, when it has one. */
  alternative?: string;
}

export interface Verdict {
  decision: Decision;
  risk: Risk;
  environment: Environment | null;
  /** Why the environment was chosen (e.g. `RAILWAY_ENVIRONMENT=production`), when it was. */
  environmentEvidence?: string;
  reasons: Reason[];
}

export const DECISION_ORDER: Record<Decision, number> = { allow: 0, confirm: 1, deny: 2 };
export const RISK_ORDER: Record<Risk, number> = { none: 0, low: 1, medium: 2, high: 3, critical: 4 };

export function stricterDecision(a: Decision, b: Decision): Decision {
  return DECISION_ORDER[a] >= DECISION_ORDER[b] ? a : b;
}

export function higherRisk(a: Risk, b: Risk): Risk {
  return RISK_ORDER[a] >= RISK_ORDER[b] ? a : b;
}

/** Folds reasons into the final decision and risk: the strictest wins. */
export function combine(reasons: Reason[], environment: Environment | null, evidence?: string): Verdict {
  let decision: Decision = 'allow';
  let risk: Risk = 'none';
  for (const r of reasons) {
    decision = stricterDecision(decision, r.decision);
    risk = higherRisk(risk, r.risk);
  }
  const sorted = [...reasons].sort((a, b) => DECISION_ORDER[b.decision] - DECISION_ORDER[a.decision] || RISK_ORDER[b.risk] - RISK_ORDER[a.risk]);
  const v: Verdict = { decision, risk, environment, reasons: sorted };
  if (evidence) v.environmentEvidence = evidence;
  return v;
}
