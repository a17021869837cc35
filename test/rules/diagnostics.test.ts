/*
 * Errors an author can act on: a YAML syntax error and each kind of schema error come out as
 * file:line:col with a Fix line, all at once, through the library and through the built CLI
 * (`check` exits non-zero and classifies nothing; no stack trace).
 */
import { describe, expect, it } from 'vitest';
import { parseRulesetFile, formatDiagnostic } from '../../src/rules/load.js';
import { cli, sandbox } from './helpers.js';

const cases: [string, string, RegExp][] = [
  [
    'a YAML syntax error',
    'rules:\n  - id: x\n    match: { program: [git, push }\n',
    /^F:3:23: YAML syntax error: this \[ is never closed\n {2}Fix: add the missing \]/,
  ],
  ['a tab-indented line', 'name: x\nrules:\n\t- id: y\n', /^F:3:1: YAML syntax error/],
  [
    'an unknown top-level key',
    'extend: ./x.yaml\n',
    /^F:1:1: top level: unknown key "extend" \(did you mean "extends"\?\)\n {2}Fix: use one of: name, description, extends/,
  ],
  [
    'an unknown match key',
    'rules:\n  - id: a\n    match: { program: git, flag: [-f] }\n    risk: high\n    action: deny\n    message: m\n',
    /^F:3:28: rule "a" match: unknown key "flag" \(did you mean "flags"\?\)/,
  ],
  [
    'a bad enum value',
    'rules:\n  - id: a\n    match: { program: git }\n    risk: hgh\n    action: deny\n    message: m\n',
    /^F:4:11: rule "a" field "risk": "hgh" is not one of none, low, medium, high, critical \(did you mean "high"\?\)\n {2}Fix: write one of/,
  ],
  [
    'a missing key',
    'rules:\n  - id: a\n    match: { program: git }\n    action: deny\n    message: m\n',
    /^F:2:5: rule "a": missing `risk`\n {2}Fix: add `risk:` to the rule/,
  ],
  [
    'a wrong type',
    'rules:\n  - id: a\n    match: { program: git, flags: -f }\n    risk: low\n    action: deny\n    message: m\n',
    /^F:3:35: rule "a" field "match.flags" must be a list\n {2}Fix: write a list/,
  ],
  [
    'a bad action',
    'rules:\n  - id: a\n    match: { program: git }\n    risk: low\n    action: { agnt: deny }\n    message: m\n',
    /^F:5:15: rule "a" action: unknown key "agnt" \(did you mean "agent"\?\)/,
  ],
  [
    'a duplicate id',
    'rules:\n  - { id: a, match: {}, risk: low, action: deny, message: m }\n  - { id: a, match: {}, risk: low, action: deny, message: m }\n',
    /^F:3:11: rule "a": duplicate id \(first at line 2\)/,
  ],
  [
    'a nested unknown key',
    'rules:\n  - id: a\n    match:\n      any:\n        - { program: git, argz: [x] }\n    risk: low\n    action: deny\n    message: m\n',
    /^F:5:27: rule "a" match.any\[0\]: unknown key "argz" \(did you mean "args"\?\)/,
  ],
];

describe('diagnostics', () => {
  it.each(cases)('%s → file:line:col with a fix', (_what, text, want) => {
    const s = sandbox();
    const file = s.write('r.yaml', text);
    const parsed = parseRulesetFile(file);
    expect(parsed.file).toBeNull();
    const out = parsed.diagnostics.map(formatDiagnostic).join('\n').split(file).join('F');
    expect(out).toMatch(want);
  });

  it('reports every error of a file at once, in order', () => {
    const s = sandbox();
    const file = s.write('r.yaml', 'nme: x\nrules:\n  - id: a\n    match: { program: git }\n    risk: hgh\n    action: maybe\n    message: m\n  - id: b\n');
    const lines = parseRulesetFile(file).diagnostics.map((d) => d.line);
    expect(lines).toEqual([1, 5, 6, 8, 8, 8, 8]);
  });

  it.each([
    ['a YAML syntax error', 'rules:\n  - id: [x\n', /bad\.yaml:\d+:\d+: YAML syntax error/],
    [
      'a schema error',
      'rules:\n  - id: a\n    match: { programm: git }\n    risk: low\n    action: deny\n    message: m\n',
      /bad\.yaml:3:14: rule "a" match: unknown key "programm" \(did you mean "program"\?\)\n {2}Fix:/,
    ],
  ])('check --ruleset with %s exits 2 with file:line:col and no stack trace', (_what, text, want) => {
    const s = sandbox();
    const bad = s.write('bad.yaml', text);
    const r = cli(['check', '--ruleset', bad, '--', 'ls'], s.project, s.env);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('the rules did not load, nothing was classified');
    expect(r.err).toMatch(want);
    expect(r.err).not.toMatch(/\n\s+at .*\.js:\d+/);
  });
});
