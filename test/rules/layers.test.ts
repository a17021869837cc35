/*
 * Layers, sharing and trust, with real directories: a team pack in a temporary npm package
 * extended by a project, a project rule overriding a built-in by id, locked rules, an untrusted
 * or changed project layer ignored with a warning and used after trust, and the layer order.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLayers } from '../../src/rules/layers.js';
import { RulesetError } from '../../src/rules/load.js';
import { recordTrust } from '../../src/rules/trust.js';
import { loadEngine } from '../../src/engine/load-engine.js';
import { TEST_CONTEXT } from '../../src/engine/rule-tests.js';
import { rule, sandbox, type Sandbox } from './helpers.js';

const TEAM_PACK = `name: acme
environments:
  production: { hosts: ["*.acme-prod.internal"] }
rules:
${rule('acme.kube-delete', '{ program: kubectl, subcommand: delete }', 'deny', '    locked: true\n')}`;

/** Loads the layers for the project as a human who trusted it (or not). */
function layers(s: Sandbox, opts: { trust?: boolean; extraFiles?: string[] } = {}) {
  if (opts.trust) trustNow(s);
  return loadLayers({ cwd: s.project, env: s.env, extraFiles: opts.extraFiles });
}

/** Trusts the project as `shellgate trust` does: the hash and a copy of the trusted content. */
function trustNow(s: Sandbox, keepCopy = true): void {
  const l = loadLayers({ cwd: s.project, env: s.env, assumeProjectTrusted: true });
  recordTrust(l.project!.dir, l.project!.hash, [], s.env, keepCopy ? { own: l.project!.files, content: l.project!.content } : undefined);
}

function fired(s: Sandbox, line: string, opts: { trust?: boolean } = {}): { decision: string; rules: string[]; messages: string[] } {
  const engine = loadEngine({ ruleset: layers(s, opts).ruleset });
  const v = engine.classify(line, TEST_CONTEXT);
  return { decision: v.decision, rules: v.reasons.map((r) => r.rule), messages: v.reasons.map((r) => r.message) };
}

function loadError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof RulesetError) return err.message;
    throw err;
  }
  throw new Error('expected a RulesetError');
}

describe('extends', () => {
  it('loads a team pack from an npm package in the project, named by its shellgate field', () => {
    const s = sandbox();
    s.npmPackage('@acme/shellgate-rules', {
      'package.json': JSON.stringify({ name: '@acme/shellgate-rules', shellgate: 'pack/rules.yaml' }),
      'pack/rules.yaml': TEAM_PACK,
    });
    s.write('project/.shellgate/rules.yaml', 'extends: ["@acme/shellgate-rules"]\n');
    const l = layers(s, { trust: true });
    expect(l.files.filter((f) => f.kind === 'team').map((f) => f.file.path)).toEqual([join(s.project, 'node_modules/@acme/shellgate-rules/pack/rules.yaml')]);
    expect(fired(s, 'kubectl delete ns payments')).toMatchObject({ decision: 'deny', rules: expect.arrayContaining(['acme.kube-delete']) });
    expect(l.ruleset.environments.production.hosts).toContain('*.acme-prod.internal');
  });

  it.each([
    ['shellgate.yaml', { 'package.json': '{"name":"p"}', 'shellgate.yaml': TEAM_PACK }, 'p'],
    ['index.yaml', { 'package.json': '{"name":"p"}', 'index.yaml': TEAM_PACK }, 'p'],
    ['a subpath', { 'package.json': '{"name":"p","exports":{".":"./x.js"}}', 'packs/k8s.yaml': TEAM_PACK }, 'p/packs/k8s.yaml'],
  ])('finds the pack through %s', (_what, files, spec) => {
    const s = sandbox();
    s.npmPackage('p', files);
    s.write('project/.shellgate/rules.yaml', `extends: ${spec}\n`);
    expect(fired(s, 'kubectl delete ns x', { trust: true }).rules).toContain('acme.kube-delete');
  });

  it('resolves relative paths from the extending file, including directories', () => {
    const s = sandbox();
    s.write('project/tools/shellgate/k8s.yaml', TEAM_PACK);
    s.write('project/.shellgate/rules.yaml', 'extends: ../tools/shellgate\n');
    expect(fired(s, 'kubectl delete ns x', { trust: true }).rules).toContain('acme.kube-delete');
  });

  it.each([
    ['a missing package', 'extends: ["@acme/missing"]\n', /rules\.yaml:1:11: extends: cannot find the npm package "@acme\/missing"[\s\S]*Fix: install it/],
    ['a missing file', 'extends: ./nope.yaml\n', /rules\.yaml:1:10: extends: "\.\/nope\.yaml" not found/],
  ])('reports %s at the extends entry', (_what, text, want) => {
    const s = sandbox();
    s.write('project/.shellgate/rules.yaml', text);
    expect(loadError(() => loadLayers({ cwd: s.project, env: s.env, assumeProjectTrusted: true }))).toMatch(want);
  });

  it('reports a cycle with the chain of files', () => {
    const s = sandbox();
    s.write('project/.shellgate/rules.yaml', 'extends: ../packs/a.yaml\n');
    s.write('project/packs/a.yaml', 'extends: ./b.yaml\n');
    s.write('project/packs/b.yaml', 'name: b\nextends:\n  - ./a.yaml\n');
    const msg = loadError(() => loadLayers({ cwd: s.project, env: s.env, assumeProjectTrusted: true }));
    expect(msg).toMatch(/packs\/b\.yaml:3:5: extends "\.\/a\.yaml" makes a cycle: .*a\.yaml → .*b\.yaml → .*a\.yaml/);
  });
});

describe('overrides and locks', () => {
  it('a project rule overrides a built-in rule by id', () => {
    const s = sandbox();
    s.write('project/.shellgate/rules.yaml', `rules:\n${rule('git.push-force', '{ program: git, subcommand: push, flags: [-f, --force] }', 'deny')}`);
    const r = fired(s, 'git push -f origin main', { trust: true });
    expect(r.decision).toBe('deny');
    expect(r.messages).toContain('git.push-force fired');
    expect(r.rules.filter((x) => x === 'git.push-force')).toHaveLength(1);
  });

  it('a project that loosens a locked team rule is a load error naming both files', () => {
    const s = sandbox();
    const pack = s.npmPackage('@acme/shellgate-rules', { 'package.json': '{"name":"@acme/shellgate-rules"}', 'shellgate.yaml': TEAM_PACK });
    const proj = s.write(
      'project/.shellgate/rules.yaml',
      `extends: "@acme/shellgate-rules"\nrules:\n${rule('acme.kube-delete', '{ program: kubectl, subcommand: delete }', 'confirm')}`,
    );
    const msg = loadError(() => loadLayers({ cwd: s.project, env: s.env, assumeProjectTrusted: true }));
    expect(msg).toContain(`${proj}:3:9: rule "acme.kube-delete" is locked in ${join(pack, 'shellgate.yaml')}:5`);
    expect(msg).toMatch(/from deny to confirm[\s\S]*Fix: keep the match of/);
  });

  it('a project that loosens a locked built-in rule is a load error too', () => {
    const s = sandbox();
    s.write(
      'project/.shellgate/rules.yaml',
      `rules:\n${rule('self.approve', '{ program: [shellgate, shellgate-sh], subcommand: [approve, approvals, trust, "hook install", "hook uninstall"] }', 'allow')}`,
    );
    expect(loadError(() => loadLayers({ cwd: s.project, env: s.env, assumeProjectTrusted: true }))).toMatch(/locked in .*rulesets\/self-protection\.yaml:\d+/);
  });

  it('a project may tighten a locked rule, and it stays locked for the layers above', () => {
    const s = sandbox();
    s.npmPackage('@acme/shellgate-rules', {
      'package.json': '{"name":"@acme/shellgate-rules"}',
      'shellgate.yaml': TEAM_PACK.replace('action: deny', 'action: confirm'),
    });
    s.write(
      'project/.shellgate/rules.yaml',
      `extends: "@acme/shellgate-rules"\nrules:\n${rule('acme.kube-delete', '{ program: kubectl, subcommand: [delete] }', '{ default: deny }')}`,
    );
    expect(fired(s, 'kubectl delete ns x', { trust: true }).decision).toBe('deny');
    const loosen = s.write('extra.yaml', `rules:\n${rule('acme.kube-delete', '{ program: kubectl, subcommand: delete }', 'confirm')}`);
    expect(loadError(() => layers(s, { extraFiles: [loosen] }))).toMatch(/extra\.yaml:2:9: .*locked in .*\.shellgate\/rules\.yaml:3/);
  });
});

describe('trust', () => {
  const PROJECT_RULE = `rules:\n${rule('acme.no-make-deploy', '{ program: make, subcommand: deploy }', 'deny')}`;

  it('ignores an untrusted project layer with a warning, and uses it after trust', () => {
    const s = sandbox();
    s.write('project/.shellgate/rules.yaml', PROJECT_RULE);
    const before = layers(s);
    expect(before.project).toMatchObject({ trust: 'untrusted', loaded: false });
    expect(before.warnings.join('\n')).toMatch(/project rules in .*\.shellgate are not trusted yet, so they are ignored[\s\S]*Fix: .*shellgate trust/);
    expect(fired(s, 'make deploy').rules).not.toContain('acme.no-make-deploy');
    expect(fired(s, 'make deploy', { trust: true }).rules).toContain('acme.no-make-deploy');
    expect(layers(s).warnings).toEqual([]);
  });

  it('a changed project file keeps its last trusted version, with a warning that says so (issue 15)', () => {
    const s = sandbox();
    const file = s.write('project/.shellgate/rules.yaml', PROJECT_RULE);
    trustNow(s);
    writeFileSync(file, readFileSync(file, 'utf8').replace('deny', 'allow'));
    const after = layers(s);
    expect(after.project?.trust).toBe('changed');
    expect(after.warnings[0]).toMatch(/changed since they were trusted; the version trusted at .* still applies/);
    // The agent's edit (deny → allow) does not take effect: the trusted deny does.
    expect(fired(s, 'make deploy')).toMatchObject({ decision: 'deny', rules: expect.arrayContaining(['acme.no-make-deploy']) });
  });

  it('a changed project file with no trusted copy kept is ignored, and says agents are refused', () => {
    const s = sandbox();
    const file = s.write('project/.shellgate/rules.yaml', PROJECT_RULE);
    trustNow(s, false);
    writeFileSync(file, readFileSync(file, 'utf8').replace('deny', 'allow'));
    const after = layers(s);
    expect(after.project).toMatchObject({ trust: 'changed', loaded: false });
    expect(after.warnings[0]).toMatch(/no trusted copy was kept, so agents are refused/);
  });

  it('a changed team pack in node_modules also makes the project layer untrusted', () => {
    const s = sandbox();
    const pack = s.npmPackage('@acme/shellgate-rules', { 'package.json': '{"name":"@acme/shellgate-rules"}', 'shellgate.yaml': TEAM_PACK });
    s.write('project/.shellgate/rules.yaml', 'extends: "@acme/shellgate-rules"\n');
    trustNow(s);
    expect(layers(s).project?.trust).toBe('trusted');
    writeFileSync(join(pack, 'shellgate.yaml'), TEAM_PACK.replace('action: deny', 'action: allow'));
    const after = layers(s);
    expect(after.project?.trust).toBe('changed');
    // the pack as it was trusted still applies, not the edited one
    expect(after.ruleset.rules.find((r) => r.id === 'acme.kube-delete')?.action).toBe('deny');
  });

  it('a broken but trusted project layer is an error, never "no rules"', () => {
    const s = sandbox();
    s.write('project/.shellgate/rules.yaml', 'rules:\n  - id: x\n    match: { program: make }\n');
    trustNowLenient(s);
    expect(loadError(() => layers(s))).toMatch(/rules\.yaml:2:5: rule "x": missing `risk`/);
  });

  it('Engine.warnings carries the warning to every caller of loadEngine', () => {
    const s = sandbox();
    s.write('project/.shellgate/rules.yaml', PROJECT_RULE);
    const saved = process.env.SHELLGATE_CONFIG_DIR;
    process.env.SHELLGATE_CONFIG_DIR = s.config;
    try {
      expect(loadEngine({ cwd: s.project }).warnings?.[0]).toMatch(/not trusted yet/);
    } finally {
      if (saved === undefined) delete process.env.SHELLGATE_CONFIG_DIR;
      else process.env.SHELLGATE_CONFIG_DIR = saved;
    }
  });
});

/** Trusts whatever the project holds now, even when it does not load (the loader must then fail). */
function trustNowLenient(s: Sandbox): void {
  const l = loadLayers({ cwd: s.project, env: s.env });
  recordTrust(l.project!.dir, l.project!.hash, [], s.env);
}

describe('layer order', () => {
  const msg = (who: string) => `rules:\n  - id: acme.order\n    match: { program: make }\n    risk: low\n    action: confirm\n    message: "${who}"\n`;

  it('built-in < team < user < project < --ruleset, by rule id', () => {
    const s = sandbox();
    s.write('config/node_modules/team/package.json', '{"name":"team"}');
    s.write('config/node_modules/team/shellgate.yaml', msg('team'));
    s.write('config/rules.yaml', `extends: team\n${msg('user')}`);
    s.write('project/.shellgate/rules.yaml', msg('project'));
    const extra = s.write('extra.yaml', msg('extra'));
    const l = layers(s, { trust: true, extraFiles: [extra] });
    expect(l.files.map((f) => f.kind).filter((k, i, a) => a.indexOf(k) === i)).toEqual(['builtin', 'team', 'user', 'project', 'extra']);
    const order = (files: string[]) =>
      loadEngine({ ruleset: loadLayers({ cwd: s.project, env: s.env, extraFiles: files }).ruleset }).classify('make', TEST_CONTEXT).reasons[0].message;
    expect(order([extra])).toBe('extra');
    expect(order([])).toBe('project');
    writeFileSync(join(s.project, '.shellgate/rules.yaml'), '# nothing\n');
    expect(order([])).toBe('project'); // changed since trusted: the trusted version still applies
    trustNow(s);
    expect(order([])).toBe('user');
  });

  it("the user layer does not take packages from the project's node_modules (an agent can write there)", () => {
    const s = sandbox();
    s.npmPackage('team', { 'package.json': '{"name":"team"}', 'shellgate.yaml': msg('team') });
    s.write('config/rules.yaml', 'extends: team\n');
    expect(loadError(() => layers(s))).toMatch(/config\/rules\.yaml:1:10: extends: cannot find the npm package "team"/);
  });

  it('a higher layer cannot make a production word a development word', () => {
    const s = sandbox();
    s.write('project/.shellgate/rules.yaml', 'environments:\n  development: { words: [prod, prd] }\n');
    const l = layers(s, { trust: true });
    expect(l.ruleset.environments.development.words).not.toContain('prod');
    expect(l.ruleset.environments.production.words).toContain('prod');
    const v = loadEngine({ ruleset: l.ruleset }).classify('kubectl --context prod delete ns x', TEST_CONTEXT);
    expect(v.environment).toBe('production');
  });
});
