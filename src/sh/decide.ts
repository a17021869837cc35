/*!
 * shellgate-sh's decision for one unit of commands (a `-c` string, a script, a chunk of stdin):
 * allow runs; deny never runs; a confirm follows the one confirm policy (src/gate/confirm-policy.ts):
 * a human's approval of that exact line in this cwd (approval queue), or the human at this
 * terminal saying yes (the Ink confirmation, with the typed code when the line needs one);
 * otherwise it becomes a pending approval request and the caller exits 126 with a message
 * saying how to approve it. The same decision runs in the classifier daemon (daemon/server.ts),
 * which writes its messages into the answer and leaves the terminal prompt to its client.
 */
import { writeSync } from 'node:fs';
import type { Verdict } from '../core/verdict.js';
import type { ApprovalRequest } from '../approvals/queue.js';
import { confirmAsking } from '../gate/confirm-policy.js';
import { auditCommand, auditDeny, auditWritable, classifyLine, type GateContext } from '../gate/gate-call.js';
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
  const way = io.human ? (io.deferPrompt ? 'prompt-there' : 'prompt') : 'queue';
  const ask = async (code: string | null) => (await import('./human-prompt.js')).askHuman(line, verdict, ctx.cwd, code, promptText(what, verdict));
  const result = await confirmAsking<ApprovalRequest>(
    verdict,
    {
      way,
      consumeApproval: () => queue.consumeApproval(key, ctx.cwd, ctx.env),
      fileRequest: () => queue.requestApproval({ line: key, cwd: ctx.cwd, verdict, agent: ctx.agent }, ctx.env),
      auditWritable: () => auditWritable(),
      record: (r) =>
        r.kind === 'approved'
          ? auditCommand(line, verdict, ctx, r.approval)
          : r.kind === 'queued'
            ? auditCommand(line, verdict, ctx, null, { blocked: true, requestId: r.request.id })
            : auditCommand(line, verdict, ctx, null, { blocked: true }),
    },
    ask,
  );
  switch (result.kind) {
    case 'run':
      return 'run';
    case 'prompt-there':
      return 'ask-here';
    case 'unaudited':
      io.say(blockedMessage(what, auditDeny(line, result.error), undefined, ttl));
      return 'blocked';
    case 'queued':
      io.say(blockedMessage(what, verdict, result.request, ttl));
      return 'blocked';
    case 'queue-unavailable':
      io.say(blockedMessage(what, verdict, undefined, 0));
      io.say(`shellgate: the approval queue is unavailable: ${result.error}\n`);
      return 'blocked';
    default:
      return 'blocked'; // declined at the prompt ('ask' is not a way of this surface)
  }
}

/**
 * Decides whether `line` may run now; says why when it may not. Never throws. `key` is what a
 * human's approval is matched by (default: the line itself).
 */
export async function decideUnit(line: string, what: string, ctx: GateContext, io: ShIo, key = line): Promise<ShOutcome> {
  const verdict = await classifyLine(line, ctx);
  if (verdict.decision !== 'confirm') {
    const error = auditCommand(line, verdict, ctx, null);
    // Every agent command that runs is in the log: a log the agent could fill (a full disk) fails closed.
    if (verdict.decision === 'allow' && error && ctx.actor === 'agent') {
      io.say(blockedMessage(what, auditDeny(line, error), undefined, 0));
      return 'blocked';
    }
    if (verdict.decision === 'allow') return 'run';
    io.say(blockedMessage(what, verdict, undefined, 0));
    return 'blocked';
  }
  try {
    return await decideConfirm(line, key, what, verdict, ctx, io);
  } catch (err) {
    // The policy itself never throws; this is the prompt or a module that failed to load.
    io.say(blockedMessage(what, verdict, undefined, 0));
    io.say(`shellgate: the confirmation failed: ${(err as Error).message}\n`);
    return 'blocked';
  }
}

/** True when `line` may run now, deciding on this terminal (prompting the human if one is here). */
export async function decideSh(line: string, what: string, ctx: GateContext, key = line): Promise<boolean> {
  return (await decideUnit(line, what, ctx, terminalIo(ctx), key)) === 'run';
}
