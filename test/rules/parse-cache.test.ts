/*!
 * The ruleset parse cache: keyed by a file's path and exact content, on disk in the cache
 * directory and in memory for long-lived processes. An edit is never served stale, and what it
 * serves cannot be changed by whoever receives it.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readRulesetFile } from '../../src/rules/load.js';

let dir: string;
const saved = { state: process.env.SHELLGATE_CACHE_DIR, cache: process.env.SHELLGATE_RULES_CACHE };
const rule = (id: string, word: string) =>
  `name: t\nrules:\n  - id: ${id}\n    match: { program: echo, args: [${word}] }\n    risk: high\n    action: deny\n    message: no\n`;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sg-cache-'));
  process.env.SHELLGATE_CACHE_DIR = join(dir, 'cache');
  delete process.env.SHELLGATE_RULES_CACHE;
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  for (const [k, v] of [
    ['SHELLGATE_CACHE_DIR', saved.state],
    ['SHELLGATE_RULES_CACHE', saved.cache],
  ] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe('ruleset parse cache', () => {
  it('serves an edited file as edited, every time', () => {
    const f = join(dir, 'r.yaml');
    for (const [id, word] of [
      ['a.one', 'x'],
      ['b.two', 'y'],
      ['a.one', 'x'],
      ['c.three', 'z'],
    ]) {
      writeFileSync(f, rule(id!, word!));
      const loaded = readRulesetFile(f);
      expect(loaded.data.rules!.map((r) => [r.id, r.match.args])).toEqual([[id, [word]]]);
      expect(loaded.ruleLines.get(id!)).toBe(3);
    }
    expect(readdirSync(join(dir, 'cache', 'rules')).filter((n) => n.endsWith('.json'))).toHaveLength(3);
  });

  it('hands out rules that cannot be changed in place', () => {
    const f = join(dir, 'r.yaml');
    writeFileSync(f, rule('a.one', 'x'));
    readRulesetFile(f);
    const again = readRulesetFile(f);
    expect(() => {
      (again.data.rules![0] as { action: string }).action = 'allow';
    }).toThrow(TypeError);
    expect(readRulesetFile(f).data.rules![0]!.action).toBe('deny');
  });

  it('writes nothing to disk with SHELLGATE_RULES_CACHE=0', () => {
    process.env.SHELLGATE_RULES_CACHE = '0';
    const f = join(dir, 'r.yaml');
    writeFileSync(f, rule('a.one', 'x'));
    expect(readRulesetFile(f).data.rules![0]!.id).toBe('a.one');
    expect(() => readdirSync(join(dir, 'cache', 'rules'))).toThrow();
  });
});
