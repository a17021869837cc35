/*!
 * Reading entries back for `shellgate log`: newest first across rotated files, with the filters
 * the command offers. Lines that are not entries are skipped here; `verify` is where they count.
 */
import { parseEntry, type AuditEntry } from './entry.js';
import { logFiles } from './files.js';
import { linesBackward, withReadFd } from './tail.js';
import { dict } from '../util/dict.js';

/** Which entries to show. Every given criterion must hold. */
export interface LogFilter {
  /** Only entries whose command did not run (denied, declined, refused). */
  blocked?: boolean;
  /** Only entries at or after this time. */
  since?: Date;
  /** Only entries whose verdict names this environment (`production`, …). */
  env?: string;
  /** Only this session (a prefix of the id is enough). */
  session?: string;
}

/** True when `e` passes every criterion of `f`. */
export function matchesFilter(e: AuditEntry, f: LogFilter): boolean {
  if (f.blocked && !e.blocked) return false;
  if (f.since && Date.parse(e.time) < f.since.getTime()) return false;
  if (f.env && (e.verdict?.environment ?? '').toLowerCase() !== f.env.toLowerCase()) return false;
  if (f.session && !e.session.startsWith(f.session)) return false;
  return true;
}

/** Calls `visit` on every entry, newest first, until it returns false. */
export function eachEntryBackward(dir: string, visit: (e: AuditEntry) => boolean): void {
  const files = logFiles(dir).reverse();
  for (const file of files) {
    const stopped = withReadFd(file, (fd, size) => {
      for (const line of linesBackward(fd, size)) {
        const e = parseEntry(line);
        if (e && !visit(e)) return true;
      }
      return false;
    });
    if (stopped) return;
  }
}

/**
 * The newest `limit` entries that match `filter` (all when `limit` is 0), oldest first.
 * With `since`, reading stops at the first older entry: entries are written in time order.
 */
export function readRecent(dir: string, filter: LogFilter, limit: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  eachEntryBackward(dir, (e) => {
    if (filter.since && Date.parse(e.time) < filter.since.getTime()) return false;
    if (matchesFilter(e, filter)) out.push(e);
    return limit === 0 || out.length < limit;
  });
  return out.reverse();
}

const UNIT_MS: Record<string, number> = dict({ s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 });

/**
 * `--since`: a duration back from `now` (`90s`, `15m`, `2h`, `7d`, `1w`) or an ISO date/time
 * (`2026-03-14`, `2026-03-14T10:00:00Z`). Returns null when the text is neither.
 */
export function parseSince(text: string, now: Date = new Date()): Date | null {
  const m = /^(\d+(?:\.\d+)?)\s*([smhdw])$/i.exec(text.trim());
  if (m) return new Date(now.getTime() - Number(m[1]) * UNIT_MS[m[2].toLowerCase()]);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text.trim())) return null;
  const t = Date.parse(text.trim());
  return Number.isNaN(t) ? null : new Date(t);
}
