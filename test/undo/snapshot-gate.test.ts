/*!
 * The container of a recorded agent command is built while the undo snapshot is taken, and waits
 * at a gate (sh/run.ts) until the snapshot is complete. Hostile: shellgate-sh killed (SIGKILL, as
 * an agent's timeout or the agent itself can) while the container waits must not let the command
 * run unrecorded and unchecked; nor may a snapshot that is refused. The store's lock, held by this
 * test, keeps shellgate-sh in its snapshot for as long as the test needs.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, runSh, runShAsync, SH_BIN, type Sandbox } from '../helpers/cli.js';
import { makeProject } from './project-state.js';
import { processesWith, until } from '../helpers/processes.js';

function setup(): { sb: Sandbox; dir: string; lock: string } {
  const sb = makeSandbox({ CLAUDECODE: '1' });
  const dir = join(sb.dir, 'app');
  mkdirSync(dir);
  makeProject(dir, sb.env);
  expect(runSh(['-c', 'touch first'], { env: sb.env, cwd: dir }).status).toBe(0); // the store exists
  const base = join(sb.env.SHELLGATE_STATE_DIR!, 'undo');
  return { sb, dir, lock: join(base, readdirSync(base)[0], 'lock') };
}

/** Starts `shellgate-sh -c 'touch NAME'` while the store is locked; resolves once its container is started. */
async function startWaiting(sb: Sandbox, dir: string, lock: string, name: string) {
  writeFileSync(lock, `${process.pid} ${hostname()} test\n`); // held by a live process: shellgate-sh waits
  const child = spawn(process.execPath, [SH_BIN, '-c', `touch ${name}`], { env: sb.env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  // The container (bubblewrap, then the gate in it) is started while the snapshot waits for the lock.
  await until('the container is started', () => processesWith(name, child.pid).length > 0, 10_000);
  return { child, exited, stderr: () => stderr };
}

describe('the container waits for the undo snapshot', () => {
  it('runs the command once the snapshot is taken (control)', async () => {
    const { sb, dir, lock } = setup();
    const name = `ran-${process.pid}-a`;
    const w = await startWaiting(sb, dir, lock, name);
    expect(existsSync(join(dir, name))).toBe(false); // waiting: not run yet
    rmSync(lock);
    expect(await w.exited).toBe(0);
    expect(existsSync(join(dir, name))).toBe(true);
  });

  it('a shellgate-sh killed while the container waits leaves the command unrun', async () => {
    const { sb, dir, lock } = setup();
    const name = `ran-${process.pid}-b`;
    const w = await startWaiting(sb, dir, lock, name);
    w.child.kill('SIGKILL');
    await w.exited;
    await until('the container is gone', () => processesWith(name).length === 0, 10_000);
    rmSync(lock);
    expect(existsSync(join(dir, name))).toBe(false);
  });

  it('a snapshot refused (undo required, the store broken) leaves the command unrun', async () => {
    const { sb, dir, lock } = setup();
    writeFileSync(join(sb.env.SHELLGATE_CONFIG_DIR!, 'undo.yaml'), 'required: true\n');
    const git = join(lock, '..', 'git');
    rmSync(git, { recursive: true, force: true });
    writeFileSync(git, 'not a directory');
    const name = `ran-${process.pid}-c`;
    const r = await runShAsync(['-c', `touch ${name}`], { env: sb.env, cwd: dir });
    expect(r.status).toBe(126);
    expect(r.stderr).toMatch(/refusing to run: no undo snapshot/);
    await until('the container is gone', () => processesWith(name).length === 0, 10_000);
    expect(existsSync(join(dir, name))).toBe(false);
  });
});
