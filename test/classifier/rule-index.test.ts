/*
 * The rule index skips only rules that cannot match: for every command of the cases, the corpus
 * and the rule examples, the rules the classifier matched (through the index) are exactly, and in
 * the same order, those that match when every rule for the program is tried.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CompiledRules, type CommandTrace } from '../../src/classifier/engine.js';
import { viewCommand } from '../../src/classifier/command-view.js';
import { matchSpec } from '../../src/classifier/matchers.js';
import { programGate } from '../../src/classifier/rule-index.js';
import { builtinEngine, BASE_CTX } from '../helpers/engine.js';

async function lines(): Promise<string[]> {
  const out: string[] = [];
  const cases = new URL('../cases/', import.meta.url);
  for (const f of readdirSync(cases).filter((x) => x.endsWith('.yaml')))
    for (const c of parse(readFileSync(new URL(f, cases), 'utf8')) as { command: string }[]) out.push(c.command);
  for (const c of parse(readFileSync(new URL('../corpus/parser.yaml', import.meta.url), 'utf8')) as { line: string }[]) out.push(c.line);
  for (const r of (await builtinEngine()).ruleset.rules) out.push(...(r.examples?.match ?? []), ...(r.examples?.not_match ?? []));
  return out;
}

describe('rule index', () => {
  it('matches what trying every rule for the program matches, in the same order', async () => {
    const engine = await builtinEngine();
    const compiled = new CompiledRules(engine.ruleset);
    const wrong: string[] = [];
    let commands = 0;
    for (const line of await lines()) {
      for (const env of [BASE_CTX.env!, { ...BASE_CTX.env!, RAILWAY_ENVIRONMENT: 'production' }]) {
        const trace: CommandTrace[] = [];
        const verdict = engine.classify(line, { ...BASE_CTX, env }, trace);
        for (const t of trace) {
          commands++;
          const input = { view: viewCommand(t.command, engine.ruleset.programs), facts: t.facts, environment: verdict.environment };
          const all = compiled
            .rulesFor(t.command.program)
            .filter((r) => matchSpec(r.match, input))
            .map((r) => r.id);
          if (JSON.stringify(all) !== JSON.stringify(t.matched)) wrong.push(`${line} [${t.command.text}]: ${t.matched.join(',')} ≠ ${all.join(',')}`);
        }
      }
    }
    expect(commands).toBeGreaterThan(2000);
    expect(wrong.slice(0, 10)).toEqual([]);
  }, 120_000); // every line of test/cases/*.yaml and the rule examples: it grows with the tables, and the machine is shared

  it('bounds a rule by its programs only when every alternative names programs', () => {
    expect(programGate({ program: 'git' })).toEqual(['git']);
    expect(programGate({ any: [{ program: ['npm', 'yarn'] }, { program: 'mkfs.*' }] })).toEqual(['npm', 'yarn', 'mkfs.*']);
    expect(programGate({ any: [{ program: 'gh' }, { facts: ['self.approve'] }] })).toBeNull();
    expect(programGate({ facts: ['fs.delete.*'] })).toBeNull();
  });
});
