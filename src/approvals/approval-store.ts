/*!
 * The approval queue on disk: one JSON file (`approvals.json`) in the user's state directory,
 * read-modified-written under a lock (util/lock.ts) and replaced atomically (write a temp file, rename),
 * so concurrent agents, shells and the approver never see a torn or lost update.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stateDir } from '../config/paths.js';
import { withLock } from '../util/lock.js';
import type { ApprovalRequest } from './approval-request.js';

/** What `approvals.json` holds. */
export interface ApprovalFile {
  /** Format version. */
  v: 1;
  /** The id the next request gets (ids are short decimal numbers: easy to type). */
  nextId: number;
  requests: ApprovalRequest[];
}

/** Paths of the queue file and its lock for a given environment. */
export function approvalPaths(env: NodeJS.ProcessEnv = process.env): { dir: string; file: string; lock: string } {
  const dir = stateDir(env);
  return { dir, file: join(dir, 'approvals.json'), lock: join(dir, 'approvals.lock') };
}

function emptyFile(): ApprovalFile {
  return { v: 1, nextId: 1, requests: [] };
}

/** Reads the queue without locking (for display); a missing file is an empty queue. */
export function readApprovalFile(env: NodeJS.ProcessEnv = process.env): ApprovalFile {
  const { file } = approvalPaths(env);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyFile();
    throw err;
  }
  const data = JSON.parse(text) as ApprovalFile;
  if (data?.v !== 1 || !Array.isArray(data.requests) || typeof data.nextId !== 'number') {
    throw new Error(`${file} is not a shellgate approval queue (unknown format)`);
  }
  return data;
}

/**
 * Runs `update` on the current queue while holding the lock and writes the result back when
 * `update` returns `true` in `changed`. Returns what `update` returned as `value`.
 */
export function updateApprovalFile<T>(env: NodeJS.ProcessEnv, update: (data: ApprovalFile) => { value: T; changed: boolean }): T {
  const { dir, file, lock } = approvalPaths(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return withLock(
    lock,
    () => {
      const data = readApprovalFile(env);
      const { value, changed } = update(data);
      if (changed) {
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, JSON.stringify(data, null, 2) + '\n', { mode: 0o600 });
        renameSync(tmp, file);
      }
      return value;
    },
    { timeoutMs: 5000 },
  );
}
