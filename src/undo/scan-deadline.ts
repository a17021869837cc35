/*!
 * A time limit on the git calls of a snapshot (scan.ts, git-store.ts). git opens every
 * `.gitignore` and `.gitattributes` it meets as it walks the work tree; one that a command replaced
 * by a FIFO blocks git for ever, and with it the snapshot under the store's lock: that command,
 * every later recorded one and `shellgate undo` (the human's own `git status` too). A git call
 * that has not ended after `scan_limit_s` (undo.yaml, default 30 s) makes shellgate look for such
 * files; when there are some, git is killed (its whole process group), they are moved aside into
 * the quarantine, as the check after a command moves aside what it planted (contain/watch.ts), and
 * git runs again. A git call that is only slow is left to finish, as before: failing it would let
 * an agent that made enough files run its next command without a snapshot.
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

/** Moves aside what blocks git in `root`; what was moved ([from, to]), none when nothing blocks it. */
export function unblockGit(root: string): [string, string][] {
  const found = blockingGitFiles(root);
  return found.length === 0 ? [] : quarantinePaths(found, process.env, [root]);
}

/** What a git call stopped for `moved` says (on stderr, and in the snapshot's error). */
export function unblockedMessage(what: string, moved: [string, string][]): string {
  return `git ${what} was blocked by a FIFO where it reads a file, and was stopped; moved aside: ${moved.map(([from, to]) => `${from} → ${to}`).join(', ')}`;
}

/**
 * `listing`, or an Error when git is found blocked: each time the limit passes, the files git
 * blocks on are looked for in `root`; when there are some, `child`'s process group (spawned
 * detached) is killed and they are moved aside. A scan that is only slow (a huge tree, a cold
 * disk) is left to finish: a limit an agent can reach by making many files must not turn into a
 * command run without its snapshot.
 */
export function withDeadline(listing: Promise<Buffer | Error>, child: ChildProcess, root: string): Promise<Buffer | Error> {
  let timer: NodeJS.Timeout | undefined;
  const blocked = new Promise<Error>((done) => {
    const check = () => {
      const moved = unblockGit(root);
      if (moved.length === 0) {
        timer = setTimeout(check, gitLimitMs());
        timer.unref();
        return;
      }
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
      const message = unblockedMessage('ls-files', moved);
      // Said here: the snapshot then scans again itself, and succeeds now that nothing blocks git.
      writeSync(2, `shellgate: ${message}\n`);
      done(new Error(message));
    };
    timer = setTimeout(check, gitLimitMs());
    timer.unref(); // the scan's own process keeps this one alive while it runs
  });
  return Promise.race([listing, blocked]).finally(() => clearTimeout(timer));
}
