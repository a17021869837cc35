/*!
 * Test helpers: run the real built binaries (bin/shellgate-sh.cjs, bin/shellgate.cjs) in a clean,
 * isolated environment (temp HOME and state dir, no agent markers inherited from the machine).
 */
import { createHash } from 'node:crypto';
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { daemonSocket } from '../../src/daemon/protocol.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SH_BIN = join(ROOT, 'bin', 'shellgate-sh.cjs');
export const CLI_BIN = join(ROOT, 'bin', 'shellgate.cjs');
export const FIXTURES = join(ROOT, 'test', 'fixtures', 'hooks');

/**
 * Where sandboxes live. Not under /tmp: the rules treat everything below /tmp as scratch space
 * (deleting it is fine), and these tests need a HOME whose contents matter.
 */
const SANDBOX_ROOT = /^\/(var\/)?tmp\//.test(ROOT)
  ? join(homedir(), 'shellgate-tests') // a checkout under /tmp: its paths would all look like scratch
  : join(ROOT, 'node_modules', '.cache', `shellgate-tests-${checkoutTag()}`);
const SHARED_CACHE = join(SANDBOX_ROOT, '.cache');
const created: string[] = [];

/**
 * A short tag of this checkout: checkouts that share one node_modules (git worktrees with a
 * symlink) keep their sandboxes apart, or one suite's files would show up as changes (undo) in
 * the other's commands.
 */
function checkoutTag(): string {
  return createHash('sha256').update(ROOT).digest('hex').slice(0, 8);
}

afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh sandbox: temp HOME, state and config dirs, and a PATH dir where `shellgate` is this build. */
export interface Sandbox {
  dir: string;
  home: string;
  env: NodeJS.ProcessEnv;
}

export function makeSandbox(extra: NodeJS.ProcessEnv = {}): Sandbox {
  mkdirSync(SANDBOX_ROOT, { recursive: true });
  // Outside the checkout, the sandboxes still sit in a git work tree of their own, as they do in it.
  // Its .gitignore keeps each sandbox's shellgate state out of the others' undo snapshots.
  if (!existsSync(join(SANDBOX_ROOT, '.git'))) {
    spawnSync('git', ['init', '-q', SANDBOX_ROOT]);
    writeFileSync(join(SANDBOX_ROOT, '.gitignore'), 'state/\nconfig/\n.cache/\n');
  }
  // Its real path: node_modules may be a symlink (a worktree sharing another checkout's), and the
  // hooks take a payload's cwd as given while shellgate-sh sees the resolved one.
  const dir = realpathSync(mkdtempSync(join(SANDBOX_ROOT, 'sb-')));
  created.push(dir);
  // Each sandbox is a project of its own (a git work tree): a command in one never sees another
  // test file's sandbox come and go (undo would report its files as deleted by the command).
  spawnSync('git', ['init', '-q', dir]);
  writeFileSync(join(dir, '.gitignore'), 'state/\nconfig/\n');
  const home = join(dir, 'home');
  const bin = join(dir, 'bin');
  mkdirSync(home);
  mkdirSync(bin);
  symlinkSync(CLI_BIN, join(bin, 'shellgate'));
  symlinkSync(SH_BIN, join(bin, 'shellgate-sh'));
  const env: NodeJS.ProcessEnv = {
    PATH: `${bin}:${process.env.PATH}`,
    HOME: home,
    LANG: 'C.UTF-8',
    SHELLGATE_STATE_DIR: join(dir, 'state'),
    SHELLGATE_CONFIG_DIR: join(dir, 'config'),
    // One cache for all sandboxes, as a user's machine has one: compiled code and parsed rulesets
    // (keyed by content, written atomically) are made once per run, not once per sandbox (a fresh
    // cache costs a first call ≈0.4 s of CPU). Tests of the cache itself set their own.
    XDG_CACHE_HOME: SHARED_CACHE,
    // In-process unless a test asks for the classifier daemon (daemonEnv): no daemon per sandbox.
    SHELLGATE_DAEMON: '0',
    ...extra,
  };
  return { dir, home, env };
}

/**
 * This process's environment for a shellgate child, without what only slows every Node start and
 * is not shellgate's business (an extra CA bundle: ≈50 ms of CPU per start), plus `extra`.
 */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
}

/** Environment additions that let shellgate-sh use (and start) the classifier daemon. */
export const DAEMON_ENV: NodeJS.ProcessEnv = { SHELLGATE_DAEMON: '1', SHELLGATE_DAEMON_IDLE_MS: '15000' };

/**
 * Where the classifier daemon of `sb` listens: in its state directory, or in a runtime directory
 * when that path is too long for a socket (as in a CI checkout deep in the file system).
 */
export function daemonSocketOf(sb: Sandbox): string {
  const path = daemonSocket(join(ROOT, 'dist', 'bundle'), sb.env);
  if (!path) throw new Error('no place for the daemon socket of this sandbox');
  return path;
}

/** Pids of classifier daemons serving `sb` (its socket path is on their command line). */
export function daemonPids(sb: Sandbox): number[] {
  const sock = daemonSocket(join(ROOT, 'dist', 'bundle'), sb.env);
  const pids: number[] = [];
  if (!sock) return pids;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      // A zombie (exited, not yet reaped by whatever adopted it) is not a daemon any more.
      const state = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0];
      if (cmd.includes('sh-daemon') && cmd.includes(sock) && state !== 'Z') pids.push(Number(pid));
    } catch {
      /* gone */
    }
  }
  return pids;
}

/** Stops the classifier daemons of `sb` (tests start them; nothing else would stop them soon). */
export function stopDaemons(sb: Sandbox): void {
  for (const pid of daemonPids(sb)) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      /* gone */
    }
  }
}

export interface RunOptions {
  env: NodeJS.ProcessEnv;
  cwd?: string;
  input?: string;
}

/** `shellgate-sh ARGS` (stdin is a pipe: /dev/null unless `input`). */
export function runSh(args: string[], opts: RunOptions): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [SH_BIN, ...args], { env: opts.env, cwd: opts.cwd, input: opts.input ?? '', encoding: 'utf8' });
}

/** `shellgate ARGS`. */
export function runCli(args: string[], opts: RunOptions): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI_BIN, ...args], { env: opts.env, cwd: opts.cwd, input: opts.input ?? '', encoding: 'utf8' });
}

/** `bash ARGS`, for comparison with shellgate-sh. */
export function runBash(args: string[], opts: RunOptions): SpawnSyncReturns<string> {
  return spawnSync('bash', args, { env: opts.env, cwd: opts.cwd, input: opts.input ?? '', encoding: 'utf8' });
}

/** Asynchronous `shellgate-sh ARGS` (for concurrency tests). */
export function runShAsync(args: string[], opts: RunOptions): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [SH_BIN, ...args], { env: opts.env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

/** Blocks for `ms` (used only to let an approval's lifetime pass; nothing asserts durations). */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
