/*!
 * The anchor: a small record, kept next to the log in the state directory (which agents' contained
 * commands cannot see), of where the chain must start and how far it reached. The chain alone shows
 * edits in the middle; the anchor is what makes cuts at either end, a vanished log and a rewritten
 * and re-hashed chain visible:
 *   genesis      hash of entry #1, written when the first entry ever is written
 *   start        seq and hash of the first entry the log must still contain (#1 until `log prune`)
 *   seq, hash    the newest entry known to be written (advanced in batches, see sync.ts)
 * The anchor only moves forward, and only along the chain it already records: before advancing,
 * the writer checks that the log still holds the anchored entry with the anchored hash. When it
 * does not (the log was cut or rewritten), the anchor is left as it is, so the evidence stays.
 * It is replaced atomically (temp file, fsync, rename), always under the log's lock.
 */
import { closeSync, constants, fstatSync, fsync, fsyncSync, lstatSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { isHash } from './chain.js';
import { LINE_PREFIX, parseEntry, type AuditEntry } from './entry.js';
import { anchorPath, logFiles } from './files.js';
import { linesBackward, withReadFd } from './tail.js';

/** A point in the chain: an entry's seq and hash. */
export interface ChainPoint {
  seq: number;
  hash: string;
}

/** The stored anchor (`audit.anchor`). */
export interface Anchor {
  v: 1;
  /** Hash of entry #1; null when the anchor was reset on a log that no longer holds #1. */
  genesis: string | null;
  /** The first entry the log must contain. */
  start: ChainPoint;
  /** The newest anchored entry. */
  seq: number;
  hash: string;
  /** When the anchor was last written (ISO 8601). */
  time: string;
  /** Set by `shellgate log prune`: older entries were removed on purpose. */
  pruned?: { time: string; removedFiles: number };
  /** Set by `shellgate log anchor --reset`: the anchor was re-made from the log as it was. */
  reset?: { time: string; reason: string };
}

/** What `readAnchor` found. */
export type AnchorState = { state: 'ok'; anchor: Anchor } | { state: 'missing' } | { state: 'corrupt'; error: string };

function isPoint(v: unknown): v is ChainPoint {
  const p = v as ChainPoint;
  return typeof p === 'object' && p !== null && Number.isInteger(p.seq) && p.seq > 0 && isHash(p.hash);
}

function isAnchor(v: unknown): v is Anchor {
  const a = v as Anchor;
  return (
    typeof a === 'object' && a !== null && a.v === 1 && (a.genesis === null || isHash(a.genesis)) && isPoint(a.start) && isPoint(a) && a.seq >= a.start.seq
  );
}

/** Reads the anchor of the log in `dir`. */
export function readAnchor(dir: string): AnchorState {
  let text: string;
  try {
    text = readFileSync(anchorPath(dir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing' };
    return { state: 'corrupt', error: (err as Error).message };
  }
  try {
    const value: unknown = JSON.parse(text);
    if (isAnchor(value)) return { state: 'ok', anchor: value };
  } catch {
    /* reported below */
  }
  return { state: 'corrupt', error: 'not a valid anchor record' };
}

/** A temporary anchor file as this process wrote it: its descriptor, names, bytes and identity. */
interface Temp {
  fd: number;
  tmp: string;
  path: string;
  text: string;
  dev: number;
  ino: number;
}

const TEMP_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/**
 * Writes `anchor` to a temporary file next to the anchor's (`tag`: one per write in flight); its
 * descriptor is left open for the fsync. The name is predictable: created anew, never opened
 * through a link planted there (the write would go to the file it names) nor into a file left
 * there (removed first: a leftover of a process that died, or planted).
 */
function writeTemp(dir: string, anchor: Anchor, tag = ''): Temp {
  const path = anchorPath(dir);
  const tmp = `${path}.${process.pid}${tag}.tmp`;
  let fd: number;
  try {
    fd = openSync(tmp, TEMP_FLAGS, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    unlinkSync(tmp);
    fd = openSync(tmp, TEMP_FLAGS, 0o600);
  }
  const text = `${JSON.stringify(anchor)}\n`;
  try {
    writeSync(fd, text);
    const st = fstatSync(fd);
    return { fd, tmp, path, text, dev: st.dev, ino: st.ino };
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

/** True when `t.tmp` is still the file this process wrote, with its bytes (nothing put in its place or written into it). */
function intact(t: Temp): boolean {
  try {
    const st = lstatSync(t.tmp);
    return st.isFile() && st.dev === t.dev && st.ino === t.ino && st.nlink === 1 && readFileSync(t.tmp, 'utf8') === t.text;
  } catch {
    return false;
  }
}

/**
 * Puts the temporary file in the anchor's place when it is still the one written (removed when
 * that fails or it is not). A same-user process that ignores the lock can still swap it between
 * this check and the rename: it could as well write the anchor itself (the anchor guards against
 * cuts; containment keeps agents from its directory).
 */
function commit(t: Temp): boolean {
  const ok = intact(t);
  try {
    if (ok) renameSync(t.tmp, t.path);
  } catch (err) {
    unlinkQuiet(t.tmp);
    throw err;
  }
  if (!ok) unlinkQuiet(t.tmp);
  return ok;
}

/** Replaces the anchor atomically (temp file, fsync, rename). Call under the log's lock. */
export function writeAnchor(dir: string, anchor: Anchor): void {
  const t = writeTemp(dir, anchor);
  try {
    fsyncSync(t.fd);
  } finally {
    closeSync(t.fd);
  }
  if (!commit(t)) throw new Error(`the anchor's temporary file ${t.tmp} was replaced or changed before it was put in place`);
}

/** The anchor for a log whose first entry ever is `first` (seq 1). */
export function genesisAnchor(first: ChainPoint, now: Date): Anchor {
  return { v: 1, genesis: first.hash, start: { seq: first.seq, hash: first.hash }, seq: first.seq, hash: first.hash, time: now.toISOString() };
}

/** The seq a written line declares in its fixed prefix (`{"v":1,"seq":N,`), without parsing it. */
function declaredSeq(line: string): number | null {
  if (!line.startsWith(LINE_PREFIX)) return null;
  const end = line.indexOf(',', LINE_PREFIX.length);
  const n = Number(line.slice(LINE_PREFIX.length, end));
  return end > 0 && Number.isInteger(n) ? n : null;
}

/**
 * The entry with sequence number `seq`, searched from the newest line back (only that line is
 * parsed); null when absent. Cost grows with the distance from the end, which for the anchor is
 * the number of entries written since it last advanced.
 */
export function entryAt(dir: string, seq: number): AuditEntry | null {
  for (const file of logFiles(dir).reverse()) {
    const found = withReadFd(file, (fd, size) => {
      for (const line of linesBackward(fd, size)) {
        const n = declaredSeq(line);
        if (n === null || n > seq) continue;
        return n === seq ? (parseEntry(line) ?? 'stop') : 'stop';
      }
      return null;
    });
    if (found === 'stop') return null;
    if (found) return found;
  }
  return null;
}

/**
 * Anchors (by dir) this process found no longer matching the log: not searched again while the
 * anchor stays the same, so that a tampered log does not make every later flush read it all.
 */
const keptEvidence = new Map<string, string>();

/** Outcome of `advanceAnchor`. */
export type AdvanceResult = 'advanced' | 'behind' | 'no-anchor' | 'kept-evidence';

/**
 * Moves the anchor forward to `target` (an entry this process wrote). Call under the log's lock.
 * Never creates a missing anchor (that would bless whatever the log now holds) and never moves it
 * when the log no longer holds the anchored entry as recorded.
 */
export function advanceAnchor(dir: string, target: ChainPoint, now: Date = new Date()): AdvanceResult {
  const next = advanced(dir, target, now);
  if (next.anchor) writeAnchor(dir, next.anchor);
  return next.result;
}

/** Temporary files of anchors being written in the background (removeAnchorTemps). */
const temps = new Set<string>();
let tempCount = 0;

/**
 * advanceAnchor with the slow part off the event loop and outside the log's lock: `locked` runs its
 * function under that lock (briefly, synchronously). Decided under it; the new anchor written to a
 * temporary file and fsync'ed on the thread pool, no lock held (so that no append, of this process
 * or another, waits for the disk); then, under the lock again, put in place if the anchor is still
 * the one it was decided from, else decided and written again there.
 */
export async function advanceAnchorAsync(dir: string, target: ChainPoint, locked: <T>(fn: () => T) => T, now: Date = new Date()): Promise<AdvanceResult> {
  const first = locked(() => ({ seen: readAnchor(dir), next: advanced(dir, target, now) }));
  if (!first.next.anchor || first.seen.state !== 'ok') return first.next.result;
  const from = first.seen.anchor;
  const t = writeTemp(dir, first.next.anchor, `.${++tempCount}`);
  temps.add(t.tmp);
  try {
    await new Promise<void>((done, fail) => fsync(t.fd, (err) => (err ? fail(err) : done())));
  } catch (err) {
    temps.delete(t.tmp);
    closeSync(t.fd);
    unlinkQuiet(t.tmp);
    throw err;
  }
  closeSync(t.fd);
  temps.delete(t.tmp);
  return locked(() => {
    const now2 = readAnchor(dir);
    // Put in place if the anchor is still the one it was decided from and the file is still the one written;
    // else decided and written again, here (another writer or a prune moved it; something replaced the file).
    if (now2.state === 'ok' && now2.anchor.seq === from.seq && now2.anchor.hash === from.hash && now2.anchor.time === from.time && commit(t)) return 'advanced';
    unlinkQuiet(t.tmp);
    return advanceAnchor(dir, target, now);
  });
}

/** Removes the temporary files of background anchor writes that will not finish (the process exits). */
export function removeAnchorTemps(): void {
  for (const tmp of temps) unlinkQuiet(tmp);
  temps.clear();
}

function unlinkQuiet(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* gone */
  }
}

/** What advancing the anchor to `target` comes to, and the anchor to write when it moves. */
function advanced(dir: string, target: ChainPoint, now: Date): { result: AdvanceResult; anchor?: Anchor } {
  const current = readAnchor(dir);
  if (current.state !== 'ok') return { result: 'no-anchor' };
  const a = current.anchor;
  if (target.seq <= a.seq) return { result: 'behind' };
  const key = `${a.seq}:${a.hash}`;
  if (keptEvidence.get(dir) === key) return { result: 'kept-evidence' };
  const anchored = entryAt(dir, a.seq);
  if (!anchored || anchored.hash !== a.hash) {
    keptEvidence.set(dir, key);
    return { result: 'kept-evidence' };
  }
  return { result: 'advanced', anchor: { ...a, seq: target.seq, hash: target.hash, time: now.toISOString() } };
}
