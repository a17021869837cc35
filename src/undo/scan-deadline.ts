/*!
 * A time limit on the git calls of a snapshot (scan.ts, git-store.ts). git opens every
 * `.gitignore` and `.gitattributes` it meets as it walks the work tree; one that a command replaced
 * by a FIFO blocks git for ever, and with it the snapshot under the store's lock: that command,
 * every later recorded one and `shellgate undo` (the human's own `git status` too). A git call
 * that has not ended after `scan_limit_s` (undo.yaml, default 30 s) is killed, its whole process
 * group, and fails as any git failure does (said loudly; with `required: true` the command is
 * refused). Such files are then moved aside into the quarantine, as the check after a command moves
 * aside what it planted (contain/watch.ts), so that the next snapshot works again.
 */
import type { ChildProcess } from 'node:child_process';
import { readdirSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { quarantinePaths } from '../contain/watch.js';
import { loadUndoConfig, UNDO_DEFAULTS } from './undo-config.js';

/** Files git opens as it walks the work tree. */
const GIT_READS = new Set(['.gitignore', '.gitattributes']);
/** Directory entries looked at, at most, when searching for what blocks git. */
const MAX_ENTRIES = 500_000;

let limit: number | undefined;
/** How long one git call of a snapshot may take, in ms (undo.yaml `scan_limit_s`; a broken file: the default). */
export function gitLimitMs(): number {
  if (limit === undefined) {
    try {
      limit = loadUndoConfig(process.env).scanLimitMs;
    } catch {
      limit = UNDO_DEFAULTS.scanLimitMs;
    }
  }
  return limit;
}

/** The `.gitignore` and `.gitattributes` files below `root` (not in `.git`) that are FIFOs, sockets or devices. */
export function blockingGitFiles(root: string): string[] {
  const out: string[] = [];
  const dirs = [root];
  let seen = 0;
  while (dirs.length > 0 && seen < MAX_ENTRIES) {
    const dir = dirs.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      seen++;
      if (e.isDirectory()) {
        if (!(dir === root && e.name === '.git')) dirs.push(join(dir, e.name));
      } else if (GIT_READS.has(e.name) && (e.isFIFO() || e.isSocket() || e.isCharacterDevice() || e.isBlockDevice())) {
        out.push(join(dir, e.name));
      }
    }
  }
  return out;
}

/** Moves aside what blocks git in `root`; says what it did (for the snapshot's error). */
export function unblockGit(root: string): string {
  const found = blockingGitFiles(root);
  if (found.length === 0) return 'no FIFO named .gitignore or .gitattributes was found (a stalled file system?)';
  const moved = quarantinePaths(found, process.env, [root]);
  return `moved aside what git blocks on: ${moved.map(([from, to]) => `${from} → ${to}`).join(', ')}`;
}

/** What a git call that ran out of time says. */
export function timedOut(what: string, root: string): Error {
  return new Error(`git ${what} did not finish in ${Math.round(gitLimitMs() / 1000)} s and was stopped; ${unblockGit(root)}`);
}

/**
 * `listing`, or an Error once the limit passed; then `child`'s process group (spawned detached)
 * is killed and what blocks git in `root` is moved aside.
 */
export function withDeadline(listing: Promise<Buffer | Error>, child: ChildProcess, root: string): Promise<Buffer | Error> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<Error>((done) => {
    timer = setTimeout(() => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
      const err = timedOut('ls-files', root);
      // Said here: the snapshot then scans again itself, and succeeds once nothing blocks git.
      writeSync(2, `shellgate: ${err.message}\n`);
      done(err);
    }, gitLimitMs());
    timer.unref(); // the scan's own process keeps this one alive while it runs
  });
  return Promise.race([listing, expired]).finally(() => clearTimeout(timer));
}
