/*!
 * Audit log API: every command line that passes through shellgate is appended to a hash-chained
 * JSONL file in the state directory. Synchronous and never throwing: callers on the hot path get
 * `{ ok: false, error }` when the log cannot be written and then deny confirm-needing commands.
 *
 * One append = redact and build the entry (no lock), then under the lock: read the newest entry
 * from the log's last line (its seq and hash: the head is recovered from the log, never kept in a
 * second file), terminate a torn last line if a writer died mid-write, rotate by size, and write
 * the sealed entry with a single write of one `\n`-terminated line. The line is in the file before
 * the append returns; fdatasync and the anchor follow in batches (sync.ts); with
 * `SHELLGATE_LOG_FSYNC=always` the fdatasync is done inside the append. The very first entry of a
 * log creates the anchor at once.
 */
import { accessSync, closeSync, constants, fdatasyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { genesisAnchor, readAnchor, writeAnchor } from './anchor.js';
import { GENESIS_HASH, seal } from './chain.js';
import { assemble, entryBody, type AuditEntry, type EntryBody } from './entry.js';
import { auditDir, currentPath, lockPath } from './files.js';
import { withLock } from '../util/lock.js';
import { lastRotatedEntry, maxBytes, rotate } from './rotate.js';
import { durabilityOf, enqueue, syncDir, takeSyncError, type Durability } from './sync.js';
import { readTail } from './tail.js';
import type { AuditEventInput, AuditResult } from './types.js';

export type { AuditActor, AuditApproval, AuditEventInput, AuditResult } from './types.js';
export type { AuditEntry } from './entry.js';
export { flushAuditLog, SYNC_WINDOW_MS, type Durability } from './sync.js';

/** Options of `appendAuditEvent`; every one has a default suitable for production. */
export interface AuditOptions {
  /** Directory of the audit files. @default `<state dir>/audit` */
  dir?: string;
  /** Rotate the current file once it reaches this size. @default `SHELLGATE_LOG_MAX_BYTES` or 10 MiB */
  maxBytes?: number;
  /**
   * `batch`: fdatasync and anchor within SYNC_WINDOW_MS (or at exit); `always`: fdatasync before
   * the append returns, anchor as in batch; `off` (or `false`): never fdatasync. `true` = `always`.
   * @default `SHELLGATE_LOG_FSYNC` (`0`/`off`, `always`), else `batch`
   */
  fsync?: Durability | boolean;
  /** The batch window in ms (tests). @default SYNC_WINDOW_MS */
  syncWindowMs?: number;
  /** Give up waiting for another writer after this long. @default 3000 */
  lockTimeoutMs?: number;
}

function writeAll(fd: number, data: Buffer): void {
  for (let off = 0; off < data.length; ) off += writeSync(fd, data, off, data.length - off);
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e === 'object' && e.code === 'ENOSPC') return `no space left on device (${e.path ?? 'audit log'})`;
  if (e && typeof e === 'object' && (e.code === 'EACCES' || e.code === 'EPERM')) return `permission denied: ${e.path ?? 'audit log'}`;
  if (e && typeof e === 'object' && e.code === 'EROFS') return `read-only file system: ${e.path ?? 'audit log'}`;
  return err instanceof Error ? err.message : String(err);
}

/** What the critical section wrote: the entry, and the still open descriptor of its file. */
interface Written {
  entry: AuditEntry;
  fd: number;
  /** The file was created or renamed: the directory needs an fsync too. */
  dirDirty: boolean;
}

/** The critical section: link to the newest entry, rotate if due, write one line. */
function appendLocked(dir: string, body: EntryBody, opts: AuditOptions): Written {
  const path = currentPath(dir);
  const tail = readTail(path);
  const last = tail.last ?? lastRotatedEntry(dir);
  const now = new Date();
  let prefix = tail.torn ? '\n' : '';
  let dirDirty = tail.size === 0;
  let fd = openSync(path, 'a', 0o600);
  try {
    if (tail.size >= maxBytes(opts.maxBytes)) {
      if (prefix) writeAll(fd, Buffer.from(prefix));
      prefix = '';
      closeSync(fd);
      fd = -1;
      rotate(dir, now);
      dirDirty = true;
      fd = openSync(path, 'a', 0o600);
    }
    const entry = seal(assemble(body, (last?.seq ?? 0) + 1, last?.hash ?? GENESIS_HASH, now, tail.skipped > 0)) as AuditEntry;
    writeAll(fd, Buffer.from(`${prefix}${JSON.stringify(entry)}\n`));
    return { entry, fd, dirDirty };
  } catch (err) {
    if (fd >= 0) closeSync(fd);
    throw err;
  }
}

/** Still under the lock: the first entry ever creates the anchor; `always` syncs the entry now. */
function settleLocked(dir: string, w: Written, mode: Durability): void {
  const { entry } = w;
  const genesis = entry.seq === 1 && entry.prev === GENESIS_HASH && readAnchor(dir).state === 'missing';
  if (mode === 'always' || (genesis && mode !== 'off')) {
    fdatasyncSync(w.fd);
    if (w.dirDirty) syncDir(dir);
  }
  if (genesis) writeAnchor(dir, genesisAnchor(entry, new Date()));
}

/**
 * Appends one event to the audit log. Never throws: returns `{ ok: false, error }` when the
 * entry could not be written (disk full, permissions, lock timeout), with a message for the user.
 */
export function appendAuditEvent(event: AuditEventInput, opts: AuditOptions = {}): AuditResult {
  try {
    const dir = auditDir(opts);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const body = entryBody(event);
    const mode = durabilityOf(opts.fsync);
    const w = withLock(
      lockPath(dir),
      () => {
        const written = appendLocked(dir, body, opts);
        try {
          settleLocked(dir, written, mode);
        } catch (err) {
          closeSync(written.fd);
          throw err;
        }
        return written;
      },
      { timeoutMs: opts.lockTimeoutMs },
    );
    // The anchor follows in the batch in every mode; the data too unless `always` synced it already.
    enqueue(dir, w.fd, w.entry, { dataSync: mode === 'batch', dirDirty: mode === 'batch' && w.dirDirty, windowMs: opts.syncWindowMs });
    const failed = takeSyncError();
    return failed ? { ok: false, error: `cannot write the audit log: ${failed}` } : { ok: true };
  } catch (err) {
    return { ok: false, error: `cannot write the audit log: ${describe(err)}` };
  }
}

/**
 * Cheap check, without writing an entry, that the audit log looks writable (directory can be
 * created, directory and current file are writable). A prompt can call it before asking.
 */
export function checkAuditWritable(opts: { dir?: string } = {}): AuditResult {
  try {
    const dir = auditDir(opts);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    accessSync(dir, constants.W_OK);
    try {
      accessSync(currentPath(dir), constants.W_OK);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    return { ok: true };
  } catch (err) {
    return { ok: false, error: `cannot write the audit log: ${describe(err)}` };
  }
}
