#!/usr/bin/env node
/*!
 * Benchmarks of the guarded shell (prints figures; no pass/fail). Needs a build (dist/).
 *
 * 1. Added latency, Enter → command start, for an allowed line: bash prints $EPOCHREALTIME as
 *    the command starts; we note the wall-clock time we wrote the Enter. The same measurement on a
 *    plain bash in the same kind of PTY is the baseline; "added" is the difference (p50, p99).
 * 2. Throughput: 200 MB of `base64 /dev/urandom` through `node bin/shellgate.js` and through
 *    `script -qfc`, both inside a PTY read by this process; median wall time of a few runs.
 *
 * Options: --runs N (latency samples, default 200), --mb N (default 200), --reps N (default 3).
 */
import { spawn } from '@lydell/node-pty';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(REPO, 'bin', 'shellgate.js');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const RUNS = opt('runs', 200);
const MB = opt('mb', 200);
const REPS = opt('reps', 3);
const PROMPT = 'bench$ ';

const nowUs = () => (performance.timeOrigin + performance.now()) * 1000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function sandbox() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-bench-'));
  const home = path.join(root, 'home');
  fs.mkdirSync(home);
  fs.writeFileSync(path.join(home, '.bashrc'), `PS1='${PROMPT}'\nHISTFILE=/dev/null\n`);
  const env = {
    HOME: home,
    PATH: process.env.PATH,
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
    SHELLGATE_STATE_DIR: path.join(root, 'state'),
    SHELLGATE_CONFIG_DIR: path.join(root, 'config'),
  };
  return { root, home, env };
}

/** A PTY child whose output we scan (keeping only a small tail, so 200 MB costs little). */
function run(file, argv, sb) {
  const p = spawn(file, argv, { name: 'xterm-256color', cols: 120, rows: 40, cwd: sb.home, env: sb.env, encoding: null });
  const state = { tail: Buffer.alloc(0), waiters: [] };
  p.onData((d) => {
    state.tail = state.tail.length + d.length > 8192 ? Buffer.concat([state.tail.subarray(-256), d]) : Buffer.concat([state.tail, d]);
    for (const w of [...state.waiters]) w();
  });
  const exited = new Promise((r) => p.onExit(r));
  const waitFor = (re, timeoutMs = 300_000) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timeout waiting for ${re}: …${JSON.stringify(state.tail.toString('latin1').slice(-300))}`)), timeoutMs);
      const check = () => {
        const text = state.tail.toString('latin1');
        const m = re.exec(text);
        if (!m) return;
        clearTimeout(timer);
        state.waiters.splice(state.waiters.indexOf(check), 1);
        state.tail = Buffer.from(text.slice(m.index + m[0].length), 'latin1');
        resolve(m);
      };
      state.waiters.push(check);
      check();
    });
  /** Resolves when `marker` shows up; cheap per chunk (a Buffer search, no decoding). */
  const waitForBytes = (marker) =>
    new Promise((resolve) => {
      const needle = Buffer.from(marker);
      const check = () => {
        if (!state.tail.includes(needle)) return;
        state.waiters.splice(state.waiters.indexOf(check), 1);
        state.tail = Buffer.alloc(0);
        resolve();
      };
      state.waiters.push(check);
      check();
    });
  return { p, waitFor, waitForBytes, exited, state };
}

function percentile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function latency(label, file, argv) {
  const sb = sandbox();
  const t = run(file, argv, sb);
  try {
    await t.waitFor(/bench\$ $/);
    const samples = [];
    for (let i = 0; i < RUNS + 5; i++) {
      t.p.write('echo "T=$EPOCHREALTIME"');
      await t.waitFor(/echo "T=\$EPOCHREALTIME"$/);
      const t0 = nowUs();
      t.p.write('\r');
      const m = await t.waitFor(/T=(\d+)\.(\d{6})/);
      const started = Number(m[1]) * 1e6 + Number(m[2]);
      await t.waitFor(/bench\$ $/);
      if (i >= 5) samples.push(started - t0);
    }
    samples.sort((a, b) => a - b);
    return { label, p50: percentile(samples, 0.5) / 1000, p99: percentile(samples, 0.99) / 1000 };
  } finally {
    t.p.kill();
    await t.exited; // shellgate writes the session's last audit entry as it ends
    fs.rmSync(sb.root, { recursive: true, force: true });
  }
}

const BYTES = MB * 1024 * 1024;
const PAYLOAD = `base64 /dev/urandom | head -c ${BYTES}; printf '\\nBENCH-%s\\n' END`;

async function throughputScript() {
  const sb = sandbox();
  const start = performance.now();
  const t = run('script', ['-qfc', PAYLOAD, '/dev/null'], sb);
  await t.waitForBytes('BENCH-END');
  const secs = (performance.now() - start) / 1000;
  t.p.kill();
  fs.rmSync(sb.root, { recursive: true, force: true });
  return secs;
}

async function throughputShellgate() {
  const sb = sandbox();
  const t = run(process.execPath, [CLI], sb);
  try {
    await t.waitFor(/bench\$ $/);
    t.p.write(PAYLOAD);
    await t.waitFor(/ END$/);
    const start = performance.now();
    t.p.write('\r');
    await t.waitForBytes('BENCH-END');
    return (performance.now() - start) / 1000;
  } finally {
    t.p.kill();
    await t.exited; // shellgate writes the session's last audit entry as it ends
    fs.rmSync(sb.root, { recursive: true, force: true });
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(2)} ms`;

async function main() {
  if (!fs.existsSync(path.join(REPO, 'dist', 'cli', 'main.js'))) throw new Error('build first: npm run build');
  const plainRc = path.join(os.tmpdir(), `sg-bench-plain-${process.pid}.rc`);
  fs.writeFileSync(plainRc, `PS1='${PROMPT}'\nHISTFILE=/dev/null\n`);
  const guarded = await latency('shellgate', process.execPath, [CLI]);
  const plain = await latency('bash', 'bash', ['--rcfile', plainRc, '-i']);
  fs.rmSync(plainRc, { force: true });
  console.log(`shell: Enter → command start, allowed line (${RUNS} runs)`);
  for (const r of [guarded, plain]) console.log(`  ${r.label.padEnd(10)} p50 ${ms(r.p50)}  p99 ${ms(r.p99)}`);
  console.log(`  ${'added'.padEnd(10)} p50 ${ms(guarded.p50 - plain.p50)}  p99 ${ms(guarded.p99 - plain.p99)}  (target ≤ 5 ms)`);

  const script = [];
  const sg = [];
  for (let i = 0; i < REPS; i++) {
    script.push(await throughputScript());
    sg.push(await throughputShellgate());
  }
  const a = median(script);
  const b = median(sg);
  console.log(`shell: ${MB} MB of base64 output through a PTY (median of ${REPS})`);
  console.log(`  script -qfc  ${a.toFixed(2)} s  (${(MB / a).toFixed(0)} MB/s)`);
  console.log(`  shellgate    ${b.toFixed(2)} s  (${(MB / b).toFixed(0)} MB/s)`);
  console.log(`  ratio        ${(b / a).toFixed(2)}×  (target ≤ 1.05×)`);
  await sleep(50);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`bench-shell: ${err.message}`);
    process.exit(1);
  },
);
