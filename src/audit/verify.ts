/*!
 * `shellgate log verify`: walks every log file in chain order and checks each entry's hash, the
 * `prev` link to the entry before it (across rotations), the sequence numbers, and finally the
 * head record (which catches entries cut from the end). Stops at the first broken entry.
 * Tolerated, and reported as notes: a torn line left by a writer killed mid-write (it starts
 * like an entry and the next entry says `tornBefore`, or it is the last line), and a chain that
 * begins after #1 because old rotated files were removed.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { entryHash, GENESIS_HASH } from './chain.js';
import { isEntry, LINE_PREFIX, SCHEMA_VERSION, type AuditEntry } from './entry.js';
import { logFiles } from './files.js';
import { readHead, type Head } from './head.js';

/** A place in the log and what is wrong (or worth knowing) there. */
export interface VerifyFinding {
  file: string;
  /** 1-based line number in `file`. */
  line: number;
  seq: number | null;
  message: string;
}

/** The result of `verifyLog`: `ok` unless `broken` is set. */
export interface VerifyReport {
  ok: boolean;
  entries: number;
  /** File names in chain order. */
  files: string[];
  firstSeq: number | null;
  lastSeq: number | null;
  lastHash: string | null;
  /** The first broken entry; null when the chain verifies. */
  broken: VerifyFinding | null;
  /** Tolerated irregularities (torn writes, chain start, head lag). */
  notes: VerifyFinding[];
}

interface Where {
  file: string;
  line: number;
}

interface State {
  report: VerifyReport;
  head: Head | null;
  prev: (Where & { seq: number; hash: string }) | null;
  pending: VerifyFinding[];
}

function isTornWrite(text: string): boolean {
  return text.length > 0 && (text.startsWith(LINE_PREFIX) || LINE_PREFIX.startsWith(text));
}

function fail(st: State, where: Where, seq: number | null, message: string): false {
  st.report.broken = { ...where, seq, message };
  return false;
}

function onInvalid(st: State, where: Where, text: string): boolean {
  if (!isTornWrite(text)) return fail(st, where, null, 'not a valid entry (edited or corrupted)');
  st.pending.push({ ...where, seq: null, message: `torn entry (write interrupted after ${Buffer.byteLength(text)} bytes)` });
  return true;
}

function linkProblem(st: State, e: AuditEntry): string | null {
  const prev = st.prev!;
  if (e.prev === prev.hash) return e.seq === prev.seq + 1 ? null : `sequence jumps from #${prev.seq} to #${e.seq}`;
  const missing = e.seq - prev.seq - 1;
  if (missing === 1) return `entry #${prev.seq + 1} is missing (deleted) between #${prev.seq} and this one`;
  if (missing > 1) return `entries #${prev.seq + 1}–#${e.seq - 1} are missing (deleted) before this one`;
  return `prev does not match the hash of the entry before it (#${prev.seq}, ${prev.file}:${prev.line}): that entry was modified, or entries were reordered`;
}

function onEntry(st: State, e: AuditEntry, where: Where): boolean {
  if (e.v !== SCHEMA_VERSION) return fail(st, where, e.seq, `unsupported schema version ${JSON.stringify(e.v)}`);
  if (entryHash(e as unknown as Record<string, unknown>) !== e.hash) return fail(st, where, e.seq, 'entry modified: its hash does not match its content');
  if (st.pending.length > 0) {
    if (!e.tornBefore) return fail(st, st.pending[0], null, 'not a valid entry (edited or corrupted)');
    st.report.notes.push(...st.pending.map((p) => ({ ...p, message: `${p.message}: skipped, the chain continues past it` })));
    st.pending = [];
  }
  if (!st.prev) {
    if (e.seq !== 1 || e.prev !== GENESIS_HASH) st.report.notes.push({ ...where, seq: e.seq, message: `the log begins at entry #${e.seq}: earlier entries are not present (old rotated files removed?)` });
    st.report.firstSeq = e.seq;
  } else {
    const problem = linkProblem(st, e);
    if (problem) return fail(st, where, e.seq, problem);
  }
  if (st.head && st.head.seq === e.seq && st.head.hash !== e.hash) return fail(st, where, e.seq, 'entry differs from the head record (modified and re-hashed?)');
  st.prev = { ...where, seq: e.seq, hash: e.hash };
  st.report.entries++;
  return true;
}

function walkFile(st: State, path: string): boolean {
  const file = basename(path);
  const lines = readFileSync(path, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i];
    const where = { file, line: i + 1 };
    if (i === lines.length - 1 && text === '') break;
    let value: unknown = null;
    try {
      value = JSON.parse(text);
    } catch {
      /* not JSON: torn or corrupted */
    }
    const ok = isEntry(value) ? onEntry(st, value, where) : onInvalid(st, where, text);
    if (!ok) return false;
  }
  return true;
}

function checkHead(st: State): void {
  const { report, head, prev } = st;
  if (!prev) {
    if (head) fail(st, { file: report.files.at(-1) ?? '(none)', line: 1 }, head.seq, `the log has no entries but the head record says #${head.seq} was written: entries were removed`);
    return;
  }
  if (!head) report.notes.push({ file: prev.file, line: prev.line, seq: prev.seq, message: 'no head record (audit.head): entries cut from the end could not be detected' });
  else if (head.seq > prev.seq) fail(st, { file: prev.file, line: prev.line + 1 }, head.seq, `the log ends at #${prev.seq} but the head record says #${head.seq} was written: entries were removed from the end`);
  else if (head.seq < prev.seq) report.notes.push({ file: prev.file, line: prev.line, seq: prev.seq, message: `the head record is behind (#${head.seq}): a writer stopped between its two writes` });
}

/** Verifies the whole chain in `dir`. */
export function verifyLog(dir: string): VerifyReport {
  const paths = logFiles(dir);
  const report: VerifyReport = { ok: false, entries: 0, files: paths.map((p) => basename(p)), firstSeq: null, lastSeq: null, lastHash: null, broken: null, notes: [] };
  const st: State = { report, head: readHead(dir), prev: null, pending: [] };
  let intact = true;
  for (const p of paths) if (intact) intact = walkFile(st, p);
  if (intact) {
    for (const p of st.pending) report.notes.push({ ...p, message: `${p.message}: the last line is torn; every entry before it is intact` });
    checkHead(st);
  }
  report.lastSeq = st.prev?.seq ?? null;
  report.lastHash = st.prev?.hash ?? null;
  report.ok = report.broken === null;
  return report;
}
