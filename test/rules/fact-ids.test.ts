/*
 * The fact catalog that `rules lint` and docs/rulesets.md rely on must cover every fact id the
 * analyzers can produce, and its path classes must be those of path-class.ts.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PATH_CLASSES, PATH_FACTS, PLAIN_FACTS, factGlobReachable } from '../../src/rules/fact-ids.js';
import { loadRulesets } from '../../src/rules/load.js';
import type { MatchSpec } from '../../src/rules/types.js';
import { ROOT } from './helpers.js';

const analyzerDir = join(ROOT, 'src/classifier/analyzers');
const literals = readdirSync(analyzerDir)
  .filter((f) => f.endsWith('.ts'))
  .flatMap((f) =>
    [...readFileSync(join(analyzerDir, f), 'utf8').matchAll(/'((?:fs|verb|http|sql|db|exec|code|system|secrets|self)\.[a-z-]+)'/g)].map((m) => m[1]),
  );

describe('fact catalog', () => {
  it.each([...new Set(literals)])('%s is in the catalog', (id) => {
    expect(id in PATH_FACTS || id in PLAIN_FACTS).toBe(true);
  });

  it('path classes match src/classifier/path-class.ts', () => {
    const src = readFileSync(join(ROOT, 'src/classifier/path-class.ts'), 'utf8');
    const union = /export type PathClass =([^;]+);/.exec(src)![1];
    expect([...union.matchAll(/'([a-z-]+)'/g)].map((m) => m[1]).sort()).toEqual([...PATH_CLASSES].sort());
  });

  it('every fact glob of the built-in packs matches some fact', () => {
    const globs = (m: MatchSpec): string[] => [...(m.facts ?? []), ...(m.any ?? []).flatMap(globs), ...(m.unless ?? []).flatMap(globs)];
    const dead = loadRulesets().rules.flatMap((r) =>
      globs(r.match)
        .filter((g) => !factGlobReachable(g))
        .map((g) => `${r.id}: ${g}`),
    );
    expect(dead).toEqual([]);
  });
});
