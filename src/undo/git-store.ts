/*!
 * The snapshot store of one project: a git object store of shellgate's own, in the state directory
 * (`<state>/undo/<project-id>/git`, hidden from agent commands), with its own index; the project
 * is only its work tree. The user's `.git`, index and refs are never read or written here.
 * git is the root-owned system git, run with an environment built from scratch (nothing from the
 * agent's environment, no global or system config, no hooks, no filters or end-of-line
 * conversion), so that what is stored is the files' bytes as they are.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { cacheDir, configDir, runtimeDirs, stateDir } from '../config/paths.js';
import { rootOwnedPath } from '../config/trusted-bash.js';
import { gitLimitMs, unblockGit, unblockedMessage } from './scan-deadline.js';
import { withLock, withLockAsync } from '../util/lock.js';
import { realIfExists } from '../util/real-path.js';

/** A project's store: where it is and which work tree it records. */
export interface Store {
  root: string;
  /** `<state>/undo/<id>`: journal, refs, lock, kept files. */
  dir: string;
  gitDir: string;
}

/** Patterns never recorded (besides the project's .gitignore files). */
export const BUILTIN_EXCLUDES = [
  'node_modules/',
  '.venv/',
  '__pycache__/',
  '.tox/',
  '.mypy_cache/',
  '.pytest_cache/',
  '.ruff_cache/',
  '.next/',
  '.nuxt/',
  '.gradle/',
  '.terraform/',
  '.direnv/',
];

/** Attributes that make git store bytes as they are (highest precedence: $GIT_DIR/info/attributes). */
const RAW_ATTRIBUTES = '* -text -eol -crlf -ident -filter -working-tree-encoding\n';

const CONFIG = `[core]
\trepositoryformatversion = 0
\tbare = true
\tfilemode = true
\tsymlinks = true
\tignorecase = false
\tautocrlf = false
\tsafecrlf = false
\tfsmonitor = false
\tuntrackedCache = true
\thooksPath = /dev/null
\tquotepath = false
\tbigFileThreshold = 1m
[gc]
\tauto = 0
\tpackRefs = false
[index]
\tversion = 4
`;

/** The root-owned git binary; throws when there is none. */
export function trustedGit(): string {
  for (const p of ['/usr/bin/git', '/bin/git', '/usr/local/bin/git']) if (existsSync(p) && rootOwnedPath(p)) return p;
  throw new Error('no root-owned git in /usr/bin, /bin or /usr/local/bin (install git)');
}

/** The store of `projectRoot` (not created). */
export function storeFor(projectRoot: string, env: NodeJS.ProcessEnv = process.env): Store {
  const id = createHash('sha256').update(projectRoot).digest('hex').slice(0, 16);
  const dir = join(stateDir(env), 'undo', id);
  return { root: projectRoot, dir, gitDir: join(dir, 'git') };
}

/**
 * Runs `fn` holding the store's lock (around every snapshot and undo). The lock of the audit log
 * (util/lock.ts): a lock whose owner died is broken at once, not after a timeout.
 */
export function withStoreLock<T>(store: Store, fn: () => T): T {
  return withLock(join(store.dir, 'lock'), () => (clearIndexLock(store), fn()), { timeoutMs: 60_000, staleMs: 300_000 });
}

/**
 * withStoreLock for work that awaits while holding the lock (the classifier daemon's snapshots:
 * waiting does not block its other clients). `timeoutMs` 0: the lock is taken now or not at all
 * (util/lock.ts LockTimedOut).
 */
export function withStoreLockAsync<T>(store: Store, fn: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  return withLockAsync(join(store.dir, 'lock'), () => (clearIndexLock(store), fn()), { timeoutMs, staleMs: 300_000 });
}

/**
 * Every writer of the store's index holds the store's lock, so a git index.lock found by its new
 * holder was left by one that was killed (an agent's timeout kills shellgate-sh mid-snapshot): git
 * would refuse every later snapshot until someone removed it by hand.
 */
function clearIndexLock(store: Store): void {
  try {
    unlinkSync(join(store.gitDir, 'index.lock'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** The environment every git call of the store runs with (built from scratch). */
export function gitEnv(store: Store): NodeJS.ProcessEnv {
  return {
    PATH: '/usr/bin:/bin',
    HOME: store.dir,
    LC_ALL: 'C',
    GIT_DIR: store.gitDir,
    GIT_WORK_TREE: store.root,
    GIT_INDEX_FILE: join(store.gitDir, 'index'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_OPTIONAL_LOCKS: '0',
  };
}

/** Creates the store's directories and git files when missing; rewrites the exclude list. */
export function ensureStore(store: Store, excludes: readonly string[]): void {
  if (!existsSync(join(store.gitDir, 'HEAD'))) {
    for (const d of ['objects/info', 'objects/pack', 'refs/heads', 'refs/undo', 'info']) mkdirSync(join(store.gitDir, d), { recursive: true, mode: 0o700 });
    writeFileSync(join(store.gitDir, 'config'), CONFIG);
    writeFileSync(join(store.gitDir, 'info', 'attributes'), RAW_ATTRIBUTES);
    writeFileSync(join(store.dir, 'project'), store.root + '\n');
    writeFileSync(join(store.gitDir, 'HEAD'), 'ref: refs/heads/none\n');
  }
  const text = ['# written by shellgate: never recorded', ...BUILTIN_EXCLUDES, ...ownDirExcludes(store.root), ...excludes, ''].join('\n');
  writeIfChanged(join(store.gitDir, 'info', 'exclude'), text);
}

/**
 * shellgate's own directories when they lie inside the project (a state directory set inside
 * it): never recorded, or the store would snapshot itself, growing with every command.
 */
function ownDirExcludes(root: string): string[] {
  const out: string[] = [];
  for (const dir of [stateDir(process.env), configDir(process.env), cacheDir(process.env), ...runtimeDirs(process.env)]) {
    // As given and as it really is (root is a real path: a link on the way must not hide the directory).
    for (const at of new Set([resolve(dir), realOrNull(dir)])) {
      const rel = at === null ? '' : relative(root, at);
      if (rel && !rel.startsWith('..') && !isAbsolute(rel)) out.push(`/${rel.replace(/([\\*?[\]!#])/g, '\\$1')}/`);
    }
  }
  return [...new Set(out)];
}

function realOrNull(path: string): string | null {
  return realIfExists(path) ?? null; // not there yet: nothing in it to record
}

function writeIfChanged(path: string, text: string): void {
  try {
    if (readFileSync(path, 'utf8') === text) return;
  } catch {
    /* missing: write it */
  }
  writeFileSync(path, text);
}

/** Result of one git call. */
export interface GitResult {
  status: number | null;
  stdout: Buffer;
  stderr: string;
}

/**
 * Runs git in the store, synchronously. `input` is written to its stdin. A snapshot's git calls
 * are time-limited (scan-deadline.ts); `unlimited`: the human's own maintenance (`undo --gc`).
 */
export function git(store: Store, args: string[], input?: string | Buffer, unlimited = false): GitResult {
  const timeout = unlimited ? undefined : gitLimitMs();
  const res = spawnSync(trustedGit(), args, { env: gitEnv(store), cwd: store.root, input, maxBuffer: 1 << 30, timeout, killSignal: 'SIGKILL' });
  if ((res.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT') {
    // Blocked by a FIFO where git reads a file: moved aside, and git again; only slow: again, to its end.
    const moved = unblockGit(store.root);
    if (moved.length > 0) writeSync(2, `shellgate: ${unblockedMessage(args[0], moved)}\n`);
    return git(store, args, input, moved.length === 0);
  }
  if (res.error) return { status: null, stdout: Buffer.alloc(0), stderr: res.error.message };
  return { status: res.status, stdout: res.stdout, stderr: res.stderr.toString('utf8') };
}

/** Runs git and returns stdout, or throws with git's message. */
export function gitOk(store: Store, args: string[], input?: string | Buffer, unlimited = false): Buffer {
  const r = git(store, args, input, unlimited);
  if (r.status !== 0) throw new Error(`git ${args[0]} failed: ${r.stderr.trim().split('\n').slice(-2).join(' / ') || `status ${r.status}`}`);
  return r.stdout;
}
