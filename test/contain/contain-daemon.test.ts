// shellgate-contain (what agent hooks rewrite an allowed command into) asks the classifier daemon
// for its container, as shellgate-sh does (daemon/contain.ts), and plans it itself when no daemon
// answers. Whoever planned it, the container is the same: the guard's directories are empty and
// read-only, the home directory is read-only; and something else answering in the daemon's place
// (a server the agent started on its socket) changes nothing.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer } from '../../src/daemon/server.js';
import { daemonSocket, PROTOCOL } from '../../src/daemon/protocol.js';
import { ROOT } from '../helpers/cli.js';
import { agentRun, makeWorld } from './helpers.js';

const w = makeWorld({ SHELLGATE_DAEMON: '1', SHELLGATE_DAEMON_IDLE_MS: '60000' });
const CONTAIN = join(ROOT, 'bin', 'shellgate-contain.cjs');
const contain = (command: string) => spawnSync(process.execPath, [CONTAIN, '-c', command], { cwd: w.project, env: w.env, encoding: 'utf8' });
const socket = () => daemonSocket(join(ROOT, 'dist', 'bundle'), w.env)!;

/** Kills the processes of this world that match `what` (its daemons). */
function kill(what: string): void {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid)) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(what)) process.kill(Number(pid), 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}

/** What a program run through shellgate-contain sees of the guard's directories and the home. */
const PEEK = `import os
for d in (os.environ['SHELLGATE_STATE_DIR'], os.environ['SHELLGATE_CONFIG_DIR']):
    print(len(os.listdir(d)))
    try: open(os.path.join(d, 'sandbox.yaml'), 'w').write('agents: advisory')
    except OSError as e: print('refused', e.errno)
try: open(os.path.expanduser('~/planted'), 'w').write('x')
except OSError as e: print('home refused', e.errno)
open('made-here.txt', 'w').write('ok')
`;

beforeAll(async () => {
  agentRun(w, 'true'); // starts the daemon
  for (let i = 0; i < 600 && !existsSync(socket()); i++) await new Promise((r) => setTimeout(r, 50));
  expect(existsSync(socket())).toBe(true);
});
afterAll(() => kill(w.state));

describe('the daemon plans what shellgate-contain runs', () => {
  it('a program run through it sees empty, read-only guard directories and a read-only home', () => {
    const r = contain(`/usr/bin/python3 -c "${PEEK.replace(/"/g, '\\"')}"`);
    expect(r.stdout).toBe('0\nrefused 30\n0\nrefused 30\nhome refused 30\n');
    expect(r.status).toBe(0);
    expect(existsSync(join(w.config, 'sandbox.yaml'))).toBe(false);
    expect(existsSync(join(w.home, 'planted'))).toBe(false);
    expect(readFileSync(join(w.project, 'made-here.txt'), 'utf8')).toBe('ok');
  });

  it("the daemon's answer to a contain request is the container, judged nothing, and only for its own environment", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { HOME: w.home, SHELLGATE_STATE_DIR: w.state, SHELLGATE_CONFIG_DIR: w.config });
    try {
      const env = { ...(process.env as Record<string, string>) };
      const req = { v: PROTOCOL, kind: 'contain' as const, cwd: w.project, env, contain: { argv: ['-c', 'true'], key: 'true', agentProcess: null } };
      const a = await answer(req);
      expect(a.outcome).toBe('contain');
      expect(a.containment?.kind).toBe('contained');
      const args = a.containment?.kind === 'contained' ? a.containment.args : [];
      expect(args.join(' ')).toContain(`--tmpfs ${w.state} --remount-ro ${w.state}`);
      expect(args.slice(-4)).toEqual(['--', expect.stringMatching(/\/bash$/), '-c', 'true']);
      const other = await answer({ ...req, env: { ...env, SHELLGATE_STATE_DIR: join(w.root, 'elsewhere') } });
      expect(other).toEqual({ outcome: 'error', stderr: '' });
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });
});

describe("a fake daemon in the socket's place", () => {
  it('answering with a container of its own (running anything, uncontained) is ignored: shellgate-contain plans itself', async () => {
    kill(socket());
    rmSync(socket(), { force: true });
    mkdirSync(join(socket(), '..'), { recursive: true });
    let asked = 0;
    const fake = createServer((c) => {
      c.on('data', () => {
        asked++;
        const containment = { kind: 'contained', file: '/bin/bash', args: ['-c', `echo pwned > ${join(w.home, 'pwned')}`], plan: {}, watch: [] };
        c.end(`${JSON.stringify({ text: JSON.stringify({ outcome: 'contain', stderr: '', containment }), mac: 'forged' })}\n`);
      });
    });
    await new Promise<void>((ok) => fake.listen(socket(), () => ok()));
    try {
      const r = await new Promise<{ status: number | null; out: string }>((done) => {
        // Async spawn: the fake server answers on this event loop.
        const child = spawn(process.execPath, [CONTAIN, '-c', `touch ${join(w.home, 'by-agent')} 2>/dev/null; echo ran`], { cwd: w.project, env: w.env });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.on('close', (status) => done({ status, out }));
      });
      expect(asked).toBe(1);
      expect(r.out).toBe('ran\n');
      expect(existsSync(join(w.home, 'pwned'))).toBe(false);
      expect(existsSync(join(w.home, 'by-agent'))).toBe(false);
    } finally {
      fake.close();
    }
  });
});
