#!/usr/bin/env node
// Audit append cost (figures only, no pass/fail), after a build:
//   node scripts/bench-audit.mjs [COUNT] [MODULE]
// Appends COUNT entries (default 2,000) through the built module (MODULE: another build's
// dist/audit/log.js, to compare) into fresh temp dirs and prints appends/s and the time per append
// (p50/p99) for each durability mode. Between appends the event loop turns once, as in the daemon,
// so the batch timer can fire; its work (fdatasync on the thread pool, the anchor) is counted in
// the wall time (appends/s) but not in the per-append time, because it is off the answer path.
// Runs alternate; figures are medians of 3 runs. The temp dirs are removed at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const audit = await import(process.argv[3] ? pathToFileURL(process.argv[3]).href : '../dist/audit/log.js');

const COUNT = Number(process.argv[2] ?? 2000);
const dirs = [];

function event(i) {
  return {
    event: 'command',
    source: 'hook',
    sessionId: 'bench',
    actor: { kind: 'agent', agent: 'claude-code' },
    cwd: '/home/dev/app',
    line: `git status --short # ${i}`,
    verdict: { decision: 'allow', risk: 'none', environment: null, reasons: [] },
    exitStatus: 0,
    durationMs: 1,
  };
}

async function run(opts) {
  const dir = mkdtempSync(join(tmpdir(), 'shellgate-bench-audit-'));
  dirs.push(dir);
  const times = [];
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < COUNT; i++) {
    const s = process.hrtime.bigint();
    const r = audit.appendAuditEvent(event(i), { dir, ...opts });
    times.push(Number(process.hrtime.bigint() - s) / 1e6);
    if (!r.ok) throw new Error(r.error);
    await new Promise((res) => setImmediate(res));
  }
  const total = Number(process.hrtime.bigint() - t0) / 1e9;
  const f0 = process.hrtime.bigint();
  if (typeof audit.flushAuditLog === 'function') audit.flushAuditLog();
  const flushMs = Number(process.hrtime.bigint() - f0) / 1e6;
  times.sort((a, b) => a - b);
  const pct = (p) => times[Math.min(times.length - 1, Math.floor(times.length * p))];
  return { rate: COUNT / total, p50: pct(0.5), p99: pct(0.99), flushMs };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const modes = [
  ['default settings', {}],
  ['fsync always', { fsync: true }],
  ['fsync off', { fsync: false }],
];
const results = modes.map(() => []);
for (let round = 0; round < 3; round++) for (const [i, [, opts]] of modes.entries()) results[i].push(await run(opts));
console.log(
  `audit append (${process.argv[3] ?? 'this build'}), ${COUNT} entries per run, median of 3 alternating runs (${new Date().toISOString().slice(0, 10)})`,
);
modes.forEach(([name], i) => {
  const rs = results[i];
  const m = (k) => median(rs.map((r) => r[k]));
  console.log(
    `  ${name.padEnd(17)} ${m('rate').toFixed(0).padStart(6)} appends/s   per append p50 ${m('p50').toFixed(3)} ms   p99 ${m('p99').toFixed(3)} ms   final flush ${m('flushMs').toFixed(2)} ms`,
  );
});
for (const d of dirs) rmSync(d, { recursive: true, force: true });
