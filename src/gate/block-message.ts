/*!
 * The text a person or an agent reads when shellgate stops a command, in one style everywhere —
 * the guarded shell, shellgate-sh's stderr and the reason in agent hook answers:
 *   shellgate ✗ denied: rm -rf /
 *     why: recursive delete of /: … [rule fs.delete-catastrophic] (deny, risk critical)
 *     safer: …
 * then how to get it approved, when it can be.
 */
import type { Verdict } from '../core/verdict.js';
import type { ApprovalRequest } from '../approvals/queue.js';

/** What happened to the command, after `shellgate ✗ `. */
export type RefusalVerb = 'denied' | "not run, needs a human's approval" | 'not run, declined' | 'not run, a human denied it' | 'not run';

/** The first line of every refusal: `shellgate ✗ denied: rm -rf /`. */
export function refusalHead(verb: RefusalVerb, command: string): string {
  return `shellgate ✗ ${verb}: ${command}`;
}

/** The verb for a verdict that stopped a command. */
export function verdictVerb(verdict: Verdict): RefusalVerb {
  return verdict.decision === 'deny' ? 'denied' : "not run, needs a human's approval";
}

/** One line per reason: `message [rule id] (decision, risk …)`. */
export function describeReasons(verdict: Verdict): string[] {
  if (verdict.reasons.length === 0) return [`no rule allowed it (${verdict.decision}, risk ${verdict.risk})`];
  return verdict.reasons.map((r) => `${r.message} [rule ${r.rule}] (${r.decision}, risk ${r.risk})`);
}

/** The indented lines under the head: `  why: …` per reason, `  safer: …` where a rule has one. */
export function reasonLines(verdict: Verdict, max = Infinity): string[] {
  const out: string[] = [];
  const why = describeReasons(verdict);
  why.slice(0, max).forEach((text, i) => {
    out.push(`  why: ${text}`);
    const alt = verdict.reasons[i]?.alternative;
    if (alt) out.push(`  safer: ${alt}`);
  });
  if (why.length > max) out.push(`  … and ${why.length - max} more`);
  return out;
}

/** First line of the command, marked when more follows. */
export function headline(line: string): string {
  const lines = line.replace(/\s+$/, '').split('\n');
  return lines.length > 1 ? `${lines[0]} … (+${lines.length - 1} more lines)` : lines[0];
}

/** The command's first line in double quotes, with quotes, backslashes and control characters escaped. */
export function quoteCommand(line: string): string {
  return JSON.stringify(headline(line));
}

function minutes(ms: number): string {
  return ms % 60000 === 0 ? `${ms / 60000} min` : `${Math.round(ms / 1000)} s`;
}

/** How to get `request` approved, or why it cannot be. */
export function approvalHint(verdict: Verdict, request: ApprovalRequest | undefined, ttlMs: number): string[] {
  if (verdict.decision === 'deny') return ['This command is denied by the rules; it cannot be approved. Do not retry it in another form.'];
  if (!request) return ["It needs a human's confirmation."];
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
  const out = [refusalHead(verdictVerb(verdict), what), ...reasonLines(verdict)];
  for (const h of approvalHint(verdict, request, ttlMs)) out.push(`  ${h}`);
  return out.join('\n') + '\n';
}
