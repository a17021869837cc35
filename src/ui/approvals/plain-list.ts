/*!
 * The pending approval requests as plain text: what `shellgate approvals` prints when it does not
 * run in a terminal (or with --list), and the row text the Ink list reuses. Everything in a request
 * comes from the agent: control characters and direction overrides are shown escaped (audit/table.ts
 * printable), so that a line cannot erase or disguise itself on the human's terminal.
 */
import type { ApprovalRequest } from '../../approvals/queue.js';
import { printable } from '../../audit/table.js';

/** `12s`, `3m`, `2h` since `iso`. */
export function age(iso: string, now: number): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  return `${Math.floor(s / 3600)}h`;
}

/** First line of a command (printable), marked when more follows. */
export function firstLine(line: string): string {
  const lines = line.replace(/\s+$/, '').split('\n');
  return printable(lines.length > 1 ? `${lines[0]} … (+${lines.length - 1} lines)` : lines[0]);
}

/** Rule ids and messages of a request's verdict, one string (printable). */
export function why(r: ApprovalRequest): string {
  return printable(r.verdict.reasons.map((x) => `${x.message} [${x.rule}]`).join('; ') || r.verdict.decision);
}

/** Multi-line listing; an explicit line when nothing is pending. */
export function formatPlainList(requests: ApprovalRequest[], now: number): string {
  if (requests.length === 0) return 'no pending approval requests\n';
  const out: string[] = [];
  for (const r of requests) {
    const status = r.status === 'pending' ? '' : ` [${r.status}]`;
    out.push(`#${r.id}${status}  ${firstLine(r.line)}`);
    out.push(`    in ${printable(r.cwd)} · ${printable(r.agent ?? 'unknown agent')} · ${age(r.createdAt, now)} ago · ${why(r)}`);
  }
  out.push('', 'approve once: shellgate approve ID    deny: shellgate approve ID --deny');
  return out.join('\n') + '\n';
}
