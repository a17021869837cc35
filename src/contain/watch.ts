/*!
 * The protected paths of protected-files.ts inside the writable area are watched across a
 * contained command, because a read-only bind does not cover every way to change them:
 * - one that did not exist cannot be bound (bubblewrap would have to create it in the user's
 *   project): a `.claude/settings.local.json` that turns hooks off, a new `.envrc`;
 * - one that was bound can still be swapped by renaming a directory above it (`mv .git .git-old &&
 *   git init && git config core.fsmonitor …`).
 * Each path's identity (device and inode, or absence) is taken before the command; a path that
 * exists afterwards with another identity is moved into shellgate's quarantine before the agent
 * can run anything else, and the agent is told. Costs one lstat per candidate before and after.
 */
import { existsSync, lstatSync, mkdirSync, realpathSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isWithin } from '../sandbox/protected-paths.js';
import { stateDir } from '../config/paths.js';

/** A watched path and what was there before the command (null: nothing). */
export interface Watched {
  path: string;
  before: string | null;
}

function identity(p: string): string | null {
  try {
    const st = lstatSync(p, { throwIfNoEntry: false });
    return st ? `${st.dev}:${st.ino}` : null;
  } catch {
    return null;
  }
}

/**
 * The candidates worth watching, with their identity now: git's files only in a repository that
 * exists already (`git init` creates `.git/config` and `.git/hooks` legitimately).
 */
export function watchBefore(candidates: readonly string[]): Watched[] {
  const out: Watched[] = [];
  for (const path of candidates) {
    const git = path.lastIndexOf('/.git/');
    if (git >= 0 && !existsSync(path.slice(0, git + 5))) continue;
    out.push({ path, before: identity(path) });
  }
  return out;
}

/** The watched paths that now hold something new. */
export function changedPaths(watched: readonly Watched[]): string[] {
  return watched
    .filter((w) => {
      const now = identity(w.path);
      return now !== null && now !== w.before;
    })
    .map((w) => w.path);
}

/** True when the directory holding `path` really lies in one of `writable` (no link on the way out). */
function inWritable(path: string, writable: readonly string[]): boolean {
  try {
    const dir = realpathSync(dirname(path));
    return writable.some((w) => isWithin(dir, w));
  } catch {
    return false;
  }
}

/**
 * Moves each of `paths` into the quarantine; returns [path, where it went]. Only what the command
 * could have written: a path whose directory is, through a link the command planted, outside the
 * `writable` directories (`.claude` → `~/.claude`) is the human's, and stays where it is.
 */
export function quarantinePaths(all: readonly string[], env: NodeJS.ProcessEnv, writable: readonly string[]): [string, string][] {
  const paths = all.filter((p) => inWritable(p, writable));
  if (paths.length === 0) return [];
  const dir = join(stateDir(env), 'quarantine', new Date().toISOString().replace(/[:.]/g, '-'));
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const moved: [string, string][] = [];
  paths.forEach((path, i) => {
    const to = join(dir, `${i}-${path.replace(/[/\\]/g, '_')}`);
    try {
      renameSync(path, to);
      moved.push([path, to]);
    } catch {
      /* gone meanwhile, or on another device: left in place (and still said below) */
      moved.push([path, '(could not be moved: check it yourself)']);
    }
  });
  return moved;
}

/** What the agent reads when something was moved aside. */
export function quarantineMessage(moved: [string, string][]): string {
  const lines = moved.map(([from, to]) => `  ${from} → ${to}`);
  return (
    [
      'shellgate: the command created or replaced files that configure the guard, git hooks or the shell; they were moved aside:',
      ...lines,
      '  Agent commands may not change these. Ask the user to make the change themselves.',
    ].join('\n') + '\n'
  );
}

/** The audit log's note for what was moved aside. */
export function movedNote(moved: [string, string][]): string {
  return `moved aside: ${moved.map(([from]) => from).join(', ')}`;
}
