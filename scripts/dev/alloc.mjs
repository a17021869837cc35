// Where the engine allocates: a sampling heap profile (collected objects included) over the
// project's corpus, by function. `npm run build && node scripts/dev/alloc.mjs`. Garbage per call
// is what the engine's p99 is made of (scavenges landing on single lines).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from 'node:inspector/promises';
import { parse } from 'yaml';
import { fileURLToPath } from 'node:url';
import { loadEngine } from '../../dist/engine/load-engine.js';
const root = fileURLToPath(new URL('../..', import.meta.url));
const engine = loadEngine();
await engine.ready();
const lines = [];
for (const f of readdirSync(join(root, 'test/cases')).filter((f) => f.endsWith('.yaml')))
  for (const c of parse(readFileSync(join(root, 'test/cases', f), 'utf8'))) lines.push(c.command);
for (const c of parse(readFileSync(join(root, 'test/corpus/parser.yaml'), 'utf8'))) lines.push(c.line);
for (const r of engine.ruleset.rules) lines.push(...(r.examples?.match ?? []), ...(r.examples?.not_match ?? []));
const ctx = { cwd: '/home/dev/app', env: { HOME: '/home/dev' }, actor: 'agent', readFile: () => undefined };
for (let r = 0; r < 3; r++) for (const l of lines) engine.classify(l, ctx);
const s = new Session();
s.connect();
await s.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMinorGC: true, includeObjectsCollectedByMajorGC: true });
for (let r = 0; r < 5; r++) for (const l of lines) engine.classify(l, ctx);
const { profile } = await s.post('HeapProfiler.stopSampling');
const self = new Map();
let total = 0;
(function walk(n) {
  const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber}`;
  self.set(k, (self.get(k) || 0) + n.selfSize);
  total += n.selfSize;
  n.children.forEach(walk);
})(profile.head);
console.log('total MB', (total / 1e6).toFixed(1), 'per call KB', (total / 5 / lines.length / 1e3).toFixed(1));
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(((v / total) * 100).toFixed(1).padStart(5), k);
const parents = new Map();
(function walk(n, parent) {
  const name = n.callFrame.functionName;
  if (['Map', 'split', 'push', 'slice', 'next'].includes(name) && parent) {
    const k = `${name} <- ${parent.callFrame.functionName} ${parent.callFrame.url.split('/').slice(-2).join('/')}:${parent.callFrame.lineNumber}`;
    parents.set(k, (parents.get(k) || 0) + n.selfSize);
  }
  n.children.forEach((c) => walk(c, n));
})(profile.head);
for (const [k, v] of [...parents].sort((a, b) => b[1] - a[1]).slice(0, 14)) console.log(((v / total) * 100).toFixed(1).padStart(5), k);
if (process.env.PARENTS) {
  const parents = new Map();
  (function walk(n, parent) {
    const name = n.callFrame.functionName;
    if (name === process.env.PARENTS && parent) {
      const k = `${parent.callFrame.functionName} ${parent.callFrame.url.split('/').slice(-2).join('/')}:${parent.callFrame.lineNumber}`;
      parents.set(k, (parents.get(k) || 0) + n.selfSize);
    }
    n.children.forEach((c) => walk(c, n));
  })(profile.head);
  for (const [k, v] of [...parents].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log('  <-', ((v / total) * 100).toFixed(1).padStart(5), k);
}
