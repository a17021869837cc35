#!/usr/bin/env node
// Benchmarks (figures only, no pass/fail). Run with `npm run bench` (builds first);
// `npm run bench -- engine` runs only the first two.
//   1. engine, warm, in-process: per-line p50/p99 and lines/s over the project's own test corpus
//   2. `shellgate check --jsonl` in one process over the same corpus (includes start-up)
//   3. the shell (speed, then memory), shellgate-sh, audit-append and undo benchmarks, when present
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { loadEngine } from '../dist/config/load-engine.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const engine = loadEngine();
await engine.ready();

const lines = [];
for (const f of readdirSync(join(root, 'test/cases')).filter((f) => f.endsWith('.yaml'))) {
  for (const c of parse(readFileSync(join(root, 'test/cases', f), 'utf8'))) lines.push(c.command);
}
for (const c of parse(readFileSync(join(root, 'test/corpus/parser.yaml'), 'utf8'))) lines.push(c.line);
for (const r of engine.ruleset.rules) lines.push(...(r.examples?.match ?? []), ...(r.examples?.not_match ?? []));

const ctx = { cwd: '/home/dev/app', env: { HOME: '/home/dev' }, actor: 'agent', readFile: () => undefined };
for (let i = 0; i < 3; i++) for (const l of lines) engine.classify(l, ctx); // warm-up

const ROUNDS = 20;
const times = [];
const t0 = process.hrtime.bigint();
for (let r = 0; r < ROUNDS; r++) {
  for (const l of lines) {
    const s = process.hrtime.bigint();
    engine.classify(l, ctx);
    times.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
}
const total = Number(process.hrtime.bigint() - t0) / 1e9;
times.sort((a, b) => a - b);
const pct = (p) => times[Math.min(times.length - 1, Math.floor(times.length * p))].toFixed(3);
console.log(`engine (warm, in-process): ${lines.length} corpus lines × ${ROUNDS} rounds`);
console.log(`  per line  p50 ${pct(0.5)} ms   p99 ${pct(0.99)} ms   max ${times[times.length - 1].toFixed(3)} ms`);
console.log(`  throughput ${(times.length / total).toFixed(0)} lines/s`);

const input = lines.map((command, i) => JSON.stringify({ id: i, command, env: ctx.env, cwd: ctx.cwd })).join('\n') + '\n';
const big = input.repeat(10);
const s = process.hrtime.bigint();
const res = spawnSync(process.execPath, [join(root, 'bin/shellgate.cjs'), 'check', '--jsonl'], { input: big, encoding: 'utf8', maxBuffer: 1 << 28 });
const secs = Number(process.hrtime.bigint() - s) / 1e9;
const answered = res.stdout.trim().split('\n').length;
console.log(`check --jsonl (one process, start-up included): ${answered} lines in ${secs.toFixed(2)} s = ${(answered / secs).toFixed(0)} lines/s`);

for (const extra of process.argv[2] === 'engine' ? [] : ['bench-shell.mjs', 'bench-memory.mjs', 'bench-sh.mjs', 'bench-audit.mjs', 'bench-undo.mjs']) {
  const p = join(root, 'scripts', extra);
  if (existsSync(p)) {
    console.log(`\n# ${extra}`);
    spawnSync(process.execPath, [p], { stdio: 'inherit' });
  }
}
