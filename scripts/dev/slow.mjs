import { loadEngine } from '/work/main/dist/engine/load-engine.js';
import { readFileSync, readdirSync } from 'node:fs';
import { parse } from 'yaml';
const engine = loadEngine();
await engine.ready();
const lines = [];
for (const f of readdirSync('/work/main/test/cases')) for (const c of parse(readFileSync('/work/main/test/cases/' + f, 'utf8'))) lines.push(c.command);
for (const r of engine.ruleset.rules) lines.push(...(r.examples?.match ?? []), ...(r.examples?.not_match ?? []));
const ctx = { cwd: '/home/dev/app', env: { HOME: '/home/dev' }, actor: 'agent', readFile: () => undefined };
for (let i = 0; i < 3; i++) for (const l of lines) engine.classify(l, ctx);
const res = [];
for (const l of lines) {
  let best = 1e9;
  for (let i = 0; i < 5; i++) {
    const s = performance.now();
    engine.classify(l, ctx);
    best = Math.min(best, performance.now() - s);
  }
  res.push([best, l]);
}
res.sort((a, b) => b[0] - a[0]);
for (const [t, l] of res.slice(0, 12)) console.log(t.toFixed(3), JSON.stringify(l).slice(0, 100));
