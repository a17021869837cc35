#!/usr/bin/env node
// The floor under `shellgate-sh -c true` (scripts/bench-sh.mjs): what any Node client of a daemon
// that runs bash in bubblewrap must pay, whatever shellgate does. Each sample is a fresh process,
// runs interleaved, clean environment (only HOME, PATH, XDG_*), medians, ratios to `node -e 0`:
//   - a Node process that connects to a unix socket, sends one line and reads one line back;
//   - bubblewrap with the real argv shellgate plans for `-c true` here, running bash, alone;
//   - Node spawning that (spawnSync), and the same after one socket round trip: the floor;
//   - shellgate-sh -c true itself (daemon warm).
// With --before DIR (another checkout, built), its shellgate-sh runs in the same rounds.
// Figures only, no pass/fail.
//   node scripts/bench-sh-floor.mjs [--runs N] [--before DIR]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const at = process.argv.indexOf('--runs');
const RUNS = at > 0 ? Number(process.argv[at + 1]) : 25;
const beforeAt = process.argv.indexOf('--before');
const before = beforeAt > 0 ? process.argv[beforeAt + 1] : null;

const work = mkdtempSync(join(tmpdir(), 'shellgate-floor-'));
const env = { SHELLGATE_STATE_DIR: join(work, 'state'), SHELLGATE_DAEMON: '1', SHELLGATE_DAEMON_IDLE_MS: '5000' };
for (const [k, v] of Object.entries(process.env)) if (k === 'HOME' || k === 'PATH' || k.startsWith('XDG_')) env[k] = v;

// The container shellgate plans for `-c true` in this directory (with this state dir).
Object.assign(process.env, { SHELLGATE_STATE_DIR: env.SHELLGATE_STATE_DIR });
const { planHere } = await import('../dist/sh/plan.js');
const { trustedBash } = await import('../dist/config/trusted-bash.js');
const plan = planHere({ bash: trustedBash(undefined), argv: ['-c', 'true'], cwd: process.cwd(), env, key: 'true' }, null);
if (plan.kind !== 'contained') throw new Error(`no container here: ${plan.refused ?? plan.kind}`);

// A one-line echo server standing in for the daemon (its answer costs it nothing).
const sock = join(work, 'echo.sock');
const serverCode = `require('node:net').createServer((c) => { let b = ''; c.on('data', (d) => { b += d; if (b.includes('\\n')) c.end(b); }); }).listen(${JSON.stringify(sock)}, () => process.stdout.write('up\\n'));`;
const server = spawn(process.execPath, ['-e', serverCode], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((ok) => server.stdout.once('data', ok));

const request = JSON.stringify({ v: 1, units: [{ what: 'true', text: 'true' }], cwd: process.cwd(), env });
const clientFile = join(work, 'client.cjs');
const clientSpawnFile = join(work, 'client-spawn.cjs');
writeFileSync(
  clientFile,
  `const c = require('node:net').createConnection(${JSON.stringify(sock)}, () => c.write(${JSON.stringify(request + '\n')}));
c.on('data', () => c.destroy());`,
);
writeFileSync(
  clientSpawnFile,
  `const c = require('node:net').createConnection(${JSON.stringify(sock)}, () => c.write(${JSON.stringify(request + '\n')}));
c.on('data', () => {
  c.destroy();
  const child = require('node:child_process').spawn(${JSON.stringify(plan.file)}, ${JSON.stringify(plan.args)}, { stdio: 'inherit', argv0: 'bash' });
  child.on('exit', (code) => process.exit(code));
});`,
);
const spawnOnly = `require('node:child_process').spawnSync(${JSON.stringify(plan.file)}, ${JSON.stringify(plan.args)}, { stdio: 'inherit' })`;

const subjects = {
  'node -e 0': [process.execPath, ['-e', '0']],
  'node: one socket round trip': [process.execPath, [clientFile]],
  'bwrap (real argv) bash -c true': [plan.file, plan.args],
  'node: spawnSync(bwrap …)': [process.execPath, ['-e', spawnOnly]],
  'node: round trip, then spawn bwrap': [process.execPath, [clientSpawnFile]],
  'shellgate-sh -c true': [process.execPath, [join(root, 'bin/shellgate-sh.cjs'), '-c', 'true']],
  ...(before ? { 'the same, --before checkout': [process.execPath, [join(before, 'bin/shellgate-sh.cjs'), '-c', 'true']] } : {}),
  'bash -c true': ['bash', ['-c', 'true']],
};

function once(file, args) {
  const t = process.hrtime.bigint();
  const r = spawnSync(file, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${file} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return ms;
}

const samples = Object.fromEntries(Object.keys(subjects).map((k) => [k, []]));
for (const [file, args] of Object.values(subjects)) once(file, args); // warm the file cache, start the daemon
await new Promise((r) => setTimeout(r, 500));
for (let i = 0; i < RUNS; i++) for (const [name, [file, args]] of Object.entries(subjects)) samples[name].push(once(file, args));
server.kill();

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const node = median(samples['node -e 0']);
const width = Math.max(...Object.keys(subjects).map((k) => k.length));
console.log(`the floor under shellgate-sh -c true, median of ${RUNS} runs each (interleaved)`);
for (const [name, xs] of Object.entries(samples)) {
  console.log(`  ${name.padEnd(width)}  ${median(xs).toFixed(1).padStart(7)} ms  ${(median(xs) / node).toFixed(2)}× node -e 0`);
}
