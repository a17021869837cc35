/*!
 * The bytes git stores for a path of the work tree, read by the snapshots that hash files
 * themselves (fast-snapshot.ts, smudged.ts) while commands may still change the tree beside them:
 * never a FIFO's (the read would wait for ever, holding the store's lock), never a file that is no
 * longer the one lstat saw, never a file outside the project reached through a directory swapped
 * for a link (a later undo would write its content into the project).
 */
import { closeSync, constants, fstatSync, openSync, readlinkSync, readSync, type BigIntStats } from 'node:fs';
import { basename, dirname } from 'node:path';

/** Thrown when a path is no longer the regular file lstat saw: recorded as absent (see `gone`). */
function notTheFile(abs: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${abs} is no longer the file the scan saw`), { code: 'ENOENT' });
}

/** The path the descriptor `fd` really has (the kernel's, every link on the way resolved). */
function pathOfFd(fd: number): string {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch (err) {
    // Not a path gone (that would record the file as absent): no snapshot.
    throw new Error(`cannot check where a file read for the snapshot is: ${(err as Error).message}`);
  }
}

/**
 * The bytes git stores for a path: a link's target, or a file's content, at most the size lstat
 * saw (a later write changes its times: the next scan hashes it again). Opened without blocking
 * and read only when it is still that regular file: a FIFO put in its place by a command running
 * beside the snapshot would make the read wait for ever, holding the store's lock.
 * `real`: where the path must really be (the project's real root joined with it). A directory on
 * the way swapped for a link after the parents were checked (a command running beside the
 * snapshot, the classifier daemon's snapshot after the scan) would have the file outside the
 * project read into the store, and a later undo write it into the project: what was opened is
 * checked to be that very path, and is absent otherwise (a link's target is read through its
 * checked directory).
 */
export function bytesOf(abs: string, st: BigIntStats, real?: string): Buffer {
  if (st.isSymbolicLink()) return real ? linkInside(abs, real) : readlinkSync(abs, { encoding: 'buffer' });
  if (!st.isFile()) throw notTheFile(abs);
  const fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  try {
    const now = fstatSync(fd, { bigint: true });
    if (!now.isFile() || now.ino !== st.ino || now.dev !== st.dev) throw notTheFile(abs);
    if (real !== undefined && pathOfFd(fd) !== real) throw notTheFile(abs);
    const buf = Buffer.allocUnsafe(Number(st.size));
    let got = 0;
    for (let n = 1; got < buf.length && n > 0; got += n) n = readSync(fd, buf, got, buf.length - got, got);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** A link's target, read in its directory once that is checked to be where it must be (readlinkat through /proc). */
function linkInside(abs: string, real: string): Buffer {
  const dfd = openSync(dirname(abs), constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    if (pathOfFd(dfd) !== dirname(real)) throw notTheFile(abs);
    const target = readlinkSync(`/proc/self/fd/${dfd}/${basename(abs)}`, { encoding: 'buffer' });
    return target;
  } finally {
    closeSync(dfd);
  }
}
