/*!
 * The judgement every surface makes first: load the engine for the line's directory, classify the
 * line, and fold in the surface's own extra reasons (the guarded shell's guard rules), never
 * loosening the engine's verdict. Never throws: rules that do not load, or a classifier that
 * fails, give the one could-not-judge verdict (classifier/could-not-judge.ts) for who faces it.
 */
import type { Context } from '../classifier/context.js';
import { couldNotJudge } from '../classifier/could-not-judge.js';
import { higherRisk, stricterDecision, type Actor, type Reason, type Verdict } from '../core/verdict.js';
import type { Engine } from '../engine/load-engine.js';

/** What the line is judged with: its directory, who asks, and the classifier's context. */
export interface JudgeInput {
  line: string;
  cwd: string;
  actor: Actor;
  /** The rest of the classifier's context (environment, functions, aliases …). */
  context?: Partial<Context>;
  /** Reasons of the surface's own, added to the engine's (never less strict than the engine). */
  extra?: (line: string) => Reason[];
}

/** The verdict for the line; `engineFor` loads the rules for a directory and throws when they are broken. */
export function judgeLine(engineFor: (cwd: string) => Engine, input: JudgeInput): Verdict {
  const { line, cwd, actor } = input;
  let engine: Engine;
  try {
    engine = engineFor(cwd);
  } catch (err) {
    return couldNotJudge(line, 'rules-broken', `${(err as Error).message}`, actor);
  }
  let verdict: Verdict;
  try {
    verdict = engine.classify(line, { ...input.context, cwd, actor });
  } catch (err) {
    verdict = couldNotJudge(line, 'classifier-failed', (err as Error).message, actor);
  }
  const extra = input.extra?.(line) ?? [];
  if (extra.length === 0) return verdict;
  return {
    ...verdict,
    decision: extra.reduce((d, r) => stricterDecision(d, r.decision), verdict.decision),
    risk: extra.reduce((k, r) => higherRisk(k, r.risk), verdict.risk),
    reasons: [...verdict.reasons, ...extra],
  };
}
