/*!
 * The confirm policy, written once for the guarded shell, shellgate-sh and every agent hook: what
 * happens to a line whose verdict is `confirm`. In order:
 *
 * 1. A human's approval of this exact line in this directory (the approval queue) is used, once.
 *    It is written to the audit log before the line runs; if it cannot be, the line does not run
 *    (an approval nobody can audit is no approval). A queue that cannot be read counts as no
 *    approval.
 * 2. Otherwise, where a human is at this terminal (`prompt`): if the audit log cannot record an
 *    answer, the line does not run and nobody is asked; else the human is asked, with the typed
 *    code when the line needs one (typed-code.ts). Their answer is recorded before anything
 *    runs; a yes that cannot be recorded does not run. (`prompt-there`: the human is at the
 *    terminal of the process that asked; the classifier daemon stops here and its client asks.)
 * 3. Where the agent's own prompt asks its user (`agent-ask`, hooks that can): the line is
 *    logged as asked and handed to that prompt — unless it needs the typed code, which a yes/no
 *    prompt cannot ask for: then it goes to the queue (4).
 * 4. Otherwise (`queue`): an approval request is filed first, so that the audit entry saying
 *    "not run" names the request a human may approve; the line does not run. A queue that
 *    cannot take the request, or a log that cannot record it, refuses the line.
 *
 * The surfaces differ only in how they reach a human and what their log entries look like: those
 * are the ports. A port that fails or throws ends in "does not run", never in a throw from here
 * (only the prompt's own failure propagates from confirmAsking, and its callers refuse the line).
 */
import type { Verdict } from '../core/verdict.js';
import { makeCode, needsCode } from './typed-code.js';

/** How a surface can reach a human for this line now. */
export type ConfirmWay = 'prompt' | 'prompt-there' | 'agent-ask' | 'queue';

/** Who approved, as the audit log records it. */
export interface GateApproval {
  by: 'human';
  how: 'approval-queue' | 'prompt' | 'code';
}

/** The human's answer at the prompt. */
export interface PromptAnswer {
  approved: boolean;
  how: 'prompt' | 'code';
}

/** An approval request as the queue files it (only what the policy reads). */
export interface FiledRequest {
  id: string;
  status: string;
}

/** What the policy tells the surface to log. Each port returns the log's error, or undefined. */
export type ConfirmRecord<R extends FiledRequest> =
  | { kind: 'approved'; approval: GateApproval }
  | { kind: 'declined'; approval: GateApproval }
  | { kind: 'asked' }
  | { kind: 'queued'; request: R };

/** The surface's side: how it reaches the queue, the human and its audit log. */
export interface ConfirmPorts<R extends FiledRequest> {
  way: ConfirmWay;
  /** Uses a human's approval of this exact line in this directory, once (may throw). */
  consumeApproval(): boolean;
  /** Files an approval request (may throw). */
  fileRequest(): R;
  /** Can the log record an answer at all? The error, or undefined (checked before asking). */
  auditWritable(): string | undefined;
  /** Writes the surface's log entry for this step; the error, or undefined. */
  record(what: ConfirmRecord<R>): string | undefined;
}

/** What becomes of the line: it runs, the agent's prompt asks, or it does not run (and why). */
export type ConfirmResult<R extends FiledRequest> =
  | { kind: 'run'; approval: GateApproval }
  | { kind: 'ask' }
  | { kind: 'prompt-there' }
  | { kind: 'declined'; approval: GateApproval }
  | { kind: 'queued'; request: R }
  | { kind: 'unaudited'; error: string; approval?: GateApproval }
  | { kind: 'queue-unavailable'; error: string };

/** Way `prompt`: ask the human now (with `code` to type, or null for y/N), then hand over the answer. */
export interface PromptStep<R extends FiledRequest> {
  kind: 'prompt';
  code: string | null;
  answered(answer: PromptAnswer): ConfirmResult<R>;
}

/** A port's error message, a throw counting as one. */
function failure(port: () => string | undefined): string | undefined {
  try {
    return port();
  } catch (err) {
    return (err as Error).message || 'failed';
  }
}

function tryConsume(consume: () => boolean): boolean {
  try {
    return consume();
  } catch {
    return false; // an unreadable queue holds no approval we could trust
  }
}

/**
 * Applies the policy of the header to a `confirm` verdict. Synchronous (the hooks and the daemon
 * answer without an event loop turn); for way `prompt` it stops at the question (PromptStep):
 * confirmAsking() below asks it. Never throws.
 */
export function confirmLine<R extends FiledRequest>(verdict: Verdict, ports: ConfirmPorts<R>): ConfirmResult<R> | PromptStep<R> {
  if (tryConsume(() => ports.consumeApproval())) {
    const approval: GateApproval = { by: 'human', how: 'approval-queue' };
    const error = failure(() => ports.record({ kind: 'approved', approval }));
    return error ? { kind: 'unaudited', error, approval } : { kind: 'run', approval };
  }
  if (ports.way === 'prompt-there') return { kind: 'prompt-there' };
  const code = needsCode(verdict);
  if (ports.way === 'prompt') {
    const error = failure(() => ports.auditWritable());
    if (error) return { kind: 'unaudited', error };
    return { kind: 'prompt', code: code ? makeCode() : null, answered: (answer) => recordAnswer(ports, answer) };
  }
  if (ports.way === 'agent-ask' && !code) {
    const error = failure(() => ports.record({ kind: 'asked' }));
    return error ? { kind: 'unaudited', error } : { kind: 'ask' };
  }
  let request: R;
  try {
    request = ports.fileRequest();
  } catch (err) {
    return { kind: 'queue-unavailable', error: (err as Error).message };
  }
  const error = failure(() => ports.record({ kind: 'queued', request }));
  return error ? { kind: 'unaudited', error } : { kind: 'queued', request };
}

/** The human's answer, recorded before anything runs; a yes that cannot be recorded does not run. */
function recordAnswer<R extends FiledRequest>(ports: ConfirmPorts<R>, answer: PromptAnswer): ConfirmResult<R> {
  const approval: GateApproval = { by: 'human', how: answer.how };
  if (!answer.approved) {
    failure(() => ports.record({ kind: 'declined', approval })); // not run either way
    return { kind: 'declined', approval };
  }
  const error = failure(() => ports.record({ kind: 'approved', approval }));
  return error ? { kind: 'unaudited', error, approval } : { kind: 'run', approval };
}

/** confirmLine, asking the human with `prompt` when the policy gets to the question. */
export async function confirmAsking<R extends FiledRequest>(
  verdict: Verdict,
  ports: ConfirmPorts<R>,
  prompt: (code: string | null) => Promise<PromptAnswer>,
): Promise<ConfirmResult<R>> {
  const step = confirmLine(verdict, ports);
  return step.kind === 'prompt' ? step.answered(await prompt(step.code)) : step;
}
