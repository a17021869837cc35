/*!
 * The text an agent (or a person) reads when shellgate stops a command: what was blocked, why,
 * the rule ids, and how to get it approved. Used on shellgate-sh's stderr and as the reason in the
 * agent hook answers, so the wording is the same everywhere.
 */
import type { Verdict } from '../classifier/verdict.js';
import type { ApprovalRequest } from '../approvals/queue.js';

/** One line per reason: `message [rule id] (decision, risk …)`. */
export function describeReasons(verdict: Verdict): string[] {
  if (verdict.reasons.length === 0) return [`no rule allowed it (${verdict.decision}, risk ${verdict.risk})`];
  return verdict.reasons.map((r) => `${r.message} [rule ${r.rule}] (${r.decision}, risk ${r.risk})`);
}

/** First line of the command, marked when more follows. */
export function headline(line: string): string {
  const lines = line.replace(/\s+$/, '').split('\n');
  return lines.length > 1 ? `${lines[0]} … (+${lines.length - 1} more lines)` : lines[0];
}

function minutes(ms: number): string {
  return ms % 60000 === 0 ? `${ms / 60000} min` : `${Math.round(ms / 1000)} s`;
}

/** How to get `request` approved, or why it cannot be. */
export function approvalHint(verdict: Verdict, request: ApprovalRequest | undefined, ttlMs: number): string[] {
  if (verdict.decision === 'deny') return ['This command is denied by the rules; it cannot be approved. Do not retry it in another form.'];
  if (!request) return ['It needs a human\'s confirmation.'];
  if (request.status === 'denied') {
    return [`A human denied this exact command (request ${request.id}). Do not retry it; ask the user what to do instead.`];
  }
  return [
    `Approval request ${request.id} is pending. Ask the user to approve it in their own terminal with`,
    `    shellgate approvals        (or: shellgate approve ${request.id})`,
    `then run exactly the same command again from the same directory (an approval is used once, valid ${minutes(ttlMs)}).`,
  ];
}

/** The full message for a blocked command. `what` describes the source (a `-c` line, a script …). */
export function blockedMessage(what: string, verdict: Verdict, request: ApprovalRequest | undefined, ttlMs: number): string {
  const verb = verdict.decision === 'deny' ? 'denied' : 'blocked (needs approval)';
  const out = [`shellgate: ${verb}: ${what}`];
  for (const r of describeReasons(verdict)) out.push(`  why: ${r}`);
  for (const h of approvalHint(verdict, request, ttlMs)) out.push(`  ${h}`);
  return out.join('\n') + '\n';
}
