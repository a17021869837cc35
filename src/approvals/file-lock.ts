/*!
 * A small synchronous cross-process lock: `mkdir` is atomic, so whoever creates the lock directory
 * holds the lock. Synchronous on purpose: the approval queue is used on the start-up path of
 * `shellgate-sh` and the hooks, where an event loop round trip buys nothing.
 * A lock left behind by a crashed process is broken once it is older than `staleMs`.
 */
import { mkdirSync, rmSync, statSync } from 'node:fs';

const SLEEP = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the thread for `ms` milliseconds without spinning. */
function sleepSync(ms: number): void {
  Atomics.wait(SLEEP, 0, 0, ms);
}

/** Waiting and staleness limits of withFileLock. */
export interface LockOptions {
  /** Give up (throw) after waiting this long. @default 5000 */
  timeoutMs?: number;
  /** A lock older than this is considered abandoned and removed. @default 10000 */
  staleMs?: number;
}

/** Runs `fn` while holding the lock directory `lockPath`; always releases it. */
export function withFileLock<T>(lockPath: string, fn: () => T, opts: LockOptions = {}): T {
  const timeoutMs = opts.timeoutMs ?? 5000;
  const staleMs = opts.staleMs ?? 10_000;
  const deadline = Date.now() + timeoutMs;
  for (let delay = 2; ; delay = Math.min(delay * 2, 50)) {
    try {
      mkdirSync(lockPath, { mode: 0o700 });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (isStale(lockPath, staleMs)) {
        rmSync(lockPath, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for the lock ${lockPath}`);
      sleepSync(delay);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lockPath, { recursive: true, force: true });
  }
}

function isStale(lockPath: string, staleMs: number): boolean {
  try {
    return Date.now() - statSync(lockPath).mtimeMs > staleMs;
  } catch {
    return false; // vanished in between: just retry
  }
}
