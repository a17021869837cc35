#!/usr/bin/env node
/*!
 * Memory of the long-lived processes (prints figures; no pass/fail). Needs a build (dist/).
 *
 * Resident set size (VmRSS in /proc/PID/status) of:
 * 1. the guarded shell (`node bin/shellgate.js` in a PTY read by this process), idle after start
 *    and idle again after 20 MB of `base64` output, against an idle `node` as the floor;
 * 2. the classifier daemon after its first request and after N more (`shellgate hook claude-code`
 *    with the lines of test/cases/ as payloads: judged, never run).
 * Each figure is read after the process has been quiet for a moment (SETTLE_MS). Caches (parsed
 * rulesets, code caches) are warm, as for a user's second start: a warm-up start fills them. A
 * private HOME and state directory; the environment is clean (only PATH from this one).
 *
 * Options: --reps N (shell starts, default 3), --mb N (output, default 20), --requests N (default 200).
 */
import { spawn } from '@lydell/node-pty';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(REPO, 'bin', 'shellgate.js');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const REPS = opt('reps', 3);
const MB = opt('mb', 20);
const REQUESTS = opt('requests', 200);
const SETTLE_MS = 2000;
const PROMPT = 'bench$ ';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (kb) => `${(kb / 1024).toFixed(1)} MB`;

/** VmRSS and VmHWM (peak) of a process, in kB. */
function rss(pid) {
  const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return { rss: Number(/VmRSS:\s+(\d+)/.exec(s)[1]), peak: Number(/VmHWM:\s+(\d+)/.exec(s)[1]) };
}

function sandbox() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-bench-mem-'));
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

/** A PTY child whose output we scan, keeping a small tail. */
function run(file, argv, sb) {
  const p = spawn(file, argv, { name: 'xterm-256color', cols: 120, rows: 40, cwd: sb.home, env: sb.env, encoding: null });
  let tail = '';
  const waiters = new Set();
  p.onData((d) => {
    tail = (tail + d.toString('latin1')).slice(-512);
    for (const w of waiters) w();
  });
  const exited = new Promise((r) => p.onExit(r));
  const waitFor = (re, timeoutMs = 120_000) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timeout waiting for ${re}: …${JSON.stringify(tail.slice(-200))}`)), timeoutMs);
      const check = () => {
        const m = re.exec(tail);
        if (!m) return;
        clearTimeout(timer);
        waiters.delete(check);
        tail = tail.slice(m.index + m[0].length);
        resolve();
      };
      waiters.add(check);
      check();
    });
  return { p, waitFor, exited };
}

/** One guarded shell: RSS idle after start, and after MB of output. */
async function shellOnce(sb) {
  const t = run(process.execPath, [CLI], sb);
  try {
    await t.waitFor(/bench\$ $/);
    await sleep(SETTLE_MS);
    const idle = rss(t.p.pid);
    t.p.write(`base64 /dev/urandom | head -c ${MB * 1024 * 1024}; printf '\\nBENCH-%s\\n' END\r`);
    await t.waitFor(/BENCH-END/);
    await t.waitFor(/bench\$ $/);
    await sleep(SETTLE_MS);
    const after = rss(t.p.pid);
    t.p.write('exit\r');
    await t.exited;
    return { idle: idle.rss, after: after.rss, peak: after.peak };
  } finally {
    t.p.kill();
  }
}

/** An idle node process: the floor of any Node program. */
async function nodeFloor(sb) {
  const t = run(process.execPath, ['-e', 'process.stdout.write("ready\\n"); setTimeout(() => {}, 1e9)'], sb);
  try {
    await t.waitFor(/ready/);
    await sleep(SETTLE_MS);
    return rss(t.p.pid).rss;
  } finally {
    t.p.kill();
  }
}

/** The daemon serving this state directory (found by its socket path on its command line). */
function daemonPid(stateDir) {
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8');
      if (cmd.includes('sh-daemon') && cmd.includes(stateDir)) return Number(d);
    } catch {
      /* gone */
    }
  }
  return null;
}

async function daemon() {
  const sb = sandbox();
  const env = { ...sb.env, SHELLGATE_DAEMON: '1', SHELLGATE_DAEMON_IDLE_MS: '120000' };
  const lines = [];
  for (const f of fs
    .readdirSync(path.join(REPO, 'test/cases'))
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    for (const c of parse(fs.readFileSync(path.join(REPO, 'test/cases', f), 'utf8'))) lines.push(c.command);
  }
  const hook = (command) => {
    const payload = { session_id: 'bench', cwd: sb.home, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command } };
    spawnSync(process.execPath, [path.join(REPO, 'bin/shellgate.cjs'), 'hook', 'claude-code'], {
      env,
      input: JSON.stringify(payload),
      cwd: sb.home,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
  };
  let pid = null;
  try {
    hook('git status'); // starts the daemon (this call is judged in-process)
    for (let i = 0; i < 100 && pid === null; i++) {
      await sleep(50);
      pid = daemonPid(sb.env.SHELLGATE_STATE_DIR);
    }
    if (pid === null) throw new Error('the classifier daemon did not start');
    hook('git status');
    await sleep(SETTLE_MS);
    const first = rss(pid).rss;
    for (let i = 0; i < REQUESTS; i++) hook(lines[i % lines.length]);
    await sleep(SETTLE_MS);
    const after = rss(pid);
    return { first, after: after.rss, peak: after.peak };
  } finally {
    try {
      if (pid !== null) process.kill(pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    for (let i = 0; i < 100 && pid !== null && fs.existsSync(`/proc/${pid}`); i++) await sleep(50); // it writes its code cache
    fs.rmSync(sb.root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }
}

async function main() {
  if (!fs.existsSync(path.join(REPO, 'dist', 'cli', 'main.js'))) throw new Error('build first: npm run build');
  const sb = sandbox();
  try {
    const warm = run(process.execPath, [CLI], sb); // fills the ruleset parse cache and the code caches
    await warm.waitFor(/bench\$ $/);
    warm.p.write('exit\r');
    await warm.exited;
    const floor = [];
    const shells = [];
    for (let i = 0; i < REPS; i++) {
      floor.push(await nodeFloor(sb));
      shells.push(await shellOnce(sb));
    }
    const n = median(floor);
    const idle = median(shells.map((s) => s.idle));
    const after = median(shells.map((s) => s.after));
    const peak = median(shells.map((s) => s.peak));
    console.log(`memory: resident set (VmRSS), median of ${REPS} starts (alternating with the floor), warm caches`);
    console.log(`  node idle (floor)          ${mb(n)}`);
    console.log(`  shell idle after start     ${mb(idle)}  (${(idle / n).toFixed(2)}× node; target ≤ 60 MB)`);
    console.log(`  shell after ${MB} MB output   ${mb(after)}  (${(after / n).toFixed(2)}× node, peak ${mb(peak)}; target ≤ 80 MB)`);
  } finally {
    fs.rmSync(sb.root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }
  const d = await daemon();
  console.log(`  daemon after 1 request     ${mb(d.first)}`);
  console.log(`  daemon after ${REQUESTS} requests ${mb(d.after)}  (peak ${mb(d.peak)})`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`bench-memory: ${err.message}`);
    process.exit(1);
  },
);
