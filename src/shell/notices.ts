/*!
 * The short messages the shell prints itself (no Ink): why a line did not run, and how a human
 * approves it when keystrokes cannot. Plain ANSI, CRLF line ends (the terminal is in raw mode).
 */
import type { Reason, Verdict } from '../classifier/verdict.js';

const RED = '\x1b[31m';
const BOLD = '\x1b[1m';
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

/** Shortens a line for a one-line message. */
export function clip(line: string, max = 120): string {
  const one = line.replace(/\s*\n\s*/g, ' ⏎ ');
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

function reasonLines(reasons: Reason[]): string[] {
  const out: string[] = [];
  for (const r of reasons.slice(0, 5)) {
    out.push(`  ${DIM}${r.rule}${RESET}  ${r.message}`);
    if (r.alternative) out.push(`  ${DIM}safer:${RESET} ${r.alternative}`);
  }
  if (reasons.length > 5) out.push(`  ${DIM}… and ${reasons.length - 5} more${RESET}`);
  return out;
}

function block(lines: string[]): string {
  return lines.map((l) => `${l}\x1b[K`).join('\r\n') + '\r\n';
}

/** A line refused by the rules. */
export function deniedNotice(line: string, verdict: Verdict): string {
  return block([`${RED}${BOLD}shellgate ✗ denied:${RESET} ${clip(line)}`, ...reasonLines(verdict.reasons)]);
}

/** A line that needs a human, in a session whose keystrokes cannot approve. */
export function needsApprovalNotice(line: string, verdict: Verdict, requestId: string | null, deniedBefore = false): string {
  const approve = requestId ? `shellgate approvals (or shellgate approve ${requestId})` : 'shellgate approvals (or shellgate approve ID)';
  if (deniedBefore) {
    return block([
      `${RED}${BOLD}shellgate ✗ not run, a human denied this line (request ${requestId}):${RESET} ${clip(line)}`,
      ...reasonLines(verdict.reasons),
    ]);
  }
  return block([
    `${RED}${BOLD}shellgate ✗ not run, needs a human's approval:${RESET} ${clip(line)}`,
    ...reasonLines(verdict.reasons),
    `  approve it from another terminal: ${approve}`,
    `  ${DIM}then run the line again${RESET}`,
  ]);
}

/** A line that was not run for another reason (audit log, broken rules, continuation). */
export function notRunNotice(line: string, why: string): string {
  return block([`${RED}${BOLD}shellgate ✗ not run:${RESET} ${clip(line)}`, `  ${why}`]);
}

/** A general warning from the guard. */
export function warningNotice(message: string): string {
  return block([`${RED}shellgate:${RESET} ${message}`]);
}
