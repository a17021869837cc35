/*!
 * The head record: a tiny sidecar holding the seq and hash of the newest entry. The chain alone
 * cannot notice entries cut from the end of the log; the head can. Written after each append
 * (temp file + rename, so it is never half-written); a head one entry behind the log is normal
 * after a crash between the two writes.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isHash } from './chain.js';
import { headPath } from './files.js';

/** Seq and hash of the newest entry. */
export interface Head {
  seq: number;
  hash: string;
}

/** Records the newest entry; failures are ignored (the entry itself is already written). */
export function writeHead(dir: string, head: Head): void {
  const path = headPath(dir);
  try {
    writeFileSync(`${path}.tmp`, `${JSON.stringify(head)}\n`, { mode: 0o600 });
    renameSync(`${path}.tmp`, path);
  } catch {
    /* best effort: verify reports a head that lags behind */
  }
}

/** The head record, or null when missing or unreadable. */
export function readHead(dir: string): Head | null {
  try {
    const value = JSON.parse(readFileSync(headPath(dir), 'utf8')) as Partial<Head>;
    return Number.isInteger(value.seq) && isHash(value.hash) ? { seq: value.seq!, hash: value.hash! } : null;
  } catch {
    return null;
  }
}
