/*!
 * What the MongoDB shell runs (`mongosh --eval`, stdin, a script file): drops, deletes and updates
 * with an empty filter, and commands that stop the server or take members out of the cluster.
 */
import type { AnalyzerInput, Fact } from '../facts.js';
import { absolutePath } from '../path-class.js';
import { mongoCommandFacts } from './mongo-commands.js';

const MONGO_ADMIN = /\b((?:db\.)?shutdownServer|rs\.remove|rs\.stepDown|sh\.removeShard)\s*\(/g;
const MONGO_DESTRUCTIVE = /\.(dropDatabase|drop|dropIndexes|dropUser|dropAllUsers|deleteMany|remove|findOneAndDelete|deleteOne)\s*\(\s*(\{\s*\})?/g;

export function mongoFacts(input: AnalyzerInput): Fact[] {
  const { view } = input;
  const texts: string[] = [];
  for (const f of view.flags) if ((f.name === '--eval' || f.name === '-e') && f.value) texts.push(f.value);
  const s = view.cmd.stdin;
  if (s && 'text' in s && s.text) texts.push(s.text);
  // `mongosh app.js`, `mongosh --file app.js`: the script file is code like --eval.
  for (const w of view.positionals)
    if (/\.js$/.test(w.value)) {
      const t = input.ctx.readFile?.(absolutePath(w.value, input.ctx));
      if (t) texts.push(t);
    }
  const facts: Fact[] = [];
  for (const t of texts) {
    facts.push(...mongoCommandFacts(t, view.cmd.span));
    // An update whose filter is empty changes every document (the UPDATE without WHERE of MongoDB).
    for (const m of t.matchAll(/\.(updateMany|update|replaceMany)\s*\(\s*\{\s*\}\s*,/g))
      if (m[1] !== 'update' || /multi\s*:\s*true/.test(t)) facts.push({ id: 'db.destructive', detail: `${m[1]}({}) of every document`, span: view.cmd.span });
    // stopping the server, taking a member out of the replica set or a shard out of the cluster
    for (const m of t.matchAll(MONGO_ADMIN)) facts.push({ id: 'db.destructive', detail: m[1], span: view.cmd.span });
    for (const m of t.matchAll(MONGO_DESTRUCTIVE)) {
      if (/\b(rs|sh)\.$/.test(t.slice(Math.max(0, m.index - 3), m.index + 1))) continue;
      const all = m[1].startsWith('drop') || (m[2] !== undefined && /deleteMany|remove/.test(m[1]));
      if (m[1] === 'deleteOne' || m[1] === 'findOneAndDelete') continue;
      facts.push({ id: all ? 'db.drop' : 'db.delete', detail: m[1], span: view.cmd.span });
    }
  }
  return facts;
}
