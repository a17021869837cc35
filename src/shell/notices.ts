/*!
 * The short messages the shell prints itself (no Ink): why a line did not run, and how a human
 * approves it when keystrokes cannot — in the one refusal style of src/gate/block-message.ts.
 * Plain ANSI (none with NO_COLOR), CRLF line ends (the terminal is in raw mode).
 */
import type { Verdict } from '../core/verdict.js';
import { reasonLines, refusalHead, type RefusalVerb } from '../gate/block-message.js';
import { paint } from '../ui/color.js';

/** Shortens a line for a one-line message. */
export function clip(line: string, max = 120): string {
  const one = line.replace(/\s*\n\s*/g, ' ⏎ ');
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

function block(lines: string[]): string {
  return lines.map((l) => `${l}\x1b[K`).join('\r\n') + '\r\n';
}

/** `shellgate ✗ VERB:` in bold red (unless NO_COLOR), then the line as typed. */
function head(verb: RefusalVerb, line: string): string {
  const [label, ...rest] = refusalHead(verb, clip(line)).split(': ');
  return `${paint(`${label}:`, 'red', 'bold')} ${rest.join(': ')}`;
}

/** A line refused by the rules. */
export function deniedNotice(line: string, verdict: Verdict): string {
  return block([head('denied', line), ...reasonLines(verdict, 5)]);
}

/** A line that needs a human, in a session whose keystrokes cannot approve. */
export function needsApprovalNotice(line: string, verdict: Verdict, requestId: string | null, deniedBefore = false): string {
  const approve = requestId ? `shellgate approvals (or shellgate approve ${requestId})` : 'shellgate approvals (or shellgate approve ID)';
  if (deniedBefore) {
    return block([head('not run, a human denied it', line), ...reasonLines(verdict, 5), `  request ${requestId} was denied: do not retry it`]);
  }
  return block([
    head("not run, needs a human's approval", line),
    ...reasonLines(verdict, 5),
    `  approve it from another terminal: ${approve}`,
    `  then run the line again`,
  ]);
}

/** A line that was not run for another reason (audit log, broken rules, continuation). */
export function notRunNotice(line: string, why: string): string {
  return block([head('not run', line), `  why: ${why}`]);
}

/** The one-line banner at the start of a session (SHELLGATE_BANNER=0 turns it off). */
export function bannerNotice(opts: { sandbox: boolean; agent: boolean }): string {
  const what = `guarded shell${opts.sandbox ? ' in the sandbox' : ''}${opts.agent ? ' (agent session)' : ''}`;
  return `${paint(`shellgate: ${what}:`, 'bold')} every line is checked before bash runs it; \`exit\` leaves\r\n`;
}

/** A general warning from the guard. */
export function warningNotice(message: string): string {
  return block([`${paint('shellgate:', 'red')} ${message}`]);
}
