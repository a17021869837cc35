#!/usr/bin/env node
// Benchmarks (figures only, no pass/fail). Run with `npm run bench` (builds first);
// `npm run bench -- engine` runs only the first two.
//   1. engine, warm, in-process: per-line p50/p99 and lines/s over the project's own test corpus
//   2. `shellgate check --jsonl` in one process over 30,000 lines of the same corpus (includes start-up),
//      cycled, and made distinct
//   3. the shell (speed, then memory), shellgate-sh, audit-append and undo benchmarks, when present
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { loadEngine } from '../dist/engine/load-engine.js';

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

// One process per run, start-up included, over 30,000 lines (the corpus, cycled), in a clean
// environment (HOME, PATH, XDG_*: an extra CA bundle variable alone slows every Node start);
// median of 3 runs, each after a run with no input (the start-up alone).
const CHECK_LINES = 30_000;
const cases = [];
for (let i = 0; cases.length < CHECK_LINES; i++) cases.push(JSON.stringify({ id: i, command: lines[i % lines.length], env: ctx.env, cwd: ctx.cwd }));
// The same lines made distinct (so that nothing remembered per line can pay): a comment with the
// line's number after a one-line command, `: N;` before a multi-line one (a heredoc's body ends the line).
const distinct = (l, i) => (/[\n\r]|<</.test(l) ? `: ${i}; ${l}` : `${l} # ${i}`);
const distinctCases = [];
for (let i = 0; distinctCases.length < CHECK_LINES; i++)
  distinctCases.push(JSON.stringify({ id: i, command: distinct(lines[i % lines.length], i), env: ctx.env, cwd: ctx.cwd }));
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k === 'HOME' || k === 'PATH' || k.startsWith('XDG_')));
const runCheck = (input) => {
  const s = process.hrtime.bigint();
  const res = spawnSync(process.execPath, [join(root, 'bin/shellgate.cjs'), 'check', '--jsonl'], {
    input,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: cleanEnv,
  });
  return { secs: Number(process.hrtime.bigint() - s) / 1e9, answered: res.stdout ? res.stdout.trim().split('\n').filter(Boolean).length : 0 };
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const starts = [];
const runs = [];
const distinctRuns = [];
for (let r = 0; r < 3; r++) {
  starts.push(runCheck('').secs);
  runs.push(runCheck(cases.join('\n') + '\n'));
  distinctRuns.push(runCheck(distinctCases.join('\n') + '\n'));
}
for (const [what, rs] of [
  ['the corpus cycled', runs],
  ['all distinct', distinctRuns],
]) {
  const secs = median(rs.map((r) => r.secs));
  const short = rs.find((r) => r.answered !== CHECK_LINES);
  console.log(
    `check --jsonl (one process, start-up included, clean environment): ${CHECK_LINES} lines (${what}) in ${secs.toFixed(2)} s = ${(CHECK_LINES / secs).toFixed(0)} lines/s (median of 3; start-up alone ${(median(starts) * 1000).toFixed(0)} ms)${short ? ` — only ${short.answered} lines answered` : ''}`,
  );
}

for (const extra of process.argv[2] === 'engine'
  ? []
  : ['bench-shell.mjs', 'bench-memory.mjs', 'bench-sh.mjs', 'bench-sh-floor.mjs', 'bench-audit.mjs', 'bench-undo.mjs']) {
  const p = join(root, 'scripts', extra);
  if (existsSync(p)) {
    console.log(`\n# ${extra}`);
    spawnSync(process.execPath, [p], { stdio: 'inherit' });
  }
}
