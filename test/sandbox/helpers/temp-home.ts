/*!
 * A throw-away HOME for sandbox tests: shellgate's config and state directories inside it, and
 * process.env pointed at it (HOME too, so os.homedir() never reaches the real home). Each vitest
 * file runs in its own process (pool: forks), so changing process.env here is contained.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface TempHome {
  home: string;
  stateDir: string;
  configDir: string;
  /** Environment for the sandboxed child. */
  env: NodeJS.ProcessEnv;
  /** Writes `content` at `rel` under HOME, creating directories. */
  put(rel: string, content: string): string;
  cleanup(): void;
}

const KEYS = ['HOME', 'SHELLGATE_STATE_DIR', 'SHELLGATE_CONFIG_DIR'] as const;

/** Creates the temporary HOME and points process.env at it until cleanup(). */
export function makeTempHome(): TempHome {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'sg-sandbox-')));
  const home = join(base, 'home');
  const stateDir = join(home, '.local', 'state', 'shellgate');
  const configDir = join(home, '.config', 'shellgate');
  mkdirSync(home, { recursive: true });
  const saved = KEYS.map((k) => process.env[k]);
  Object.assign(process.env, { HOME: home, SHELLGATE_STATE_DIR: stateDir, SHELLGATE_CONFIG_DIR: configDir });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    SHELLGATE_STATE_DIR: stateDir,
    SHELLGATE_CONFIG_DIR: configDir,
    GIT_CONFIG_NOSYSTEM: '1',
    LANG: 'C',
  };
  const put = (rel: string, content: string): string => {
    const file = join(home, rel);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    return file;
  };
  const cleanup = (): void => {
    KEYS.forEach((k, i) => {
      if (saved[i] === undefined) delete process.env[k];
      else process.env[k] = saved[i];
    });
    rmSync(base, { recursive: true, force: true });
  };
  return { home, stateDir, configDir, env, put, cleanup };
}
