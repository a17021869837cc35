/*!
 * Plain-text table of audit entries for `shellgate log`. Logged lines come from agents and are
 * printed to a terminal: control characters are shown escaped, never sent raw. Colour and
 * truncation to the terminal width only when writing to a TTY.
 */
import type { AuditEntry } from './entry.js';

/** How the table is drawn. */
export interface TableOptions {
  /** Terminal width: the command column is cut to fit. Omit for no cutting (pipes, files). */
  width?: number;
  color?: boolean;
}

const COLOR: Record<string, string> = { deny: '31', confirm: '33', allow: '32', blocked: '31' };

/**
 * Shows control characters as visible escapes, newlines as `⏎`; also the Unicode direction
 * overrides and invisible characters that would make a line read differently from what runs.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g, (c) => {
    if (c === '\n') return '⏎';
    if (c === '\t') return ' ';
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

function localTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

function result(e: AuditEntry): string {
  if (e.event === 'approval-granted') return 'approved';
  if (e.event === 'approval-denied') return 'declined';
  if (e.event === 'containment') return 'contained';
  if (e.blocked) return 'blocked';
  return e.exitStatus === null ? '-' : `exit ${e.exitStatus}`;
}

/** The cells of one row, in column order. */
function cells(e: AuditEntry): string[] {
  const v = e.verdict;
  return [
    `#${e.seq}`,
    localTime(e.time),
    printable(e.session.slice(0, 8)) || '-',
    e.actor.kind === 'agent' ? `agent:${printable(e.actor.agent ?? '?')}` : e.actor.kind,
    v ? (v.risk === 'none' ? v.decision : `${v.decision}/${v.risk}`) : '-',
    v?.environment ?? '-',
    e.approval ? `${printable(e.approval.by)} (${e.approval.how})` : '-',
    result(e),
    printable(e.line),
  ];
}

const HEADERS = ['#', 'TIME', 'SESSION', 'ACTOR', 'VERDICT', 'ENV', 'APPROVAL', 'RESULT', 'COMMAND'];

function paint(text: string, code: string | undefined, on: boolean): string {
  return on && code ? `\u001b[${code}m${text}\u001b[0m` : text;
}

/** Renders entries as an aligned table, one row per entry, header first. */
export function renderTable(entries: AuditEntry[], opts: TableOptions = {}): string {
  const rows = entries.map(cells);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((r) => [...r[i]].length)));
  const fixed = widths.slice(0, -1).reduce((a, w) => a + w + 2, 0);
  const last = opts.width ? Math.max(10, opts.width - fixed) : Infinity;
  const line = (r: string[], colorOf: (i: number) => string | undefined) =>
    r
      .map((c, i) => {
        const chars = [...c];
        const text = i === r.length - 1 ? (chars.length > last ? `${chars.slice(0, last - 1).join('')}…` : c) : c.padEnd(widths[i] + c.length - chars.length);
        return paint(text, colorOf(i), opts.color ?? false);
      })
      .join('  ')
      .trimEnd();
  const out = [line(HEADERS, () => '1')];
  for (const [k, r] of rows.entries()) {
    const e = entries[k];
    out.push(
      line(r, (i) => (i === 4 ? COLOR[e.verdict?.decision ?? ''] : i === 7 && (e.blocked || e.event === 'approval-denied') ? COLOR.blocked : undefined)),
    );
  }
  return out.join('\n');
}
