/*!
 * The container started before the daemon's answer (sh/early-container.ts): it waits at its gate
 * and runs the command only when the daemon allowed it and planned that very container. Hostile:
 * a denied command, a tampered remembered plan (another program, a writable root), a plan that
 * changed since it was remembered (a new secret file to mask), a shellgate-sh killed while the
 * container waits, a daemon that never answers (the command runs once, not twice).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { daemonSocket } from '../../src/daemon/protocol.js';
import { ROOT } from '../helpers/cli.js';
import { makeWorld, SH_BIN, type World } from './helpers.js';
import { processesWith, until } from '../helpers/processes.js';

const CONTAIN_BIN = join(ROOT, 'bin', 'shellgate-contain.cjs');
const sh = (w: World, command: string) => spawnSync(process.execPath, [SH_BIN, '-c', command], { cwd: w.project, env: w.env, encoding: 'utf8' });

function world(): World {
  const w = makeWorld({ SHELLGATE_DAEMON: '1', SHELLGATE_DAEMON_IDLE_MS: '60000' });
  for (let i = 0; i < 3; i++) expect(sh(w, 'true').status).toBe(0); // a daemon, and a remembered plan
  return w;
}

/** The remembered plans of `w` (one per directory). */
function remembered(w: World): string[] {
  const dir = join(w.state, 'contain', 'early');
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => join(dir, f))
    : [];
}

/** Stops `w`'s daemons and listens on their socket in their place: `onRequest` decides what happens. */
function impostor(w: World, onRequest: 'close' | 'silence'): Promise<Server> {
  const path = daemonSocket(join(ROOT, 'dist', 'bundle'), w.env)!;
  for (const pid of processesWith(path)) process.kill(pid, 'SIGKILL');
  rmSync(path, { force: true });
  const server = createServer((s) => {
    s.on('error', () => {});
    s.once('data', () => (onRequest === 'close' ? s.destroy() : undefined));
  });
  servers.push(server);
  return new Promise((ok) => server.listen(path, () => ok(server)));
}
const servers: Server[] = [];
afterAll(() => {
  for (const s of servers) s.close();
});

describe('the container started before the answer', () => {
  it('is remembered per directory, and ordinary commands still run and say what they did (control)', () => {
    const w = world();
    expect(remembered(w)).toHaveLength(1);
    const r = sh(w, 'echo out; echo err >&2; echo made > made.txt; exit 3');
    expect([r.status, r.stdout, r.stderr]).toEqual([3, 'out\n', 'err\n']);
    expect(readFileSync(join(w.project, 'made.txt'), 'utf8')).toBe('made\n');
  });

  it('never runs a command the daemon denied', () => {
    const w = world();
    const marker = join(w.project, `ran-${process.pid}`);
    const r = sh(w, `touch ${marker}; rm -rf ~`);
    expect(r.status).toBe(126);
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(join(w.home, 'data', 'precious.txt'))).toBe(true);
  });

  it('never starts a program a tampered plan names, and a tampered container is not the one used', () => {
    const w = world();
    const [file] = remembered(w);
    const plan = JSON.parse(readFileSync(file, 'utf8'));
    const evil = join(w.project, 'evil.sh');
    writeFileSync(evil, `#!/bin/sh\ntouch ${join(w.project, 'evil-ran')}\n`);
    chmodSync(evil, 0o755);
    writeFileSync(file, JSON.stringify({ ...plan, file: evil }));
    expect(sh(w, 'echo ok').stdout).toBe('ok\n');
    expect(existsSync(join(w.project, 'evil-ran'))).toBe(false);
    // A root-owned program but a container whose root is writable: started, never used.
    const outside = join(w.home, 'escaped');
    writeFileSync(file, JSON.stringify({ ...plan, prefix: [...plan.prefix.slice(0, -1), '--bind', '/', '/', '--'] }));
    const r = sh(w, `touch ${outside}; echo done`);
    expect(r.stdout).toBe('done\n');
    expect(existsSync(outside)).toBe(false);
  });

  it('shellgate-contain (what hooks rewrite commands into) uses it only when it is the daemon plan', () => {
    const w = world();
    const [file] = remembered(w);
    const plan = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...plan, prefix: [...plan.prefix.slice(0, -1), '--bind', '/', '/', '--'] }));
    const outside = join(w.home, 'escaped');
    const r = spawnSync(process.execPath, [CONTAIN_BIN, '-c', `touch ${outside}; echo done`], { cwd: w.project, env: w.env, encoding: 'utf8' });
    expect(r.stdout).toBe('done\n');
    expect(existsSync(outside)).toBe(false);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(plan); // the daemon's plan is remembered again
  });

  it('is not used when the plan changed since: a secret file that appeared is masked', () => {
    const w = world();
    writeFileSync(join(w.project, '.env'), 'API_TOKEN=hunter2-secret\n');
    writeFileSync(join(w.project, 'size.py'), "import os\nprint(os.path.getsize('.env'))\n");
    const r = sh(w, 'python3 size.py');
    expect([r.status, r.stdout.trim()]).toEqual([0, '0']); // the empty file in its place
    expect(readFileSync(join(w.project, '.env'), 'utf8')).toContain('hunter2-secret');
  });

  it('a shellgate-sh killed while its container waits for the answer leaves the command unrun', async () => {
    const w = world();
    await impostor(w, 'silence');
    const name = `waited-${process.pid}`;
    const child = spawn(process.execPath, [SH_BIN, '-c', `touch ${name}`], { cwd: w.project, env: w.env, stdio: 'ignore' });
    const exited = new Promise((ok) => child.on('close', ok));
    await until('the early container is started', () => processesWith(name, child.pid).length > 0, 10_000);
    child.kill('SIGKILL');
    await exited;
    await until('the container is gone', () => processesWith(name).length === 0, 10_000);
    expect(existsSync(join(w.project, name))).toBe(false);
  });

  it('runs a command once when the daemon gives no answer (the early container is dropped)', async () => {
    const w = world();
    await impostor(w, 'close'); // served by this process: the call must not block it (no spawnSync)
    const child = spawn(process.execPath, [SH_BIN, '-c', 'echo once >> count.txt'], { cwd: w.project, env: w.env, stdio: 'ignore' });
    expect(await new Promise((ok) => child.on('close', ok))).toBe(0);
    expect(readFileSync(join(w.project, 'count.txt'), 'utf8')).toBe('once\n');
  });
});
