/*!
 * What one agent command did to the project, from the snapshots before and after it: files added,
 * modified, deleted (counts and the first paths), and which of the deleted or reverted files held
 * work the user had not committed (their content before the command is not what the user's HEAD
 * has, or the file is not in HEAD at all). The user's repository is only read: its object
 * directory (user-objects.ts), and git's plumbing (`cat-file --batch-check`) from an environment
 * built from scratch when that does not settle it.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { trustedGit } from './git-store.js';
import type { Effect } from './journal.js';
import type { Change, LeftOut } from './snapshot.js';
import { heldObjects } from './user-objects.js';

/** How many paths an effect lists. */
export const FIRST_PATHS = 20;
/** A command that deleted or rewrote at least this many files is reported to the agent. */
export const MANY_FILES = 20;

/** How long `git cat-file` in the user's repository may take (its answers come in milliseconds). */
const CAT_FILE_LIMIT_MS = 10_000;

/** How git is asked in the user's repository: its argv, environment and input (null: not asked). */
function catFileCall(root: string, asked: string[]): { git: string; args: string[]; env: NodeJS.ProcessEnv; input: string } | null {
  if (asked.length === 0 || !existsSync(join(root, '.git'))) return null;
  let git: string;
  try {
    git = trustedGit();
  } catch {
    return null;
  }
  const env = {
    PATH: '/usr/bin:/bin',
    HOME: '/nonexistent',
    LC_ALL: 'C',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CEILING_DIRECTORIES: join(root, '..'),
    GIT_OPTIONAL_LOCKS: '0',
  };
  return { git, args: ['-c', 'core.fsmonitor=false', 'cat-file', '--batch-check'], env, input: asked.map((q) => `${q}\n`).join('') };
}

/** `cat-file --batch-check`'s answers: each query's blob id (absent: not there, or no repository). */
function answersOf(asked: string[], stdout: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = stdout.split('\n');
  asked.forEach((p, i) => {
    const m = /^([0-9a-f]{40,64}) blob /.exec(lines[i] ?? '');
    if (m) out.set(p, m[1]);
  });
  return out;
}

/**
 * For each query (`HEAD:path`, or a blob id), the blob id git answers with (absent: not there, or
 * no repository). The user's repository is only read. Bounded, not measured: a FIFO planted in
 * the repository (.git/objects, packed-refs) makes git wait for a writer for ever; then nothing
 * counts as committed (all reported lost).
 */
function catFileBatch(root: string, queries: string[]): Map<string, string> {
  const asked = queries.filter((p) => !p.includes('\n'));
  const call = catFileCall(root, asked);
  if (!call) return new Map();
  const res = spawnSync(call.git, call.args, {
    cwd: root,
    env: call.env,
    input: call.input,
    maxBuffer: 1 << 28,
    encoding: 'utf8',
    timeout: CAT_FILE_LIMIT_MS,
    killSignal: 'SIGKILL',
  });
  return res.status === 0 ? answersOf(asked, res.stdout) : new Map();
}

/** catFileBatch without blocking the process (the classifier daemon's snapshots). */
function catFileBatchAsync(root: string, queries: string[]): Promise<Map<string, string>> {
  const asked = queries.filter((p) => !p.includes('\n'));
  const call = catFileCall(root, asked);
  if (!call) return Promise.resolve(new Map());
  return new Promise((done) => {
    execFile(
      call.git,
      call.args,
      { cwd: root, env: call.env, maxBuffer: 1 << 28, encoding: 'utf8', timeout: CAT_FILE_LIMIT_MS, killSignal: 'SIGKILL' },
      (err, stdout) => done(err ? new Map() : answersOf(asked, stdout)),
    ).stdin?.end(call.input);
  });
}

/**
 * Which changes in `touched` lost work: their content before the command is in neither the user's
 * HEAD nor its repository at all (deleted, or reverted to HEAD). What the object directory does not
 * settle is put to git in one call (`queries`: what HEAD has at each path, and which old contents
 * git holds); `lost` takes its answers.
 */
function lostWork(root: string, touched: Change[]): { queries: string[]; lost: (answers: Map<string, string>) => Change[] } {
  const held = heldObjects(root, [...new Set(touched.flatMap((c) => (c.status === 'D' ? [c.from] : [c.from, c.to])))]);
  const unsure = held === null ? touched : touched.filter((c) => c.status === 'M' && !held.has(c.from) && held.has(c.to));
  const queries = [...unsure.map((c) => `HEAD:${c.path}`), ...(held === null ? unsure.map((c) => c.from) : [])];
  const lost = (answers: Map<string, string>) => {
    const known = (id: string) => (held ? held.has(id) : answers.has(id));
    return touched.filter((c) => {
      const committed = answers.get(`HEAD:${c.path}`);
      // Content the user's repository holds (committed before, or by this very command) is not lost.
      if (committed === c.from || known(c.from)) return false; // what was there is in git
      return c.status === 'D' || (committed !== undefined && committed === c.to); // deleted, or reverted to HEAD
    });
  };
  return { queries, lost };
}

/** The changes lost work is looked for in: files that were there before (not submodules). */
const touchedBy = (changes: Change[]) => changes.filter((c) => c.status !== 'A' && c.fromMode !== '160000');

function effectWith(changes: Change[], lost: Change[], leftOut: LeftOut[]): Effect {
  const count = (s: Change['status']) => changes.filter((c) => c.status === s).length;
  const effect: Effect = {
    added: count('A'),
    modified: count('M'),
    deleted: count('D'),
    paths: changes.slice(0, FIRST_PATHS).map((c) => `${c.status} ${c.path}`),
    lost: lost.slice(0, FIRST_PATHS).map((c) => c.path),
    lostCount: lost.length,
  };
  if (leftOut.length > 0) effect.leftOut = leftOut.slice(0, FIRST_PATHS).map((l) => `${l.path} (${l.why})`);
  return effect;
}

/** The effect of a command whose snapshots differ by `changes`. */
export function effectOf(root: string, changes: Change[], leftOut: LeftOut[] = []): Effect {
  const w = lostWork(root, touchedBy(changes));
  return effectWith(changes, w.lost(catFileBatch(root, w.queries)), leftOut);
}

/** effectOf without blocking the process while git answers (the classifier daemon's snapshots). */
export async function effectOfAsync(root: string, changes: Change[], leftOut: LeftOut[] = []): Promise<Effect> {
  const w = lostWork(root, touchedBy(changes));
  return effectWith(changes, w.lost(await catFileBatchAsync(root, w.queries)), leftOut);
}

/** True when the agent must be told (many files deleted or rewritten, or uncommitted work lost). */
export function worthTelling(e: Effect): boolean {
  return e.lostCount > 0 || e.deleted + e.modified >= MANY_FILES;
}

function listed(paths: string[], total: number): string {
  const shown = paths.slice(0, 5).join(', ');
  return total > 5 ? `${shown}, … (${total} in all)` : shown;
}

/** The message for the agent's stderr. */
export function effectMessage(e: Effect, seq: number): string {
  const parts: string[] = [];
  if (e.deleted) parts.push(`deleted ${e.deleted} file${e.deleted === 1 ? '' : 's'}`);
  if (e.modified) parts.push(`rewrote ${e.modified} file${e.modified === 1 ? '' : 's'}`);
  const lines = [`shellgate: this command ${parts.join(' and ')} in the project.`];
  if (e.lostCount > 0) lines.push(`  ${e.lostCount} of them held uncommitted work that is not in git: ${listed(e.lost, e.lostCount)}`);
  lines.push(`  shellgate recorded the files before it ran: the user can restore them with \`shellgate undo\` (undo #${seq}) in a terminal of their own.`);
  return lines.join('\n') + '\n';
}
