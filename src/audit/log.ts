/*!
 * Audit log API: every command line that passes through shellgate is appended to a hash-chained
 * JSONL file in the state directory. Synchronous and never throwing: callers on the hot path get
 * `{ ok: false, error }` when the log cannot be written and then deny confirm-needing commands.
 *
 * One append = redact and build the entry (no lock), then under the lock: read the newest entry
 * (its seq and hash), terminate a torn last line if a writer died mid-write, rotate by size, and
 * write the sealed entry with a single write of one `\n`-terminated line, fdatasync'ed unless
 * `SHELLGATE_LOG_FSYNC=0`. The head record is updated last.
 */
import { accessSync, closeSync, constants, fdatasyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { GENESIS_HASH, seal } from './chain.js';
import { assemble, entryBody, type AuditEntry, type EntryBody } from './entry.js';
import { auditDir, currentPath, lockPath } from './files.js';
import { writeHead } from './head.js';
import { withLock } from './lock.js';
import { lastRotatedEntry, maxBytes, rotate } from './rotate.js';
import { readTail } from './tail.js';
import type { AuditEventInput, AuditResult } from './types.js';

export type { AuditActor, AuditApproval, AuditEventInput, AuditResult } from './types.js';
export type { AuditEntry } from './entry.js';

/** Options of `appendAuditEvent`; every one has a default suitable for production. */
export interface AuditOptions {
  /** Directory of the audit files. @default `<state dir>/audit` */
  dir?: string;
  /** Rotate the current file once it reaches this size. @default `SHELLGATE_LOG_MAX_BYTES` or 10 MiB */
  maxBytes?: number;
  /** fdatasync each entry. @default true unless `SHELLGATE_LOG_FSYNC=0` */
  fsync?: boolean;
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

/** The critical section: link to the newest entry, rotate if due, write one line. */
function appendLocked(dir: string, body: EntryBody, opts: AuditOptions): AuditEntry {
  const path = currentPath(dir);
  const tail = readTail(path);
  const last = tail.last ?? lastRotatedEntry(dir);
  const now = new Date();
  let prefix = tail.torn ? '\n' : '';
  let fd = openSync(path, 'a', 0o600);
  try {
    if (tail.size >= maxBytes(opts.maxBytes)) {
      if (prefix) writeAll(fd, Buffer.from(prefix));
      prefix = '';
      closeSync(fd);
      fd = -1;
      rotate(dir, now);
      fd = openSync(path, 'a', 0o600);
    }
    const entry = seal(assemble(body, (last?.seq ?? 0) + 1, last?.hash ?? GENESIS_HASH, now, tail.skipped > 0));
    writeAll(fd, Buffer.from(`${prefix}${JSON.stringify(entry)}\n`));
    if (opts.fsync ?? process.env.SHELLGATE_LOG_FSYNC !== '0') fdatasyncSync(fd);
    return entry as AuditEntry;
  } finally {
    if (fd >= 0) closeSync(fd);
  }
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
    withLock(
      lockPath(dir),
      () => {
        const e = appendLocked(dir, body, opts);
        writeHead(dir, { seq: e.seq, hash: e.hash });
      },
      { timeoutMs: opts.lockTimeoutMs },
    );
    return { ok: true };
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
