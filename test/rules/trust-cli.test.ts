/*
 * `shellgate trust` through the built CLI, and the example team pack end to end: installed as
 * an npm package in a project, extended by `.shellgate/rules.yaml`, ignored (with a warning)
 * until a human trusts it, then in force; refused inside a guarded session or from an agent.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, sandbox, type Sandbox } from './helpers.js';

const LINE = 'kubectl --context prod-eu delete namespace payments';

function withAcmePack(): Sandbox {
  const s = sandbox();
  cpSync(join(ROOT, 'rulesets/examples/acme'), join(s.project, 'node_modules/@acme/shellgate-rules'), { recursive: true });
  s.write(
    'project/.shellgate/rules.yaml',
    '# yaml-language-server: $schema=../node_modules/shellgate/schema/ruleset.schema.json\nextends: ["@acme/shellgate-rules"]\n',
  );
  return s;
}

function verdict(s: Sandbox, line = LINE): { decision: string; rules: string[] } {
  const r = cli(['check', '--json', '--', line], s.project, s.env);
  expect(r.code).toBe(0);
  const v = JSON.parse(r.out) as { decision: string; reasons: { rule: string }[] };
  return { decision: v.decision, rules: v.reasons.map((x) => x.rule) };
}

describe('shellgate trust', () => {
  it('the example team pack, extended by a project, applies only once trusted', () => {
    const s = withAcmePack();
    expect(verdict(s).rules).not.toContain('acme.production-destructive');
    const ex = cli(['explain', '--', LINE], s.project, s.env);
    expect(ex.err).toMatch(/project rules in .*\.shellgate are not trusted yet, so they are ignored/);
    expect(ex.out).toMatch(/project {2}.*\.shellgate IGNORED \(untrusted\)/);

    const t = cli(['trust'], s.project, s.env);
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/trusted .*\.shellgate \(2 files, sha256 [0-9a-f]{16}…\)/);
    expect(t.out).toContain('node_modules/@acme/shellgate-rules/rules.yaml');
    expect(verdict(s)).toEqual({ decision: 'deny', rules: expect.arrayContaining(['acme.production-destructive']) });
    expect(cli(['trust', '--status'], s.project, s.env).code).toBe(0);
  });

  it('a change after trust is ignored with a warning until trusted again', () => {
    const s = withAcmePack();
    expect(cli(['trust'], s.project, s.env).code).toBe(0);
    const pack = join(s.project, 'node_modules/@acme/shellgate-rules/rules.yaml');
    writeFileSync(pack, readFileSync(pack, 'utf8') + '\n# edited\n');
    const st = cli(['trust', '--status'], s.project, s.env);
    expect(st.code).toBe(1);
    expect(st.out).toMatch(/: changed \(shellgate uses the version trusted at /);
    const ex = cli(['explain', '--', LINE], s.project, s.env);
    expect(ex.err).toMatch(/changed since they were trusted; the version trusted at .* still applies/);
    // every command that loads rules says so, and the trusted version still decides
    const ch = cli(['check', '--json', '--', LINE], s.project, s.env);
    expect(ch.out).toContain('engine.project-rules-changed');
    expect(verdict(s).decision).toBe('deny');
    expect(cli(['trust'], s.project, s.env).code).toBe(0);
    expect(verdict(s).decision).toBe('deny');
  });

  it.each([
    ['inside a guarded session', { SHELLGATE_SESSION: 'abc' }, /inside a shellgate-guarded session/],
    ['from an agent', { CLAUDECODE: '1' }, /from an agent's environment \(claude-code\)/],
  ])('is refused %s', (_what, extra, want) => {
    const s = withAcmePack();
    const r = cli(['trust'], s.project, { ...s.env, ...extra });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(want);
    expect(r.err).toContain('Fix:');
    expect(cli(['trust', '--status'], s.project, s.env).code).toBe(1);
  });

  it('refuses to trust rules that do not load, and says where', () => {
    const s = sandbox();
    s.write(
      'project/.shellgate/rules.yaml',
      'rules:\n  - id: self.tamper\n    match: { facts: [self.write] }\n    risk: low\n    action: allow\n    message: m\n',
    );
    const r = cli(['trust'], s.project, s.env);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/not trusted: the project rules do not load:\n.*rules\.yaml:2:9: rule "self\.tamper" is locked in .*self-protection\.yaml/);
  });

  it('--revoke forgets the trust; without .shellgate/ it says how to start', () => {
    const s = withAcmePack();
    cli(['trust'], s.project, s.env);
    expect(cli(['trust', '--revoke'], s.project, s.env).out).toMatch(/revoked trust/);
    expect(verdict(s).rules).not.toContain('acme.production-destructive');
    const none = cli(['trust'], s.root, s.env);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/no \.shellgate\/\*\.yaml found[\s\S]*Fix:/);
  });
});
