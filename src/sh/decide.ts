/*!
 * shellgate-sh's decision for one unit of commands (a `-c` string, a script, a chunk of stdin):
 * allow runs; deny never runs; confirm runs when a human approved that exact line in this cwd
 * (approval queue), or when the human is at this terminal and says yes (the Ink confirmation);
 * otherwise it becomes a pending approval request and the caller exits 126 with a message
 * saying how to approve it. The same decision runs in the classifier daemon (daemon/server.ts),
 * which writes its messages into the answer and leaves the terminal prompt to its client.
 */
import { writeSync } from 'node:fs';
import type { Verdict } from '../core/verdict.js';
import { auditCommand, auditDeny, classifyLine, type GateContext } from '../gate/gate-call.js';
import { blockedMessage, describeReasons } from '../gate/block-message.js';
import { isatty } from 'node:tty';

export { BLOCKED_STATUS } from '../gate/blocked-status.js';

/** Where the messages go and whether a human can be asked. */
export interface ShIo {
  say(text: string): void;
  /** A human is at this terminal (stdin and stderr are terminals, no agent detected). */
  human: boolean;
  /** Do not prompt: answer 'ask-here' instead (before anything is logged), for the caller to prompt. */
  deferPrompt?: boolean;
}

/** run: may run now; blocked: must not (the reason was said); ask-here: prompt the human first. */
export type ShOutcome = 'run' | 'blocked' | 'ask-here';

/** A human can be asked here: stdin and stderr are terminals and no agent was detected. */
export function humanAtTerminal(ctx: GateContext): boolean {
  return isatty(0) && isatty(2) && ctx.actor === 'human';
}

/** Messages to this process's stderr; the prompt on this terminal when a human is here. */
export function terminalIo(ctx: GateContext): ShIo {
  return { say: (text) => writeSync(2, text), human: humanAtTerminal(ctx) };
}

function promptText(what: string, verdict: Verdict): string {
  return [`shellgate: needs confirmation: ${what}`, ...describeReasons(verdict).map((r) => `  why: ${r}`)].join('\n') + '\n';
}

async function decideConfirm(line: string, key: string, what: string, verdict: Verdict, ctx: GateContext, io: ShIo): Promise<ShOutcome> {
  const queue = await import('../approvals/queue.js');
  const { approvalTtlMs } = await import('../approvals/approval-ttl.js');
  const ttl = approvalTtlMs(ctx.env);
  const refused = (err: string): ShOutcome => (io.say(blockedMessage(what, auditDeny(line, err), undefined, ttl)), 'blocked');
  if (queue.consumeApproval(key, ctx.cwd, ctx.env)) {
    const err = auditCommand(line, verdict, ctx, { by: 'human', how: 'approval-queue' });
    return err ? refused(err) : 'run';
  }
  if (io.human) {
    if (io.deferPrompt) return 'ask-here';
    const { askHuman } = await import('./human-prompt.js');
    const outcome = await askHuman(line, verdict, ctx.cwd, promptText(what, verdict));
    const err = auditCommand(line, verdict, ctx, outcome.approved ? { by: 'human', how: outcome.how } : null, { blocked: !outcome.approved });
    if (err) return refused(err);
    return outcome.approved ? 'run' : 'blocked';
  }
  // Filed first, so that the entry saying "not run" names the request a human may approve.
  const request = queue.requestApproval({ line: key, cwd: ctx.cwd, verdict, agent: ctx.agent }, ctx.env);
  const err = auditCommand(line, verdict, ctx, null, { blocked: true, requestId: request.id });
  if (err) return refused(err);
  io.say(blockedMessage(what, verdict, request, ttl));
  return 'blocked';
}

/**
 * Decides whether `line` may run now; says why when it may not. Never throws. `key` is what a
 * human's approval is matched by (default: the line itself).
 */
export async function decideUnit(line: string, what: string, ctx: GateContext, io: ShIo, key = line): Promise<ShOutcome> {
  const verdict = classifyLine(line, ctx);
  if (verdict.decision !== 'confirm') {
    auditCommand(line, verdict, ctx, null);
    if (verdict.decision === 'allow') return 'run';
    io.say(blockedMessage(what, verdict, undefined, 0));
    return 'blocked';
  }
  try {
    return await decideConfirm(line, key, what, verdict, ctx, io);
  } catch (err) {
    io.say(blockedMessage(what, verdict, undefined, 0));
    io.say(`shellgate: the approval queue is unavailable: ${(err as Error).message}\n`);
    return 'blocked';
  }
}

/** True when `line` may run now, deciding on this terminal (prompting the human if one is here). */
export async function decideSh(line: string, what: string, ctx: GateContext, key = line): Promise<boolean> {
  return (await decideUnit(line, what, ctx, terminalIo(ctx), key)) === 'run';
}
