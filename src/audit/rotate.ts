/*!
 * Rotation by size. Called under the lock just before an append: when the current file has
 * reached the limit it is renamed to `audit-<UTC stamp>.jsonl` and the append goes to a new
 * `audit.jsonl`, whose first entry's `prev` is the last hash of the rotated file, so the chain
 * runs across files. Log shippers that follow files by name see an ordinary rename rotation.
 */
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { currentPath, rotatedFiles, rotatedName } from './files.js';
import { readTail } from './tail.js';
import type { AuditEntry } from './entry.js';

/** Default size at which the current file is rotated: 10 MiB. */
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/** The rotation size: `opt`, else `SHELLGATE_LOG_MAX_BYTES`, else the default. */
export function maxBytes(opt: number | undefined, env: NodeJS.ProcessEnv = process.env): number {
  if (opt !== undefined && opt > 0) return opt;
  const fromEnv = Number(env.SHELLGATE_LOG_MAX_BYTES);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_MAX_BYTES;
}

/** Renames the current log to a fresh rotated name; returns that name. */
export function rotate(dir: string, now: Date): string {
  let n = 0;
  while (existsSync(join(dir, rotatedName(now, n)))) n++;
  const name = rotatedName(now, n);
  renameSync(currentPath(dir), join(dir, name));
  return name;
}

/** The newest entry of the newest rotated file (used when the current file has none yet). */
export function lastRotatedEntry(dir: string): AuditEntry | null {
  const names = rotatedFiles(dir);
  for (let i = names.length - 1; i >= 0; i--) {
    const { last } = readTail(join(dir, names[i]));
    if (last) return last;
  }
  return null;
}
