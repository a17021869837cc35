/*
 * Every rule of every built-in pack carries examples: `match` lines must produce a reason from
 * that rule, `not_match` lines must not. (Like codex execpolicy's match/not_match.)
 */
import { describe, expect, it } from 'vitest';
import { builtinEngine, BASE_CTX } from '../helpers/engine.js';
import { loadRulesets } from '../../src/rules/load.js';

const rules = loadRulesets().rules;
const cases = rules.flatMap((r) => [
  ...(r.examples?.match ?? []).map((line) => ({ id: r.id, source: r.source, line, want: true })),
  ...(r.examples?.not_match ?? []).map((line) => ({ id: r.id, source: r.source, line, want: false })),
]);

describe('built-in rule examples', () => {
  it('every rule has at least one match example', () => {
    const without = rules.filter((r) => !r.examples?.match?.length).map((r) => `${r.id} (${r.source})`);
    expect(without).toEqual([]);
  });

  it.each(cases)('$id: $line', async ({ id, line, want }) => {
    const engine = await builtinEngine();
    const v = engine.classify(line, BASE_CTX);
    const fired = v.reasons.map((r) => r.rule);
    if (want) expect(fired).toContain(id);
    else expect(fired).not.toContain(id);
  });
});
