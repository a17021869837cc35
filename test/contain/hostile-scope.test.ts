// Issue 12, red team: the container shares the host's network, so without more an agent's command
// reaches the host's abstract unix sockets (a session D-Bus from dbus-launch, X11's
// @/tmp/.X11-unix/X0, through which xdotool types into the human's terminal). bubblewrap is
// started through the Landlock scope helper (native/scope-exec.c, contain/scope-helper.ts):
// processes in the container cannot connect to an abstract socket made outside it, nor signal a
// process outside it. Each test checks the effect (what the listener received, whether the process
// is still alive), next to a control where the same attempt succeeds (so that the test can fail).
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentRun, human, makeWorld, type World } from './helpers.js';

const NODE = process.execPath;
const BWRAP_ONLY = [
  '--ro-bind',
  '/',
  '/',
  '--dev',
  '/dev',
  '--proc',
  '/proc',
  '--unshare-pid',
  '--die-with-parent',
  '--cap-drop',
  'ALL',
  '--new-session',
  '--',
];
const name = `sg-scope-${process.pid}-${Date.now()}`;
const received: string[] = [];
let server: Server;

beforeAll(async () => {
  server = createServer((sock) => sock.on('data', (d) => received.push(d.toString())));
  await new Promise<void>((ok) => server.listen(`\0${name}`, ok));
});
afterAll(() => {
  server.close();
});

/** A client the agent wrote: connects to the abstract socket `name`, sends `who`, says what happened. */
function client(w: World): string {
  writeFileSync(
    join(w.project, 'conn.cjs'),
    `const c = require('net').connect('\\0' + process.argv[2]);\nc.on('connect', () => c.write(process.argv[3], () => { console.log('connected'); c.destroy(); }));\nc.on('error', (e) => console.log('refused ' + e.code));\n`,
  );
  return join(w.project, 'conn.cjs');
}

/** Waits until the listener has read `who` (the event loop was blocked while the clients ran). */
async function receivedFrom(who: string): Promise<string[]> {
  while (!received.includes(who)) await new Promise((r) => setImmediate(r));
  await new Promise((r) => setImmediate(r));
  return received;
}

/** The scope helper shellgate built for `w` (in its cache directory, hidden from agent commands). */
function helperOf(w: World): string {
  const dir = join(w.home, '.cache', 'shellgate');
  const bin = readdirSync(dir).find((f) => /^scope-exec-[0-9a-f]{16}$/.test(f));
  if (!bin) throw new Error(`no scope helper was built in ${dir}`);
  return join(dir, bin);
}

/**
 * This kernel's Landlock ABI, asked without shellgate's helper (-1: none). The tests of scoping need
 * ABI 6 (Linux 6.12+) and are skipped, by name, on older kernels; what happens there is the
 * "helper unavailable" case, which the status file simulates below. An ABI that cannot be asked
 * at all fails the file rather than skipping it.
 */
const ABI = Number(
  spawnSync('/usr/bin/python3', ['-c', 'import ctypes; print(ctypes.CDLL(None, use_errno=True).syscall(444, None, 0, 1))'], { encoding: 'utf8' }).stdout,
);
if (Number.isNaN(ABI)) throw new Error('cannot ask the kernel for its Landlock ABI (/usr/bin/python3 with ctypes)');
const scopes = ABI >= 6;

const alive = (pid: number) => !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));

describe.runIf(scopes)('abstract unix sockets of the host', () => {
  const w = makeWorld();

  it('a contained command cannot connect to one; the same client connects uncontained and under bubblewrap alone', async () => {
    const conn = client(w);
    expect(agentRun(w, `${NODE} conn.cjs ${name} contained`).stdout).toBe('refused EPERM\n');
    // Controls: bubblewrap by itself shares the abstract namespace; outside, nothing stops it.
    expect(spawnSync('/usr/bin/bwrap', [...BWRAP_ONLY, NODE, conn, name, 'bwrap'], { encoding: 'utf8' }).stdout).toBe('connected\n');
    expect(spawnSync(NODE, [conn, name, 'control'], { encoding: 'utf8' }).stdout).toBe('connected\n');
    const got = await receivedFrom('control');
    expect(got).toContain('bwrap');
    expect(got).not.toContain('contained');
  });

  it('a program in the command still serves and reaches an abstract socket of its own', () => {
    writeFileSync(
      join(w.project, 'own.cjs'),
      `const net = require('net');\nconst s = net.createServer((c) => c.end('pong'));\ns.listen('\\0own-' + process.pid, () => {\n  net.connect('\\0own-' + process.pid).on('data', (d) => { console.log('own ' + d); s.close(); }).on('error', (e) => { console.log('refused ' + e.code); s.close(); });\n});\n`,
    );
    expect(agentRun(w, `${NODE} own.cjs`).stdout).toBe('own pong\n');
  });
});

describe.runIf(scopes)('signals to processes outside the container', () => {
  const w = makeWorld();

  it('a contained command cannot signal a process outside, by a pid it read from a file', () => {
    const sleeper = spawn('sleep', ['1000'], { stdio: 'ignore' });
    try {
      const pid = sleeper.pid!;
      writeFileSync(join(w.project, 'pid.txt'), String(pid));
      writeFileSync(
        join(w.project, 'sig.py'),
        `import os, signal\ntry:\n    os.kill(int(open('pid.txt').read()), signal.SIGTERM)\n    print('sent')\nexcept OSError as e: print('refused', e.errno)\n`,
      );
      expect(agentRun(w, '/usr/bin/python3 sig.py').stdout).toMatch(/^refused \d+\n$/);
      expect(alive(pid)).toBe(true);
      // The helper itself: outside any PID namespace the pid is there, and still cannot be signalled.
      const scoped = spawnSync(helperOf(w), ['/bin/kill', '-TERM', String(pid)], { encoding: 'utf8' });
      expect(scoped.status).not.toBe(0);
      expect(scoped.stderr).toMatch(/Operation not permitted/);
      expect(alive(pid)).toBe(true);
      // Control: the same kill, unscoped, reaches it.
      expect(spawnSync('/bin/kill', ['-0', String(pid)]).status).toBe(0);
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  it('the helper runs nothing it cannot scope: a relative program is refused with status 125', () => {
    agentRun(w, 'true');
    const r = spawnSync(helperOf(w), ['touch', join(w.root, 'ran')], { encoding: 'utf8', cwd: '/usr/bin' });
    expect(r.status).toBe(125);
    expect(r.stderr).toMatch(/^shellgate scope-exec: usage: .*nothing was run\n$/);
    expect(readdirSync(w.root)).not.toContain('ran');
  });
});

describe.runIf(scopes)('where the helper is unavailable', () => {
  const w = makeWorld();

  it('the command still runs contained, and its audit entry says that sockets and signals are not scoped', async () => {
    const conn = client(w);
    expect(agentRun(w, `${NODE} conn.cjs ${name} scoped`).stdout).toBe('refused EPERM\n');
    // As on a kernel without Landlock ABI 6: the probe's remembered outcome says it cannot scope.
    const status = `${helperOf(w)}.status`;
    const key = readFileSync(status, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('probe '))[0]!
      .split('\t')[0];
    appendFileSync(status, `${key}\tLandlock ABI 5 < 6: this kernel cannot scope abstract unix sockets and signals; nothing was run\n`);
    expect(agentRun(w, `${NODE} conn.cjs ${name} unscoped; echo x > ~/outside.txt`).stdout).toBe('connected\n');
    expect(readdirSync(w.home)).not.toContain('outside.txt');
    const entry = JSON.parse(
      readFileSync(join(w.state, 'audit', 'audit.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .filter((l) => l.includes('"event":"command"') && l.includes('unscoped'))[0]!,
    );
    expect(entry.note).toMatch(/abstract unix sockets and signals are not scoped: Landlock ABI 5 < 6/);
    expect(await receivedFrom('unscoped')).not.toContain('scoped');
    // Judged, logged and planned by the classifier daemon: its entry says so too.
    const daemon = { SHELLGATE_DAEMON: '1', SHELLGATE_DAEMON_IDLE_MS: '20000' };
    agentRun(w, 'true', { env: daemon });
    for (let i = 0; i < 600 && !readdirSync(w.state).some((f) => f.endsWith('.sock')); i++) await new Promise((r) => setTimeout(r, 50));
    expect(agentRun(w, 'echo via-daemon', { env: daemon }).stdout).toBe('via-daemon\n');
    const judged = JSON.parse(
      readFileSync(join(w.state, 'audit', 'audit.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .filter((l) => l.includes('"line":"echo via-daemon"'))[0]!,
    );
    expect(judged.daemon).toBeDefined();
    expect(judged.note).toMatch(/abstract unix sockets and signals are not scoped: Landlock ABI 5 < 6/);
    // shellgate doctor probes again, whatever was remembered: this kernel can scope, so it says ok
    // and the next command is scoped again.
    const doctor = human(w, ['doctor']);
    expect(doctor.stdout).toMatch(/^ok {3}scope: abstract unix sockets and signals are scoped/m);
    expect(doctor.status).toBe(0);
    expect(agentRun(w, `${NODE} ${conn} ${name} again`, { env: daemon }).stdout).toBe('refused EPERM\n');
  });

  it('without a compiler that builds it: contained, unscoped, said in the log, and doctor says how to fix it', () => {
    const v = makeWorld();
    agentRun(v, 'true');
    const bin = helperOf(v);
    const status = `${bin}.status`;
    // As where the build failed (no C library headers): the remembered outcome for this compiler.
    const cc = realpathSync('/usr/bin/cc'); // the compiler shellgate takes (root-owned, never from PATH)
    const st = statSync(cc);
    appendFileSync(status, `cc ${cc} ${st.size} ${st.mtimeMs}\tscope-exec.c:16:10: fatal error: errno.h: No such file or directory\n`);
    rmSync(bin);
    expect(agentRun(v, 'echo built-not').stdout).toBe('built-not\n');
    expect(existsSync(bin)).toBe(false); // not retried on every command
    const entry = readFileSync(join(v.state, 'audit', 'audit.jsonl'), 'utf8')
      .split('\n')
      .find((l) => l.includes('"line":"echo built-not"'))!;
    expect(JSON.parse(entry).note).toMatch(/not scoped: the scope helper did not build: .*errno\.h/);
    const doctor = human(v, ['doctor']);
    expect(doctor.stdout).toMatch(/^ok {3}scope: /m); // it builds again, and here it can
    expect(existsSync(bin)).toBe(true);
  });
});
