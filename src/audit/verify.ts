/*!
 * `shellgate log verify`: walks every log file in chain order and checks each entry's hash, the
 * `prev` link to the entry before it (across rotations), the sequence numbers, and the anchor
 * (verify-anchor.ts: where the log must start, the entries it recorded, how far the log reached),
 * which catches cuts at either end, a vanished log and a re-hashed chain. Stops at the first
 * broken entry. Tolerated, and reported as notes: a torn line left by a writer killed mid-write (it
 * starts like an entry and the next entry says `tornBefore`, or it is the last line), and entries
 * newer than the anchor (it advances in batches).
 * The anchor is read before the files, so it never records more than the files read after it hold.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { entryHash, GENESIS_HASH } from './chain.js';
import { isEntry, LINE_PREFIX, SCHEMA_VERSION, type AuditEntry } from './entry.js';
import { readAnchor, type AnchorState } from './anchor.js';
import { closeLog, lockPath, logFiles, openLog, type OpenLog } from './files.js';
import { withLock } from '../util/lock.js';
import { anchorEndProblem, anchorEntryProblem } from './verify-anchor.js';

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
  firstHash: string | null;
  lastSeq: number | null;
  lastHash: string | null;
  /** The first broken entry; null when the chain verifies. */
  broken: VerifyFinding | null;
  /** Tolerated irregularities (torn writes, entries not yet anchored, pruning). */
  notes: VerifyFinding[];
  /** The anchor as read (start and newest anchored entry); null when missing or unreadable. */
  anchor: { startSeq: number; seq: number; hash: string } | null;
}

interface Where {
  file: string;
  line: number;
}

interface State {
  report: VerifyReport;
  anchor: AnchorState;
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
    if (st.anchor.state !== 'ok' && (e.seq !== 1 || e.prev !== GENESIS_HASH))
      st.report.notes.push({ ...where, seq: e.seq, message: `the log begins at entry #${e.seq}: earlier entries are not present` });
    st.report.firstSeq = e.seq;
    st.report.firstHash = e.hash;
  } else {
    const problem = linkProblem(st, e);
    if (problem) return fail(st, where, e.seq, problem);
  }
  const anchored = anchorEntryProblem(st.anchor, e, !st.prev);
  if (anchored) return fail(st, where, e.seq, anchored);
  st.prev = { ...where, seq: e.seq, hash: e.hash };
  st.report.entries++;
  return true;
}

function walkFile(st: State, path: string, fd: number): boolean {
  const file = basename(path);
  const lines = readFileSync(fd, 'utf8').split('\n');
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

function checkEnd(st: State): void {
  const { report, prev } = st;
  const where = prev ? { file: prev.file, line: prev.line } : { file: report.files.at(-1) ?? '(none)', line: 1 };
  const end = anchorEndProblem(st.anchor, { last: prev, entries: report.entries });
  if ('fail' in end) {
    fail(st, prev && st.anchor.state === 'ok' ? { ...where, line: where.line + 1 } : where, st.anchor.state === 'ok' ? st.anchor.anchor.seq : null, end.fail);
    return;
  }
  for (const message of end.notes) report.notes.push({ ...where, seq: prev?.seq ?? null, message });
}

/** How `verifyLog` checks. */
export interface VerifyOptions {
  /** Check the chain alone, as if there were no anchor (for `shellgate log anchor --reset`). */
  chainOnly?: boolean;
}

function walk(dir: string, opts: VerifyOptions): VerifyReport {
  const anchor: AnchorState = opts.chainOnly ? { state: 'missing' } : readAnchor(dir);
  const log = openLog(dir);
  try {
    return walkOpen(log, anchor, opts);
  } finally {
    closeLog(log);
  }
}

function walkOpen({ paths, fds }: OpenLog, anchor: AnchorState, opts: VerifyOptions): VerifyReport {
  const report: VerifyReport = {
    ok: false,
    entries: 0,
    files: paths.map((p) => basename(p)),
    firstSeq: null,
    firstHash: null,
    lastSeq: null,
    lastHash: null,
    broken: null,
    notes: [],
    anchor: null,
  };
  if (anchor.state === 'ok') report.anchor = { startSeq: anchor.anchor.start.seq, seq: anchor.anchor.seq, hash: anchor.anchor.hash };
  const st: State = { report, anchor, prev: null, pending: [] };
  let intact = true;
  for (const [i, p] of paths.entries()) if (intact) intact = walkFile(st, p, fds[i]);
  if (intact) {
    for (const p of st.pending) report.notes.push({ ...p, message: `${p.message}: the last line is torn; every entry before it is intact` });
    if (!opts.chainOnly) checkEnd(st);
  }
  report.lastSeq = st.prev?.seq ?? null;
  report.lastHash = st.prev?.hash ?? null;
  report.ok = report.broken === null;
  return report;
}

/** What the walk depends on besides the files' content: their names and the anchor. */
function snapshot(dir: string, opts: VerifyOptions): string {
  const st: AnchorState = opts.chainOnly ? { state: 'missing' } : readAnchor(dir);
  const anchor = st.state === 'ok' ? JSON.stringify(st.anchor) : st.state;
  return `${logFiles(dir)
    .map((p) => basename(p))
    .join('/')}|${anchor}`;
}

/** Waits until no writer is inside its critical section (nothing when the lock cannot be made). */
function writersBarrier(dir: string): void {
  try {
    withLock(lockPath(dir), () => undefined, { timeoutMs: 1000 });
  } catch {
    /* a read-only copy, or a stuck writer: verify what is there */
  }
}

/**
 * Verifies the whole chain in `dir` against its anchor. Lock-free; but a break seen while a writer
 * wrote the anchor of a new log (or prune moved its start) could be ours, not the log's: then,
 * after letting the writer finish, it reads everything again.
 */
export function verifyLog(dir: string, opts: VerifyOptions = {}): VerifyReport {
  for (let attempt = 1; ; attempt++) {
    const before = snapshot(dir, opts);
    const report = walk(dir, opts);
    if (!report.broken || attempt >= 3) return report;
    writersBarrier(dir);
    if (snapshot(dir, opts) === before) return report;
  }
}
