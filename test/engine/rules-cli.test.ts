/*
 * `shellgate rules test` and `shellgate rules lint` through the built CLI: the example pack and
 * the built-ins pass; a failing example or case is reported at its file:line:col with a non-zero
 * exit; lint reports every problem at once, likely mistakes included.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, rule, sandbox } from '../rules/helpers.js';

describe('shellgate rules test', () => {
  it('passes for the example team pack and its case file', () => {
    const s = sandbox();
    const r = cli(['rules', 'test', '--isolated', join(ROOT, 'rulesets/examples/acme')], s.project, s.env);
    expect(r.out).toMatch(/^ok: \d+ examples in 1 files, 7 cases in 1 files passed$/m);
    expect(r.code).toBe(0);
  });

  it('passes for every layer when run without paths', () => {
    const s = sandbox();
    const r = cli(['rules', 'test'], s.project, s.env);
    expect(r.out).toMatch(/^ok: \d+ examples in \d+ files/m);
    expect(r.code).toBe(0);
  });

  it('reports failing examples and cases at file:line:col and exits 1', () => {
    const s = sandbox();
    s.write(
      'pack/rules.yaml',
      `rules:\n${rule(
        't.make-deploy',
        '{ program: make, subcommand: deploy }',
        'confirm',
        '    examples:\n      match: ["make deploy", "make release"]\n      not_match: ["make test", "make deploy now"]\n',
      )}`,
    );
    s.write(
      'pack/rules.test.yaml',
      'cases:\n  - command: make deploy\n    expect: { decision: allow }\n  - command: make deploy\n    expect: { decision: confirm, rule: t.make-deploy }\n',
    );
    const r = cli(['rules', 'test', '--isolated', join(s.root, 'pack')], s.project, s.env);
    expect(r.code).toBe(1);
    const rules = join(s.root, 'pack/rules.yaml');
    expect(r.out).toContain(`${rules}:8:30: rule "t.make-deploy": example "make release" should match but did not (verdict allow; fired: none)`);
    expect(r.out).toContain(`${rules}:9:32: rule "t.make-deploy": not_match example "make deploy now" matched`);
    expect(r.out).toMatch(/rules\.test\.yaml:2:5: case "make deploy": expected decision allow, got confirm/);
    expect(r.out).toMatch(/FAIL: 3 failed \(\d+ examples in 1 files, 2 cases in 1 files\)/);
    // The explain command suggested loads the same ruleset, so it shows the rule's conditions.
    expect(r.out).toContain(`Fix: run \`shellgate explain --ruleset '${rules}' -- 'make release'\``);
    const ex = cli(['explain', '--ruleset', rules, '--', 'make release'], s.project, s.env);
    expect(ex.out).toMatch(/no +t\.make-deploy +subcommand/);
  });

  it('reports a broken case file with positions', () => {
    const s = sandbox();
    s.write('pack/x.test.yaml', 'cases:\n  - comand: ls\n    expect: { decision: allow }\n');
    const r = cli(['rules', 'test', join(s.root, 'pack')], s.project, s.env);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/x\.test\.yaml:2:5: case #1: unknown key "comand" \(did you mean "command"\?\)/);
  });
});

describe('shellgate rules lint', () => {
  it('finds nothing wrong with the built-in packs and the example pack', () => {
    const s = sandbox();
    for (const args of [[], [join(ROOT, 'rulesets/examples/acme')]]) {
      const r = cli(['rules', 'lint', ...args], s.project, s.env);
      expect(r.out).toMatch(/^ok: 0 errors, 0 warnings in \d+ files$/m);
      expect(r.code).toBe(0);
    }
  });

  it('reports schema errors of several files at once', () => {
    const s = sandbox();
    const a = s.write('a.yaml', 'rules:\n  - id: a\n    match: { progam: git }\n    risk: high\n    action: deny\n    message: m\n');
    const b = s.write('b.yaml', 'rules:\n  - id: b\n    match: { program: git }\n    risk: hihg\n    action: deny\n    message: m\n');
    const r = cli(['rules', 'lint', a, b], s.project, s.env);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${a}:3:14: rule "a" match: unknown key "progam" (did you mean "program"?)`);
    expect(r.out).toContain(`${b}:4:11: rule "b" field "risk": "hihg" is not one of`);
    expect(r.out).toMatch(/FAIL: 2 errors, 0 warnings in 2 files/);
  });

  it.each([
    ['a flag without a dash', '{ program: rm, flags: [force] }', '', /:3:35: rule "t\.x": flag "force" never matches[\s\S]*Fix: write "--force"/],
    [
      'an unknown fact',
      '{ facts: [fs.delet.home] }',
      '',
      /:3:22: rule "t\.x": no analyzer produces a fact matching "fs\.delet\.home": the rule never matches \(did you mean "fs\.delete\.home"\?\)/,
    ],
    ['an empty unless', '{ program: rm, unless: [{}] }', '', /rule "t\.x": an empty `unless` entry always matches/],
    ['an unless that repeats the match', '{ program: rm, unless: [{ program: rm }] }', '', /repeats conditions of the match itself/],
    ['required and excluded flags', '{ program: rm, flags: [-f], not_flags: [-f] }', '', /every flag of `flags` is also in `not_flags`/],
    [
      'a not_match that matches',
      '{ program: rm }',
      '    examples: { match: ["rm x"], not_match: ["rm y"] }\n',
      /:7:46: rule "t\.x": not_match example "rm y" matches/,
    ],
    ['an unknown placeholder (warning)', '{ program: rm }', '', /warning: rule "t\.x": message placeholder \{detial\} is never filled in/],
    ['an id one typo from a built-in (warning)', '{ program: git }', '', null],
  ])('reports %s', (what, match, extra, want) => {
    const s = sandbox();
    const id = what.startsWith('an id') ? 'git.push-forc' : 't.x';
    const message = what.includes('placeholder') ? 'x {detial}' : 'x';
    const f = s.write('r.yaml', `rules:\n  - id: ${id}\n    match: ${match}\n    risk: high\n    action: confirm\n    message: "${message}"\n${extra}`);
    const r = cli(['rules', 'lint', f], s.project, s.env);
    if (want) expect(r.out).toMatch(want);
    else expect(r.out).toMatch(/warning: rule "git\.push-forc": is a new rule, one letter away from "git\.push-force"/);
    expect(r.code).toBe(what.includes('warning') ? 0 : 1);
  });

  it('reports a project id repeated within the layer, and an untrusted project', () => {
    const s = sandbox();
    s.write('project/.shellgate/a.yaml', `rules:\n${rule('p.x', '{ program: make }', 'confirm', '    examples: { match: ["make"] }\n')}`);
    s.write('project/.shellgate/b.yaml', `rules:\n${rule('p.x', '{ program: make }', 'deny', '    examples: { match: ["make"] }\n')}`);
    const r = cli(['rules', 'lint'], s.project, s.env);
    expect(r.out).toMatch(/b\.yaml:2:9: warning: rule "p\.x" is also defined in .*a\.yaml of the same layer \(project\)/);
    expect(r.out).toMatch(/a\.yaml:1:1: warning: the project layer in .* is not trusted yet/);
  });
});
