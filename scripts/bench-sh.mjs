#!/usr/bin/env node
// Cold start of shellgate-sh: `shellgate-sh -c true` (with its classifier daemon, and in-process)
// vs `node -e 0` (and `bash -c true` for reference). Each sample is a fresh process; runs are
// interleaved so machine noise hits both sides alike. Prints the medians and the ratio (target ≤ 1.3×). Figures only, no pass/fail.
//   node scripts/bench-sh.mjs [--runs N]
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const at = process.argv.indexOf('--runs');
const RUNS = at > 0 ? Number(process.argv[at + 1]) : 25;
const TARGET = 1.3;

// A private state dir, so that the audit log of the benchmark does not land in the user's. The
// classifier daemon that the first run starts serves the others, as it does for an agent; it
// exits 5 s after the benchmark.
const env = { ...process.env, SHELLGATE_STATE_DIR: mkdtempSync(join(tmpdir(), 'shellgate-bench-')), SHELLGATE_DAEMON: '1', SHELLGATE_DAEMON_IDLE_MS: '5000' };
for (const k of ['SHELLGATE_SESSION', 'CLAUDECODE', 'CLAUDE_CODE_ENTRYPOINT', 'GEMINI_CLI', 'CURSOR_AGENT', 'CURSOR_TRACE_ID']) delete env[k];

const SH = join(root, 'bin/shellgate-sh.cjs');
const subjects = {
  'shellgate-sh -c true': [process.execPath, [SH, '-c', 'true']],
  'the same, in-process': ['env', ['SHELLGATE_DAEMON=0', process.execPath, SH, '-c', 'true']],
  'node -e 0': [process.execPath, ['-e', '0']],
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

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const width = Math.max(...Object.keys(subjects).map((k) => k.length));
console.log(`cold start, median of ${RUNS} runs each (interleaved)`);
for (const [name, xs] of Object.entries(samples)) console.log(`  ${name.padEnd(width)}  ${median(xs).toFixed(1).padStart(7)} ms`);
const ratio = median(samples['shellgate-sh -c true']) / median(samples['node -e 0']);
console.log(`  ratio shellgate-sh / node: ${ratio.toFixed(2)}× (target ≤ ${TARGET}×)`);
