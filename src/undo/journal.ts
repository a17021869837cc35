/*!
 * The journal of a project's store: one JSON line when an agent command (or an undo) starts, with
 * the snapshot taken before it, and one when it ended, with the snapshot after it and its effect.
 * Read back as records, oldest first. Each snapshot tree is also named by a ref
 * (`refs/undo/<seq>-b`, `-a`) so that git's garbage collection keeps exactly the live ones.
 */
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Store } from './git-store.js';

/** What a command did to the project, as recorded (and logged in the audit entry). */
export interface Effect {
  added: number;
  modified: number;
  deleted: number;
  /** The first changed paths, each prefixed with its status letter (`D src/a.ts`). */
  paths: string[];
  /** Deleted or reverted files whose content was not in the user's last commit (first paths). */
  lost: string[];
  lostCount: number;
  /** Paths the snapshots left out (too big, not a file, nested repository), first few. */
  leftOut?: string[];
}

export interface Begin {
  seq: number;
  kind: 'command' | 'undo';
  time: string;
  line: string;
  cwd: string;
  before: string | null;
  /** For an undo: the record it went back before. */
  target?: number;
  error?: string;
}

export interface End {
  seq: number;
  end: true;
  time: string;
  after: string | null;
  effect?: Effect;
  exitStatus?: number | null;
  error?: string;
}

/** One command or undo, folded from its lines. `after` is undefined when it never ended. */
export interface JournalRecord extends Begin {
  after?: string | null;
  endTime?: string;
  effect?: Effect;
  exitStatus?: number | null;
  endError?: string;
}

function journalPath(store: Store): string {
  return join(store.dir, 'journal.jsonl');
}

/** All records, oldest first. Lines that do not parse are skipped. */
export function readJournal(store: Store): JournalRecord[] {
  const path = journalPath(store);
  if (!existsSync(path)) return [];
  const bySeq = new Map<number, JournalRecord>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line) continue;
    let v: (Begin | End) & { end?: true };
    try {
      v = JSON.parse(line);
    } catch {
      continue;
    }
    if (!Number.isInteger(v.seq)) continue;
    if (v.end) {
      const r = bySeq.get(v.seq);
      const e = v as End;
      if (r) Object.assign(r, { after: e.after, endTime: e.time, effect: e.effect, exitStatus: e.exitStatus, endError: e.error });
    } else bySeq.set(v.seq, { ...(v as Begin) });
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** Width of the `seq` file: a number padded with spaces, so that it is rewritten in place. */
const SEQ_WIDTH = 20;

/**
 * The next sequence number (caller holds the lock). The `seq` file is overwritten in place, never
 * truncated: on ext4 a truncated and rewritten file is flushed to the disk on close (auto_da_alloc),
 * which cost ≈1 ms on every command.
 */
export function nextSeq(store: Store): number {
  const seqPath = join(store.dir, 'seq');
  let fd: number;
  try {
    fd = openSync(seqPath, 'r+');
  } catch {
    fd = openSync(seqPath, 'wx+', 0o600); // first
  }
  try {
    const buf = Buffer.alloc(SEQ_WIDTH);
    const last = Number(buf.toString('latin1', 0, readSync(fd, buf, 0, SEQ_WIDTH, 0)).trim()) || 0;
    const text = Buffer.from(String(last + 1).padEnd(SEQ_WIDTH), 'latin1');
    if (writeSync(fd, text, 0, text.length, 0) !== text.length) throw new Error(`cannot write ${seqPath}`);
    return last + 1;
  } finally {
    closeSync(fd);
  }
}

function refPath(store: Store, seq: number, which: 'b' | 'a'): string {
  return join(store.gitDir, 'refs', 'undo', `${seq}-${which}`);
}

function pin(store: Store, seq: number, which: 'b' | 'a', tree: string | null): void {
  if (!tree) return;
  const p = refPath(store, seq, which);
  mkdirSync(dirname(p), { recursive: true, mode: 0o700 });
  writeFileSync(p, tree + '\n');
}

/** Appends the start of a record (and pins its snapshot). */
export function appendBegin(store: Store, b: Begin): void {
  pin(store, b.seq, 'b', b.before);
  appendFileSync(journalPath(store), JSON.stringify(b) + '\n', { mode: 0o600 });
}

/** Appends the end of a record (and pins its snapshot). */
export function appendEnd(store: Store, e: End): void {
  pin(store, e.seq, 'a', e.after);
  appendFileSync(journalPath(store), JSON.stringify(e) + '\n', { mode: 0o600 });
}

/** Rewrites the journal with `keep` only and unpins the snapshots of the others (caller holds the lock). */
export function rewriteJournal(store: Store, keep: JournalRecord[], dropped: JournalRecord[]): void {
  const lines: string[] = [];
  for (const r of keep) {
    const { after, endTime, effect, exitStatus, endError, ...begin } = r;
    lines.push(JSON.stringify(begin));
    if (after !== undefined) lines.push(JSON.stringify({ seq: r.seq, end: true, time: endTime, after, effect, exitStatus, error: endError }));
  }
  const tmp = journalPath(store) + '.tmp';
  writeFileSync(tmp, lines.map((l) => l + '\n').join(''), { mode: 0o600 });
  renameSync(tmp, journalPath(store));
  for (const r of dropped) for (const w of ['b', 'a'] as const) rmSync(refPath(store, r.seq, w), { force: true });
}
