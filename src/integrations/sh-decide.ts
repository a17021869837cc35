/*!
 * shellgate-sh's decision for one unit of commands (a `-c` string, a script, a chunk of stdin):
 * allow runs; deny never runs; confirm runs when a human approved that exact line in this cwd
 * (approval queue), or when the human is at this terminal and says yes (the Ink confirmation);
 * otherwise it becomes a pending approval request and the caller exits 126 with a message
 * saying how to approve it.
 */
import { writeSync } from 'node:fs';
import type { Verdict } from '../classifier/verdict.js';
import { auditCommand, auditDeny, classifyLine, type GateContext } from './gate.js';
import { blockedMessage, describeReasons } from './block-message.js';

/** Exit status for "not run": bash's "found but not executable". */
export const BLOCKED_STATUS = 126;

function say(text: string): void {
  writeSync(2, text);
}

/** A human can be asked here: stdin and stderr are terminals and no agent was detected. */
export function humanAtTerminal(ctx: GateContext): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY) && ctx.actor === 'human';
}

function promptText(what: string, verdict: Verdict): string {
  return [`shellgate: needs confirmation: ${what}`, ...describeReasons(verdict).map((r) => `  why: ${r}`)].join('\n') + '\n';
}

async function decideConfirm(line: string, key: string, what: string, verdict: Verdict, ctx: GateContext): Promise<boolean> {
  const queue = await import('../approvals/queue.js');
  const { approvalTtlMs } = await import('../approvals/approval-ttl.js');
  const ttl = approvalTtlMs(ctx.env);
  if (queue.consumeApproval(key, ctx.cwd, ctx.env)) {
    const err = auditCommand(line, verdict, ctx, { by: 'human', how: 'approval-queue' });
    if (err) say(blockedMessage(what, auditDeny(line, err), undefined, ttl));
    return !err;
  }
  if (humanAtTerminal(ctx)) {
    const { askHuman } = await import('./human-prompt.js');
    const outcome = await askHuman(line, verdict, ctx.cwd, promptText(what, verdict));
    const err = auditCommand(line, verdict, ctx, outcome.approved ? { by: 'human', how: outcome.how } : null);
    if (err) say(blockedMessage(what, auditDeny(line, err), undefined, ttl));
    return outcome.approved && !err;
  }
  const err = auditCommand(line, verdict, ctx, null);
  if (err) {
    say(blockedMessage(what, auditDeny(line, err), undefined, ttl));
    return false;
  }
  const request = queue.requestApproval({ line: key, cwd: ctx.cwd, verdict, agent: ctx.agent }, ctx.env);
  say(blockedMessage(what, verdict, request, ttl));
  return false;
}

/**
 * True when `line` may run now. Prints the reason to stderr when it may not. Never throws.
 * `key` is what a human's approval is matched by (default: the line itself).
 */
export async function decideSh(line: string, what: string, ctx: GateContext, key = line): Promise<boolean> {
  const verdict = classifyLine(line, ctx);
  if (verdict.decision !== 'confirm') {
    auditCommand(line, verdict, ctx, null);
    if (verdict.decision === 'allow') return true;
    say(blockedMessage(what, verdict, undefined, 0));
    return false;
  }
  try {
    return await decideConfirm(line, key, what, verdict, ctx);
  } catch (err) {
    say(blockedMessage(what, verdict, undefined, 0));
    say(`shellgate: the approval queue is unavailable: ${(err as Error).message}\n`);
    return false;
  }
}
