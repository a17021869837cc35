/*!
 * shellgate-sh's classifier daemon, with real processes: the first call decides in-process and
 * starts a daemon; later calls are decided by it — the same answers, one audit entry per command,
 * the same approval queue; and whatever goes wrong with it (killed, replaced by something that is
 * not its socket, turned off) leaves shellgate-sh deciding in-process.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bundleSource } from '../helpers/bundle-source.js';
import { DAEMON_ENV, daemonPids, daemonSocketOf, makeSandbox, runCli, runSh, sleep, stopDaemons, type Sandbox } from '../helpers/cli.js';

let sb: Sandbox;
const socket = () => daemonSocketOf(sb);
const sockets = () => (existsSync(socket()) ? [socket()] : []);
const sh = (cmd: string) => runSh(['-c', cmd], { env: sb.env, cwd: sb.dir });

/** Waits until the daemon started by a first call is listening. */
async function daemonUp(): Promise<void> {
  for (let i = 0; i < 600 && sockets().length === 0; i++) await sleep(50); // up to 30 s: a loaded machine starts Node slowly
  expect(sockets()).toHaveLength(1);
}

function auditLines(): string[] {
  const dir = join(sb.env.SHELLGATE_STATE_DIR!, 'audit');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean));
}

beforeEach(() => {
  sb = makeSandbox({ ...DAEMON_ENV, CLAUDECODE: '1' });
  mkdirSync(join(sb.home, 'x'));
});
afterEach(() => stopDaemons(sb));

describe('with the classifier daemon', () => {
  it('the first call starts it; later calls get the same output and status through it', async () => {
    expect(sh('echo one; exit 3')).toMatchObject({ status: 3, stdout: 'one\n' });
    await daemonUp();
    expect(daemonPids(sb)).toHaveLength(1);
    const r = sh('echo $((6*7)) && echo err >&2');
    expect(r).toMatchObject({ status: 0, stdout: '42\n', stderr: 'err\n' });
    expect(daemonPids(sb)).toHaveLength(1);
  });

  it('refuses what the rules refuse, with the reason, and files the approval request', async () => {
    sh('true');
    await daemonUp();
    const denied = sh('rm -rf /');
    expect(denied.status).toBe(126);
    expect(denied.stderr).toMatch(/denied: rm -rf \/[\s\S]*fs\.delete-catastrophic/);
    const blocked = sh('rm -rf "$HOME/x"');
    expect(blocked.status).toBe(126);
    expect(existsSync(join(sb.home, 'x'))).toBe(true);
    const id = /shellgate approve (\d+)/.exec(blocked.stderr)![1];
    // The human, in their own terminal: no agent marker.
    expect(runCli(['approve', id], { env: { ...sb.env, CLAUDECODE: '' }, cwd: sb.dir }).status).toBe(0);
    expect(sh('rm -rf "$HOME/x"').status).toBe(0);
    expect(existsSync(join(sb.home, 'x'))).toBe(false);
    mkdirSync(join(sb.home, 'x'));
    expect(sh('rm -rf "$HOME/x"').status).toBe(126);
  });

  it('logs each command once', async () => {
    sh('true');
    await daemonUp();
    const before = auditLines().length;
    sh('echo a');
    sh('rm -rf /');
    const added = auditLines()
      .slice(before)
      .map((l) => JSON.parse(l) as { line: string; source: string; pid: number; daemon?: number });
    expect(added.map((e) => e.line)).toEqual(['echo a', 'rm -rf /']);
    expect(added.every((e) => e.source === 'shellgate-sh')).toBe(true);
    // decided by the daemon, in the name of each shellgate-sh process
    const [daemon] = daemonPids(sb);
    expect(added.every((e) => e.daemon === daemon && e.pid !== daemon)).toBe(true);
    expect(added[0]!.pid).not.toBe(added[1]!.pid);
  });

  it('a rule change takes effect on the next call', async () => {
    sh('true');
    await daemonUp();
    expect(sh('echo hello-rules').status).toBe(0);
    mkdirSync(join(sb.env.SHELLGATE_CONFIG_DIR!), { recursive: true });
    writeFileSync(
      join(sb.env.SHELLGATE_CONFIG_DIR!, 'rules.yaml'),
      'name: mine\nrules:\n  - id: user.no-hello\n    match: { program: echo, args: [hello-rules] }\n    risk: high\n    action: deny\n    message: not this one\n',
    );
    const r = sh('echo hello-rules');
    expect(r.status).toBe(126);
    expect(r.stderr).toMatch(/user\.no-hello/);
  });

  it('a killed daemon: shellgate-sh decides in-process and starts a new one', async () => {
    sh('true');
    await daemonUp();
    stopDaemons(sb);
    for (let i = 0; i < 40 && daemonPids(sb).length; i++) await sleep(50);
    expect(sh('echo still-here')).toMatchObject({ status: 0, stdout: 'still-here\n' });
    expect(sh('rm -rf /').status).toBe(126);
    await daemonUp();
  });

  it('something else in place of the socket is not talked to', async () => {
    sh('true');
    await daemonUp();
    const [sock] = sockets();
    stopDaemons(sb);
    for (let i = 0; i < 40 && daemonPids(sb).length; i++) await sleep(50);
    rmSync(sock!, { force: true });
    writeFileSync(sock!, 'not a socket');
    expect(sh('echo fine')).toMatchObject({ status: 0, stdout: 'fine\n' });
    expect(sh('rm -rf /').status).toBe(126);
  });

  it('with a state directory too deep for a socket address, listens in a private runtime directory', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'sg-run-'));
    try {
      const deep = join(sb.dir, 's'.repeat(100), 'state');
      sb = makeSandbox({ ...DAEMON_ENV, CLAUDECODE: '1', SHELLGATE_STATE_DIR: deep, TMPDIR: tmp });
      expect(socket().startsWith(join(tmp, `shellgate-${process.getuid!()}`) + '/')).toBe(true);
      sh('true');
      await daemonUp();
      expect(sh('echo via-daemon')).toMatchObject({ status: 0, stdout: 'via-daemon\n' });
      expect(sh('rm -rf /').status).toBe(126);
      expect(auditLines().map((l) => (JSON.parse(l) as { line: string }).line)).toEqual(['true', 'echo via-daemon', 'rm -rf /']);
    } finally {
      stopDaemons(sb);
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('exits when idle and removes its socket', async () => {
    // The daemon's own entry with a short idle time given by the test (not by the environment),
    // and no client that could be slower than that idle time: wait for its exit, not for a clock.
    const dir = mkdtempSync(join(tmpdir(), 'sg-idle-'));
    const sock = join(dir, 'd.sock');
    const seen: string[] = [];
    const watcher = watch(dir, (_, name) => void (name && seen.push(name)));
    const entry = pathToFileURL(bundleSource('src/daemon/server.ts')).href;
    const script = `import(${JSON.stringify(entry)}).then((m) => m.main([${JSON.stringify(sock)}], { idleMs: 200 }))`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { env: sb.env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise((done) => child.on('exit', done));
    watcher.close();
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(seen).toContain('d.sock'); // it did listen there
    expect(existsSync(sock)).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('SHELLGATE_DAEMON=0', () => {
  it('starts no daemon', async () => {
    sb = makeSandbox({ SHELLGATE_DAEMON: '0' });
    expect(sh('echo x').stdout).toBe('x\n');
    // A daemon the client started would be running by now: spawn returns after its exec.
    expect(sockets()).toEqual([]);
    expect(daemonPids(sb)).toEqual([]);
  });
});
