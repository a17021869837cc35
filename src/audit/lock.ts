/*!
 * Cross-process lock around "read the last hash, append one line". Node has no flock, so the lock
 * is a file created with O_EXCL holding `pid host nonce`. A lock is stale when its owner is gone
 * (same host and `kill(pid, 0)` says ESRCH) or when it is older than `staleMs` (an owner that is
 * stopped or on another host). Breaking a stale lock goes through a second O_EXCL "breaker" file
 * so that two waiters that both saw the same stale lock cannot remove a fresh lock taken between
 * their check and their unlink: the breaker re-reads the lock and removes it only if unchanged.
 * Synchronous on purpose: the audit write sits on the path of every command.
 */
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';

/** How long to wait, and when a lock counts as abandoned. */
export interface LockOptions {
  /** Give up after waiting this long. @default 3000 */
  timeoutMs?: number;
  /** A lock held longer than this is broken even if its owner looks alive. @default 10000 */
  staleMs?: number;
}

const SLEEP = new Int32Array(new SharedArrayBuffer(4));
const HOST = hostname();

/** Blocks the thread for `ms` milliseconds without spinning. */
function sleepSync(ms: number): void {
  Atomics.wait(SLEEP, 0, 0, ms);
}

/** Creates `path` exclusively with `content`; false when it already exists. */
function tryCreate(path: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function ownerGone(content: string): boolean {
  const [pid, host] = content.split(' ');
  const n = Number(pid);
  if (host !== HOST || !Number.isInteger(n) || n <= 0) return false;
  try {
    process.kill(n, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** Is the lock stale? An empty lock (owner died between create and write) counts after 1 s. */
function isStale(path: string, content: string, staleMs: number): boolean {
  if (content === '') return ageMs(path) > 1000;
  return ownerGone(content) || ageMs(path) > staleMs;
}

/** Removes `path` if it still holds `seen`, serialised through a breaker file; true if removed. */
function breakLock(path: string, seen: string, staleMs: number): boolean {
  const breaker = `${path}.break`;
  if (!tryCreate(breaker, `${process.pid} ${HOST}`)) {
    const owner = readOrNull(breaker);
    if (owner !== null && isStale(breaker, owner, Math.min(staleMs, 2000))) unlinkQuiet(breaker);
    return false;
  }
  try {
    if (readOrNull(path) !== seen) return false;
    unlinkQuiet(path);
    return true;
  } finally {
    unlinkQuiet(breaker);
  }
}

function unlinkQuiet(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* already gone */
  }
}

/** Runs `fn` while holding the lock file `path`; throws when the lock cannot be had in time. */
export function withLock<T>(path: string, fn: () => T, opts: LockOptions = {}): T {
  const timeoutMs = opts.timeoutMs ?? 3000;
  const staleMs = opts.staleMs ?? 10_000;
  const mine = `${process.pid} ${HOST} ${randomBytes(6).toString('hex')}`;
  const deadline = Date.now() + timeoutMs;
  for (let delay = 0.1; !tryCreate(path, mine); delay = Math.min(delay * 2, 2)) {
    const seen = readOrNull(path);
    if (seen !== null && isStale(path, seen, staleMs) && breakLock(path, seen, staleMs)) continue;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for the lock ${path}`);
    sleepSync(delay * (0.5 + Math.random()));
  }
  try {
    return fn();
  } finally {
    if (readOrNull(path) === mine) unlinkQuiet(path);
  }
}
