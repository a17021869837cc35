/*!
 * The one cross-process lock (the audit log, the approval queue, the vault's index, the undo
 * store). Node has no flock, so the lock is a file created with O_EXCL holding `pid host nonce`. A lock is stale when its owner is gone
 * (same host and `kill(pid, 0)` says ESRCH) or when it is older than `staleMs` (an owner that is
 * stopped or on another host). Breaking a stale lock goes through a second O_EXCL "breaker" file
 * so that two waiters that both saw the same stale lock cannot remove a fresh lock taken between
 * their check and their unlink: the breaker re-reads the lock and removes it only if unchanged.
 * Synchronous on purpose: the audit write and the approval queue sit on the path of every command.
 * A lock that cannot be had in time throws: callers fail closed. A directory in the lock's place
 * is the lock of an older shellgate (it used `mkdir`): it counts as held, and is broken once it
 * is older than `staleMs`.
 */
import { closeSync, openSync, readFileSync, rmdirSync, statSync, unlinkSync, writeSync } from 'node:fs';
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

/** An older shellgate's `mkdir` lock left behind: removed (when still empty) once stale. */
function isOldDirectoryLock(path: string, staleMs: number): boolean {
  try {
    if (!statSync(path).isDirectory() || ageMs(path) <= staleMs) return false;
    rmdirSync(path);
    return true;
  } catch {
    return false;
  }
}

function unlinkQuiet(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* already gone */
  }
}

/** One attempt: true when the lock is now ours (a stale one is broken on the way). */
function tryTake(path: string, mine: string, staleMs: number): boolean {
  for (let i = 0; i < 3; i++) {
    if (tryCreate(path, mine)) return true;
    const seen = readOrNull(path);
    const broken = seen !== null ? isStale(path, seen, staleMs) && breakLock(path, seen, staleMs) : isOldDirectoryLock(path, staleMs);
    if (!broken) return false;
  }
  return false;
}

function release(path: string, mine: string): void {
  if (readOrNull(path) === mine) unlinkQuiet(path);
}

/** The lock was held by another for longer than the caller would wait. */
export class LockTimedOut extends Error {}

function timedOut(path: string, timeoutMs: number): Error {
  return new LockTimedOut(`timed out after ${timeoutMs} ms waiting for the lock ${path}`);
}

/** Runs `fn` while holding the lock file `path`; throws when the lock cannot be had in time. */
export function withLock<T>(path: string, fn: () => T, opts: LockOptions = {}): T {
  const timeoutMs = opts.timeoutMs ?? 3000;
  const staleMs = opts.staleMs ?? 10_000;
  const mine = `${process.pid} ${HOST} ${randomBytes(6).toString('hex')}`;
  const deadline = Date.now() + timeoutMs;
  for (let delay = 0.1; !tryTake(path, mine, staleMs); delay = Math.min(delay * 2, 2)) {
    if (Date.now() > deadline) throw timedOut(path, timeoutMs);
    sleepSync(delay * (0.5 + Math.random()));
  }
  try {
    return fn();
  } finally {
    release(path, mine);
  }
}

/** withLock for work that awaits while holding the lock (waits without blocking the event loop). */
export async function withLockAsync<T>(path: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 3000;
  const staleMs = opts.staleMs ?? 10_000;
  const mine = `${process.pid} ${HOST} ${randomBytes(6).toString('hex')}`;
  const deadline = Date.now() + timeoutMs;
  for (let delay = 1; !tryTake(path, mine, staleMs); delay = Math.min(delay * 2, 20)) {
    if (Date.now() >= deadline) throw timedOut(path, timeoutMs); // timeoutMs 0: one attempt
    await new Promise((r) => setTimeout(r, delay));
  }
  try {
    return await fn();
  } finally {
    release(path, mine);
  }
}
