/*!
 * Group commit: what makes an append cheap. An append writes its line into the log file (the
 * kernel's page cache: it survives a crash or kill of any shellgate process) before it returns, so
 * before the command it records starts. Forcing it to the disk (fdatasync) and advancing the
 * anchor are batched: the first append arms a timer of SYNC_WINDOW_MS; when it fires, every file
 * written meanwhile is fdatasync'ed on libuv's thread pool (off the event loop), then the anchor
 * moves to the newest entry this process wrote (its fsync on the thread pool too, outside the log's
 * lock: the classifier daemon answers other calls as it waits, and no append waits for it). A process that exits first does the same,
 * synchronously, in its `exit` handler; `flushAuditLog()` does it on demand.
 * Durability modes: `batch` (default, above), `always` (fdatasync inside every append, before it
 * returns; the anchor as in batch), `off` (no fdatasync: the kernel writes back; the anchor still
 * advances).
 */
import { closeSync, fdatasync, fdatasyncSync, fstatSync, fsyncSync, openSync } from 'node:fs';
import { advanceAnchor, advanceAnchorAsync, removeAnchorTemps, type ChainPoint } from './anchor.js';
import { onExitFlush } from '../util/exit-flush.js';
import { lockPath } from './files.js';
import { withLock } from '../util/lock.js';

/** How hard an append pushes its entry towards the disk. See the header. */
export type Durability = 'always' | 'batch' | 'off';

/** In `batch` mode, entries reach the disk and the anchor at most this long after being written. */
export const SYNC_WINDOW_MS = 50;

/** The durability mode: the option, else `SHELLGATE_LOG_FSYNC` (`0`/`off`, `always`), else batch. */
export function durabilityOf(opt: Durability | boolean | undefined, env: NodeJS.ProcessEnv = process.env): Durability {
  if (opt === true) return 'always';
  if (opt === false) return 'off';
  if (opt) return opt;
  const v = (env.SHELLGATE_LOG_FSYNC ?? '').toLowerCase();
  if (v === '0' || v === 'off' || v === 'false') return 'off';
  return v === 'always' ? 'always' : 'batch';
}

interface Batch {
  /** Open descriptors of written log files, one per inode (`dev:ino`). */
  fds: Map<string, number>;
  /** The directory itself needs an fsync (a file was created or renamed). */
  dirDirty: boolean;
  /** fdatasync before advancing the anchor. */
  dataSync: boolean;
  /** The newest entry this process wrote. */
  target: ChainPoint | null;
}

/** A batch being flushed in the background: `synced` once its fdatasync calls are done (its descriptors closed). */
interface Job {
  dir: string;
  batch: Batch;
  synced: boolean;
}

const pending = new Map<string, Batch>();
const inFlight = new Set<Job>();
let timer: NodeJS.Timeout | null = null;
/** A background fdatasync that failed (disk full after delayed allocation, I/O error). */
let syncError: string | null = null;
let exitHooked = false;

function quiet(fn: () => void): void {
  try {
    fn();
  } catch {
    /* flushing must never throw: the entry itself is already written */
  }
}

/**
 * The error of a background fdatasync that failed since the last call, if any; cleared by the
 * call. The append that picks it up reports it, so confirm-needing commands are denied.
 */
export function takeSyncError(): string | null {
  const e = syncError;
  syncError = null;
  return e;
}

function noteSyncError(err: unknown): void {
  if (err) syncError = `an earlier entry could not be written to the disk (${(err as Error).message})`;
}

/** fsync of a directory, so that a created or renamed file survives a power loss. */
export function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncQuiet(fd: number): void {
  try {
    fdatasyncSync(fd);
  } catch (err) {
    noteSyncError(err);
  }
}

/** Advances the anchor of `dir` to `target` under the lock; errors are swallowed. */
export function anchorTo(dir: string, target: ChainPoint | null): void {
  if (target) quiet(() => withLock(lockPath(dir), () => advanceAnchor(dir, target)));
}

/**
 * Hands over a just-written line: keeps `fd` open until the batch is flushed (or closes it when
 * the batch already holds the same file) and arms the timer. Called by the append, after the lock.
 */
export function enqueue(dir: string, fd: number, written: ChainPoint, opts: { dataSync: boolean; dirDirty: boolean; windowMs?: number }): void {
  let batch = pending.get(dir);
  if (!batch) pending.set(dir, (batch = { fds: new Map(), dirDirty: false, dataSync: false, target: null }));
  const st = fstatSync(fd);
  const key = `${st.dev}:${st.ino}`;
  if (batch.fds.has(key)) closeSync(fd);
  else batch.fds.set(key, fd);
  batch.dirDirty ||= opts.dirDirty;
  batch.dataSync ||= opts.dataSync;
  if (!batch.target || written.seq > batch.target.seq) batch.target = written;
  if (!exitHooked) {
    exitHooked = true;
    process.once('exit', () => flushAuditLog());
    onExitFlush(flushAuditLog);
  }
  if (!timer) {
    timer = setTimeout(flushInBackground, opts.windowMs ?? SYNC_WINDOW_MS);
    timer.unref();
  }
}

function finish(dir: string, batch: Batch): void {
  if (batch.dirDirty && batch.dataSync) quiet(() => syncDir(dir));
  anchorTo(dir, batch.target);
}

/** finish() for the timer's flush: the anchor's fsync on the thread pool, outside the log's lock (anchor.ts advanceAnchorAsync). */
async function finishInBackground(job: Job): Promise<void> {
  const { dir, batch } = job;
  if (batch.dirDirty && batch.dataSync) quiet(() => syncDir(dir));
  const target = batch.target;
  if (!target) return;
  try {
    await advanceAnchorAsync(dir, target, (fn) => withLock(lockPath(dir), fn));
  } catch {
    /* flushing must never throw: the entry itself is already written */
  }
}

/** The timer's flush: fdatasync on the thread pool, then the anchor; descriptors closed after. */
function flushInBackground(): void {
  timer = null;
  for (const [dir, batch] of pending) {
    const job: Job = { dir, batch, synced: false };
    inFlight.add(job);
    const fds = [...batch.fds.values()];
    let left = fds.length;
    const done = () => {
      if (--left > 0) return;
      for (const fd of fds) quiet(() => closeSync(fd));
      job.synced = true;
      // Still in flight unless flushAuditLog finished it meanwhile; it stays so until its anchor is written.
      if (inFlight.has(job)) void finishInBackground(job).finally(() => inFlight.delete(job));
    };
    if (fds.length === 0 || !batch.dataSync) {
      left = 1;
      done();
      continue;
    }
    for (const fd of fds)
      fdatasync(fd, (err) => {
        noteSyncError(err);
        done();
      });
  }
  pending.clear();
}

/**
 * Makes every entry this process wrote durable and anchored, now (synchronously). Runs on process
 * exit; call it before anything that ends the process without `exit` handlers (a signal).
 */
export function flushAuditLog(): void {
  if (timer) {
    clearTimeout(timer);
    timer = null;
  }
  for (const job of [...inFlight]) {
    // Its descriptors belong to the background flush, which closes them once synced; until then sync them here too.
    if (job.batch.dataSync && !job.synced) for (const fd of job.batch.fds.values()) syncQuiet(fd);
    inFlight.delete(job);
    finish(job.dir, job.batch);
  }
  removeAnchorTemps(); // of background writes that finish() has just done over (or that an exit ends)
  for (const [dir, batch] of pending) {
    if (batch.dataSync) for (const fd of batch.fds.values()) syncQuiet(fd);
    for (const fd of batch.fds.values()) quiet(() => closeSync(fd));
    finish(dir, batch);
  }
  pending.clear();
}
