#!/usr/bin/env node
// Cold start of shellgate-sh: `shellgate-sh -c true` and of `shellgate hook claude-code` (with the classifier daemon, and in-process)
// vs `node -e 0` (and `bash -c true` for reference). Each sample is a fresh process; runs are
// interleaved so machine noise hits both sides alike. Prints the medians and the ratio (target ≤ 1.2×),
// what containment adds per command (target ≤ 10 ms: contained and uncontained runs alternating in
// pairs, next to what bubblewrap alone costs), and the daemon's work per request (warm, in this
// process: judging `true`, and planning its container; target ≤ 1 ms). Figures only, no pass/fail.
//   node scripts/bench-sh.mjs [--runs N]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const at = process.argv.indexOf('--runs');
const RUNS = at > 0 ? Number(process.argv[at + 1]) : 25;
const TARGET = 1.2;

// A clean environment, as a user's agent has it (only HOME, PATH and the XDG variables: anything
// else, such as NODE_EXTRA_CA_CERTS, slows every Node start and hides shellgate's own cost), with
// a private state dir so that the benchmark's audit log does not land in the user's. The
// classifier daemon that the first run starts serves the others, as it does for an agent; it
// exits 5 s after the benchmark.
const env = { SHELLGATE_STATE_DIR: mkdtempSync(join(tmpdir(), 'shellgate-bench-')), SHELLGATE_DAEMON: '1', SHELLGATE_DAEMON_IDLE_MS: '5000' };
for (const [k, v] of Object.entries(process.env)) if (k === 'HOME' || k === 'PATH' || k.startsWith('XDG_')) env[k] = v;
// Containment's cost: the same command contained, and with containment off (advisory mode and no
// bubblewrap). Each side has a config directory of its own (so a user's config changes neither)
// and so a classifier daemon of its own (the socket's name carries the config directory): both are
// judged and planned by a warm daemon, and differ only in the container.
const containedConfig = mkdtempSync(join(tmpdir(), 'shellgate-bench-config-'));
const uncontainedConfig = mkdtempSync(join(tmpdir(), 'shellgate-bench-config-'));
writeFileSync(join(uncontainedConfig, 'sandbox.yaml'), 'agents: advisory\nbwrap: /nonexistent/bwrap\n');
const PAIRS = Math.max(RUNS, 40);

const SH = join(root, 'bin/shellgate-sh.cjs');
/** A Claude Code PreToolUse payload for `git status` (the hook reads it on stdin). */
const HOOK_PAYLOAD = readFileSync(join(root, 'test/fixtures/hooks/claude-code/bash-allow.json'));
const subjects = {
  'shellgate-sh -c true': [process.execPath, [SH, '-c', 'true']],
  'the same, in-process': ['env', ['SHELLGATE_DAEMON=0', process.execPath, SH, '-c', 'true']],
  'shellgate hook claude-code': [process.execPath, [join(root, 'bin/shellgate.cjs'), 'hook', 'claude-code'], HOOK_PAYLOAD],
  'the same, in-process ': ['env', ['SHELLGATE_DAEMON=0', process.execPath, join(root, 'bin/shellgate.cjs'), 'hook', 'claude-code'], HOOK_PAYLOAD],
  'node -e 0': [process.execPath, ['-e', '0']],
  'bash -c true': ['bash', ['-c', 'true']],
};

function once(file, args, input) {
  const t = process.hrtime.bigint();
  const r = spawnSync(file, args, { env, input, stdio: [input ? 'pipe' : 'ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${file} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return ms;
}

const samples = Object.fromEntries(Object.keys(subjects).map((k) => [k, []]));
for (const [file, args, input] of Object.values(subjects)) once(file, args, input); // warm the file cache, start the daemon
await new Promise((r) => setTimeout(r, 500));
for (let i = 0; i < RUNS; i++) for (const [name, [file, args, input]] of Object.entries(subjects)) samples[name].push(once(file, args, input));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const width = Math.max(...Object.keys(subjects).map((k) => k.length));
console.log(`cold start, median of ${RUNS} runs each (interleaved)`);
for (const [name, xs] of Object.entries(samples)) console.log(`  ${name.padEnd(width)}  ${median(xs).toFixed(1).padStart(7)} ms`);
const ratio = median(samples['shellgate-sh -c true']) / median(samples['node -e 0']);
console.log(`  ratio shellgate-sh / node: ${ratio.toFixed(2)}× (target ≤ ${TARGET}×)`);
console.log(`  ratio shellgate hook / node: ${(median(samples['shellgate hook claude-code']) / median(samples['node -e 0'])).toFixed(2)}×`);

// Contained vs uncontained, in pairs whose order alternates (ABBA), so that drift and whatever ran
// just before hit both sides alike; the figure is the median of the pairs' differences. Each run
// starts after a pause: a container's teardown (its mount namespace) goes on in the kernel after
// its command exited and slows whatever starts next, which between an agent's commands (seconds
// apart) it never does. shellgate-contain is timed in a loop of its own for the same reason.
const sides = {
  contained: ['env', [`SHELLGATE_CONFIG_DIR=${containedConfig}`, process.execPath, SH, '-c', 'true']],
  uncontained: ['env', [`SHELLGATE_CONFIG_DIR=${uncontainedConfig}`, process.execPath, SH, '-c', 'true']],
  // What a hook-mode agent's bash runs for an allowed command (contained; judged by the hook before).
  hook: ['env', [`SHELLGATE_CONFIG_DIR=${containedConfig}`, process.execPath, join(root, 'bin/shellgate-contain.cjs'), '-c', 'true']],
};
for (const [file, args] of Object.values(sides)) once(file, args); // each side's daemon
await new Promise((r) => setTimeout(r, 500));
const pause = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30);
const pair = { contained: [], uncontained: [], diff: [], hook: [] };
for (let i = 0; i < PAIRS; i++) {
  const t = {};
  for (const side of i % 2 ? ['contained', 'uncontained'] : ['uncontained', 'contained']) {
    pause();
    t[side] = once(...sides[side]);
  }
  pair.contained.push(t.contained);
  pair.uncontained.push(t.uncontained);
  pair.diff.push(t.contained - t.uncontained);
}
for (let i = 0; i < PAIRS; i++) {
  pause();
  pair.hook.push(once(...sides.hook));
}
console.log(
  `  containment per command: +${median(pair.diff).toFixed(1)} ms (target ≤ 10 ms; median of ${PAIRS} alternating pairs: contained ${median(pair.contained).toFixed(1)} ms, uncontained ${median(pair.uncontained).toFixed(1)} ms)`,
);
console.log(`  shellgate-contain -c true (a hook-rewritten command, daemon running): ${median(pair.hook).toFixed(1)} ms`);

// The daemon's work per request, warm, measured in this process (its answer function, the same
// environment; the rules and listings it keeps are what a running daemon keeps).
Object.assign(process.env, { SHELLGATE_STATE_DIR: env.SHELLGATE_STATE_DIR });
const { answer } = await import('../dist/daemon/server.js');
const base = {
  v: 1,
  units: [{ what: 'true', text: 'true' }],
  cwd: process.cwd(),
  env: { ...process.env },
  actor: 'agent',
  agent: 'claude-code',
  sessionId: 'bench',
  human: false,
  pid: process.pid,
};
const planned = { ...base, contain: { argv: ['-c', 'true'], key: 'true', agentProcess: null } };
// The planning alone too: back to back, a request that judges meets the audit log's batched
// fdatasync and anchor (every 50 ms, under its lock) far more often than between an agent's
// commands; on a loaded machine the difference of the two figures above was 5-9 ms, the plan 1.4-2.
const { containForClient } = await import('../dist/daemon/contain.js');
const work = { judge: [], plan: [], alone: [] };
for (let i = 0; i < 300; i++) {
  for (const [k, ask] of [
    ['judge', () => answer(base)],
    ['plan', () => answer(planned)],
    ['alone', () => containForClient(planned.contain, base.cwd, base.env)],
  ]) {
    const t = process.hrtime.bigint();
    await ask();
    if (i >= 50) work[k].push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  if (i % 10 === 0) await new Promise((r) => setTimeout(r, 1)); // let the audit log's group commit run, as between requests
}
console.log(
  `  daemon request (warm, median of 250): judge \`true\` ${median(work.judge).toFixed(2)} ms; with its container planned ${median(work.plan).toFixed(2)} ms (target ≤ 1 ms); the planning alone ${median(work.alone).toFixed(2)} ms`,
);

// What bubblewrap itself costs, for comparison with "containment per command" above: `bash -c true`
// bare, in the smallest bubblewrap container (read-only root, own pid namespace), and in the very
// container the daemon planned above (its mounts: /dev, /proc, the private /tmp, the project, the
// caches, the hidden and masked paths). Alternating, median of PAIRS each.
const c = (await answer(planned)).containment;
if (c?.kind === 'contained') {
  const bash = c.args[c.args.length - 3];
  // Through the Landlock scope helper (c.file, bubblewrap its first argument) unless c.unscoped.
  const bwrap = c.unscoped ? c.file : c.args[0];
  const bwrapArgs = c.unscoped ? c.args : c.args.slice(1);
  const variants = {
    'bash -c true': [bash, ['-c', 'true']],
    'in bwrap --ro-bind / / --unshare-pid': [bwrap, ['--ro-bind', '/', '/', '--unshare-pid', '--', bash, '-c', 'true']],
    "in shellgate's container": [bwrap, bwrapArgs],
    ...(c.unscoped ? {} : { 'the same through the scope helper': [c.file, c.args] }),
  };
  const spawned = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  const quiet = { PATH: '/usr/bin:/bin' };
  const time = (file, args) => {
    const t = process.hrtime.bigint();
    const r = spawnSync(file, args, { env: quiet, stdio: ['ignore', 'ignore', 'pipe'] });
    if (r.status !== 0) throw new Error(`${file} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  for (let i = 0; i < PAIRS; i++) for (const [k, [file, args]] of Object.entries(variants)) spawned[k].push(time(file, args));
  const m = Object.fromEntries(Object.entries(spawned).map(([k, xs]) => [k, median(xs)]));
  const scope = m['the same through the scope helper'];
  console.log(
    `  bubblewrap alone (median of ${PAIRS}): bash -c true ${m['bash -c true'].toFixed(1)} ms; in the smallest container +${(m['in bwrap --ro-bind / / --unshare-pid'] - m['bash -c true']).toFixed(1)} ms; in shellgate's container (${bwrapArgs.filter((a) => a.startsWith('--')).length} options) +${(m["in shellgate's container"] - m['bash -c true']).toFixed(1)} ms${scope === undefined ? ' (no scope helper here)' : `; through the Landlock scope helper +${(scope - m["in shellgate's container"]).toFixed(1)} ms more`}`,
  );
}
