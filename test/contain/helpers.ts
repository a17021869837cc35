/*!
 * A throwaway world for containment tests: a HOME, shellgate's state and config directories, a
 * git project and data outside it, all under the system temp directory (outside this checkout,
 * so the project is its own git work tree), and a runner for the real built `shellgate-sh` as an
 * agent would start it.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { CLI_BIN, SH_BIN } from '../helpers/cli.js';

export { CLI_BIN, SH_BIN };

/** One test world. */
export interface World {
  root: string;
  home: string;
  project: string;
  state: string;
  config: string;
  env: NodeJS.ProcessEnv;
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) {
    stopProcessesUnder(dir);
    rmSync(dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 50 });
  }
});

/** Stops what a test left running with this world (a classifier daemon started for it). */
function stopProcessesUnder(root: string): void {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid)) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(root)) process.kill(Number(pid), 'SIGKILL');
    } catch {
      /* gone, or not ours */
    }
  }
}

/** A new world: the project is a git repository with one commit; HOME holds data and a .bashrc. */
export function makeWorld(extra: NodeJS.ProcessEnv = {}): World {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'sg-contain-')));
  made.push(root);
  const home = join(root, 'home');
  const project = join(root, 'project');
  mkdirSync(join(home, 'data'), { recursive: true });
  writeFileSync(join(home, 'data', 'precious.txt'), 'precious\n');
  writeFileSync(join(home, '.bashrc'), "# the user's bashrc\n");
  mkdirSync(project);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    SHELLGATE_STATE_DIR: join(root, 'state'),
    SHELLGATE_CONFIG_DIR: join(root, 'config'),
    SHELLGATE_DAEMON: '0',
    CLAUDECODE: '1',
    GIT_AUTHOR_NAME: 'Agent',
    GIT_AUTHOR_EMAIL: 'agent@example.com',
    GIT_COMMITTER_NAME: 'Agent',
    GIT_COMMITTER_EMAIL: 'agent@example.com',
    GIT_CONFIG_NOSYSTEM: '1',
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    ...extra,
  };
  const git = (...args: string[]) => spawnSync('git', args, { cwd: project, env, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  writeFileSync(join(project, 'README.md'), '# demo\n');
  git('add', '.');
  git('commit', '-qm', 'init');
  return { root, home, project, state: env.SHELLGATE_STATE_DIR!, config: env.SHELLGATE_CONFIG_DIR!, env };
}

/** `shellgate-sh -c command` in the project (or `cwd`), as an agent runs it. */
export function agentRun(w: World, command: string, opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [SH_BIN, '-c', command], {
    cwd: opts.cwd ?? w.project,
    env: { ...w.env, ...opts.env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

/** The human's `shellgate …` in their own terminal (no agent markers). */
export function human(w: World, args: string[]): SpawnSyncReturns<string> {
  const env = { ...w.env };
  delete env.CLAUDECODE;
  return spawnSync(process.execPath, [CLI_BIN, ...args], { cwd: w.project, env, encoding: 'utf8', timeout: 60_000 });
}
