/*!
 * Where the audit files live and in which order they are read. One directory holds the current
 * log `audit.jsonl`, rotated logs `audit-<UTC stamp>.jsonl` (oldest first by name), the lock file
 * and the anchor. Nothing else is written there.
 */
import { closeSync, openSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { stateDir } from '../config/paths.js';

/** Name of the file new entries go to. */
export const CURRENT_FILE = 'audit.jsonl';
const ROTATED = /^audit-(\d{8}T\d{9}Z)(?:-(\d+))?\.jsonl$/;

/** The audit directory: `opts.dir`, else `<state dir>/audit` (`SHELLGATE_STATE_DIR` honoured). */
export function auditDir(opts: { dir?: string } = {}, env: NodeJS.ProcessEnv = process.env): string {
  return opts.dir ?? join(stateDir(env), 'audit');
}

/** Path of the current log file in `dir`. */
export function currentPath(dir: string): string {
  return join(dir, CURRENT_FILE);
}

/** Path of the lock file in `dir`. */
export function lockPath(dir: string): string {
  return join(dir, 'audit.lock');
}

/** Path of the anchor (where the chain starts, how far it reached) in `dir`: see anchor.ts. */
export function anchorPath(dir: string): string {
  return join(dir, 'audit.anchor');
}

/** `20260314T101503123Z` for a date (UTC, fixed width, sorts like the time). */
export function stamp(date: Date): string {
  return date.toISOString().replace(/[-:.]/g, '');
}

/** File name for a log rotated at `date`; `n` disambiguates two rotations in the same ms. */
export function rotatedName(date: Date, n = 0): string {
  return `audit-${stamp(date)}${n > 0 ? `-${n}` : ''}.jsonl`;
}

function sortKey(name: string): [string, number] {
  const m = ROTATED.exec(name);
  return m ? [m[1], Number(m[2] ?? 0)] : ['~', 0];
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Names of the rotated logs in `dir`, oldest first. */
export function rotatedFiles(dir: string): string[] {
  return listDir(dir)
    .filter((n) => ROTATED.test(n))
    .sort((a, b) => {
      const [sa, na] = sortKey(a);
      const [sb, nb] = sortKey(b);
      return sa < sb ? -1 : sa > sb ? 1 : na - nb;
    });
}

/** Full paths of every log file in `dir` in chain order: rotated oldest first, then the current. */
export function logFiles(dir: string): string[] {
  const files = rotatedFiles(dir).map((n) => join(dir, n));
  if (listDir(dir).includes(CURRENT_FILE)) files.push(currentPath(dir));
  return files;
}

/** Log files opened together: `paths[i]` is open as `fds[i]`. */
export interface OpenLog {
  paths: string[];
  fds: number[];
}

function closeAll(fds: number[]): void {
  for (const fd of fds) closeSync(fd);
}

/**
 * Opens every log file of `dir` as one consistent set: listed, opened, and listed again until the
 * two listings agree, so that a rotation by a concurrent writer (the current file renamed, a new
 * one started) cannot make a reader skip the renamed file's entries. Call `closeLog` after.
 */
export function openLog(dir: string): OpenLog {
  for (let attempt = 1; ; attempt++) {
    const paths = logFiles(dir);
    const fds: number[] = [];
    try {
      for (const p of paths) fds.push(openSync(p, 'r'));
    } catch (err) {
      closeAll(fds);
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && attempt < 50) continue;
      throw err;
    }
    if (logFiles(dir).join('\n') === paths.join('\n') || attempt >= 50) return { paths, fds };
    closeAll(fds);
  }
}

/** Closes what `openLog` opened. */
export function closeLog(log: OpenLog): void {
  closeAll(log.fds);
}
