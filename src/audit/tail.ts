/*!
 * Reading a log file from its end: the newest entry (for the next `prev`), and a backward line
 * iterator that `shellgate log` uses to show recent entries without reading whole files.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { parseEntry, type AuditEntry } from './entry.js';

const CHUNK = 16 * 1024;

function readFully(fd: number, buf: Buffer, position: number): void {
  for (let off = 0; off < buf.length; ) {
    const n = readSync(fd, buf, off, buf.length - off, position + off);
    if (n === 0) throw new Error('file shrank while being read');
    off += n;
  }
}

/**
 * Lines of the file behind `fd` (first `size` bytes), last first, without their `\n`. The first
 * item is what follows the final `\n`: `''` for a file that ends with a newline, else a torn line.
 */
export function* linesBackward(fd: number, size: number): Generator<string> {
  let pos = size;
  let carry = Buffer.alloc(0);
  while (pos > 0) {
    const n = Math.min(CHUNK, pos);
    pos -= n;
    const chunk = Buffer.alloc(n);
    readFully(fd, chunk, pos);
    const buf = carry.length ? Buffer.concat([chunk, carry]) : chunk;
    let end = buf.length;
    while (end > 0) {
      const i = buf.lastIndexOf(0x0a, end - 1);
      if (i < 0) break;
      yield buf.toString('utf8', i + 1, end);
      end = i;
    }
    carry = buf.subarray(0, end);
  }
  if (size > 0) yield carry.toString('utf8');
}

/** Runs `fn` on an open read-only descriptor of `path` and its size; null when it does not exist. */
export function withReadFd<T>(path: string, fn: (fd: number, size: number) => T): T | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    return fn(fd, fstatSync(fd).size);
  } finally {
    closeSync(fd);
  }
}

/** What the end of a log file holds. */
export interface Tail {
  /** The newest line that parses as an entry, if any. */
  last: AuditEntry | null;
  /** File size in bytes (0 when missing). */
  size: number;
  /** The file does not end with `\n`: the last write was interrupted. */
  torn: boolean;
  /** Lines after `last` that are not entries (torn writes), including a torn final line. */
  skipped: number;
}

/** The end of the log file at `path`. */
export function readTail(path: string): Tail {
  const tail = withReadFd(path, (fd, size): Tail => {
    const out: Tail = { last: null, size, torn: false, skipped: 0 };
    let first = true;
    for (const line of linesBackward(fd, size)) {
      if (first) {
        first = false;
        out.torn = line !== '';
        if (out.torn) out.skipped++;
        continue;
      }
      out.last = parseEntry(line);
      if (out.last) break;
      out.skipped++;
    }
    return out;
  });
  return tail ?? { last: null, size: 0, torn: false, skipped: 0 };
}
