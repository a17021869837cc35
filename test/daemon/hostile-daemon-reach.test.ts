/*!
 * The classifier daemon's `audit` and `undo-after` requests (daemon/server.ts) as an agent would
 * try to use them, every part real (the built shellgate-sh, bubblewrap, bash, the daemon it
 * starts): a client the agent wrote, run as its command, that looks for the daemon's socket (by
 * its path, through /proc/PID/root of the daemon, among every process's descriptors) and sends a
 * forged `command-effect` entry with an approval and a verdict beside it, and an `undo-after` job
 * for a project that is not its own. Contained (the default): it reaches no socket and nothing
 * lands in the log or the journal. In `agents: advisory` mode the agent runs as the user, with no
 * container: it reaches the daemon (as it could reach every file of the user's), and what it can
 * have written there is a command's effect and nothing else.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { daemonSocket } from '../../src/daemon/protocol.js';
import { ROOT } from '../helpers/cli.js';
import { agentRun, makeWorld, type World } from '../contain/helpers.js';

const CLIENT = String.raw`
import { createConnection } from 'node:net';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
const { socket, daemonPid } = JSON.parse(readFileSync('target.json', 'utf8'));
const candidates = [socket, '/proc/' + daemonPid + '/root' + socket];
for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
  let fds = [];
  try { fds = readdirSync('/proc/' + pid + '/fd'); } catch {}
  for (const fd of fds) {
    try { if (readlinkSync('/proc/' + pid + '/fd/' + fd).startsWith('socket:')) candidates.push('/proc/' + pid + '/fd/' + fd); } catch {}
  }
}
const event = {
  event: 'command-effect', source: 'shellgate-sh', pid: 1, sessionId: 'forged', actor: { kind: 'human' }, cwd: '/', line: 'FORGED',
  exitStatus: 0, approval: { by: 'human', id: 'FORGED' }, verdict: { decision: 'allow', risk: 'none', reasons: [] }, note: 'FORGED',
  effect: { project: '/', undoSeq: 1, added: 0, modified: 0, deleted: 0, paths: [], lost: [], lostCount: 0 },
};
const results = [];
for (const path of candidates) {
  results.push(await new Promise((done) => {
    const c = createConnection(path, () => c.write(JSON.stringify({ v: PROTOCOL_V, kind: 'audit', event }) + '\n'));
    let got = '';
    c.setEncoding('utf8');
    c.on('data', (d) => (got += d));
    c.on('end', () => done(path + ' answered ' + got.trim()));
    c.on('error', (e) => done(path + ' ' + e.code));
  }));
}
console.log(JSON.stringify(results));
`;

function world(advisory: boolean): World {
  const w = makeWorld({ SHELLGATE_DAEMON: '1', SHELLGATE_DAEMON_IDLE_MS: '60000' });
  mkdirSync(w.config, { recursive: true });
  if (advisory) writeFileSync(join(w.config, 'sandbox.yaml'), 'agents: advisory\nbwrap: /nonexistent/bwrap\n');
  return w;
}

/** Starts `w`'s daemon (a first call starts it) and waits for its socket: its path and pid. */
async function daemonOf(w: World): Promise<{ socket: string; daemonPid: number }> {
  const socket = daemonSocket(join(ROOT, 'dist', 'bundle'), w.env)!;
  for (let i = 0; i < 600 && !existsSync(socket); i++) {
    if (i % 100 === 0) expect(agentRun(w, 'true').status).toBe(0);
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(existsSync(socket)).toBe(true);
  const daemonPid = Number(
    readdirSync('/proc').find((p) => {
      try {
        return /^\d+$/.test(p) && readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(socket);
      } catch {
        return false;
      }
    }),
  );
  return { socket, daemonPid };
}

/** Runs the agent's client as its command; what each attempt came to. */
async function attack(w: World): Promise<string[]> {
  const { PROTOCOL } = await import('../../src/daemon/protocol.js');
  writeFileSync(join(w.project, 'target.json'), JSON.stringify(await daemonOf(w)));
  writeFileSync(join(w.project, 'client.mjs'), CLIENT.replace('PROTOCOL_V', String(PROTOCOL)));
  const r = agentRun(w, `${process.execPath} client.mjs`);
  expect(r.stderr).not.toMatch(/blocked|denied/i);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
}

const logText = (w: World) => {
  try {
    return readFileSync(join(w.state, 'audit', 'audit.jsonl'), 'utf8');
  } catch {
    return '';
  }
};

describe("the daemon's socket from an agent's command", () => {
  it('contained: no path reaches it, and nothing forged is in the log', async () => {
    const w = world(false);
    const results = await attack(w);
    expect(results.length).toBeGreaterThanOrEqual(2);
    for (const r of results) expect(r).not.toMatch(/answered/);
    expect(logText(w)).not.toMatch(/FORGED|forged/);
  }, 120_000);

  it('advisory (uncontained, as the user): it reaches it, and only the fields of an effect are written', async () => {
    const w = world(true);
    const results = await attack(w);
    expect(results.some((r) => r.includes('answered'))).toBe(true);
    const forged = logText(w)
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .filter((e) => e.session === 'forged');
    expect(forged.length).toBeGreaterThan(0);
    for (const e of forged) {
      expect(e).toMatchObject({ event: 'command-effect', verdict: null, approval: null });
      expect(e).not.toHaveProperty('note');
    }
  }, 120_000);
});
