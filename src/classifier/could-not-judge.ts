/*!
 * The one "could not judge" verdict. A line shellgate could not judge never runs on an agent's
 * word; what it becomes depends on who faces it (the surface), and is decided only here:
 *
 * - the rules do not load (`engine.load-error`): deny, on every surface. There are no rules to
 *   show a human, and a broken ruleset must be loud and fixed, not clicked through line by line.
 * - the classifier failed on the line (`engine.internal-error`, a bug in shellgate):
 *   - facing a human (the guarded shell or shellgate-sh with a person at the terminal, `check`
 *     and `explain` for a human): confirm, at high risk. The person typed the line and can
 *     read it; shellgate says it could not analyse it and asks, rather than locking them out
 *     of their own shell because of shellgate's bug.
 *   - facing an agent (every hook, shellgate-sh and the shell in an agent's session): deny.
 *     An agent that reads our source could otherwise turn a line that would be denied into an
 *     approval request by making the analyser fail on it, and a human would be asked about a
 *     line nobody analysed. The agent can split or simplify the line; a human can run it.
 *
 * This lives below the engine (which catches the classifier's failures) and the gate (which
 * catches a ruleset that does not load), so both use it.
 */
import type { Actor, Reason, Verdict } from '../core/verdict.js';

/** Why a line could not be judged. */
export type Unjudged = 'rules-broken' | 'classifier-failed';

/** The verdict for a line that could not be judged, for the actor who faces it (see the header). */
export function couldNotJudge(line: string, cause: Unjudged, detail: string, facing: Actor): Verdict {
  const broken = cause === 'rules-broken';
  const decision = broken || facing === 'agent' ? 'deny' : 'confirm';
  const reason: Reason = {
    rule: broken ? 'engine.load-error' : 'engine.internal-error',
    message: broken ? `the rules do not load: ${detail}` : `shellgate could not analyse this line (${detail})`,
    command: line,
    span: [0, line.length],
    decision,
    risk: 'high',
  };
  return { decision, risk: 'high', environment: null, reasons: [reason] };
}
