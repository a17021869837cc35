/*
 * `shellgate explain` through the built CLI: the command model, the facts, each rule considered
 * with "matched" or the first condition that failed, the environment with its evidence, and the
 * verdict, in text and in JSON.
 */
import { describe, expect, it } from 'vitest';
import { cli, sandbox } from '../rules/helpers.js';

interface RuleCheck {
  id: string;
  matched: boolean;
  condition?: string;
  why?: string;
}
interface Cmd {
  program: string;
  argv: string[];
  origin: string;
  via: string[];
  stdin: string | null;
  facts: { id: string }[];
  rules: RuleCheck[];
}

function explainJson(line: string): {
  commands: Cmd[];
  environment: string | null;
  environmentEvidence?: string;
  verdict: { decision: string };
  layers: { kind: string }[];
} {
  const s = sandbox();
  const r = cli(['explain', '--json', '--', line], s.project, s.env);
  expect(r.code).toBe(0);
  return JSON.parse(r.out);
}

describe('shellgate explain', () => {
  it('shows the model, facts, rules considered, environment evidence and verdict (text)', () => {
    const s = sandbox();
    const r = cli(['explain', '--', "sudo git push -f origin main && echo 'DROP TABLE users' | psql -h db.prod.example.com"], s.project, s.env);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^rule layers \(lowest first\):\n {2}builtin {2}\d+ packs/);
    expect(r.out).toMatch(
      /command 1: sudo git push -f origin main\n {2}program: {5}git\n {2}argv: {8}\["git","push","-f","origin","main"\]\n {2}origin: {6}line via sudo/,
    );
    expect(r.out).toMatch(/MATCHED git\.push-force +.*rulesets\/git\.yaml:\d+/);
    expect(r.out).toMatch(/no {6}git\.reset-hard +subcommand: first words are "push origin main", the rule wants "reset"/);
    expect(r.out).toMatch(/command 3: psql -h db\.prod\.example\.com\n[\s\S]*stdin: {7}pipe from echo[\s\S]*facts: {7}sql\.drop \(DROP TABLE users\)/);
    expect(r.out).toMatch(/environment: production \(from -h db\.prod\.example\.com\)/);
    expect(r.out).toMatch(/verdict:\nDENY/);
  });

  it.each<[string, string, string, RegExp]>([
    ['git push --dry-run --delete origin x', 'git.push-delete', 'unless', /unless #1 matched \(flags\)/],
    ['git clean -n', 'git.clean', 'flags', /none of -f, --force \(flags: -n\)/],
    ['git push origin main', 'git.push-delete', 'any', /none of the alternatives matched: #1 flags: .*; #2 args: no argument matches/],
    [
      'rm -rf node_modules',
      'fs.delete-catastrophic',
      'facts',
      /no fact matches fs\.delete-recursive\.\{root,home,system,device\}.* \(facts: fs\.delete-recursive\.[a-z]+\)/,
    ],
  ])('%s: %s fails at %s', (line, id, condition, why) => {
    const ex = explainJson(line);
    const check = ex.commands[0].rules.find((x) => x.id === id)!;
    expect(check).toMatchObject({ matched: false, condition });
    expect(check.why).toMatch(why);
  });

  it('JSON carries the model, the layers and the verdict', () => {
    const ex = explainJson('cat <<EOF | FOO=1 bash\nrm -rf ~\nEOF');
    expect(ex.layers[0].kind).toBe('builtin');
    const rm = ex.commands.find((c) => c.program === 'rm')!;
    expect(rm.origin).toBe('stdin-script');
    expect(rm.facts.map((f) => f.id)).toContain('fs.delete-recursive.home');
    expect(rm.rules.find((x) => x.id === 'fs.delete-catastrophic')?.matched).toBe(true);
    expect(ex.verdict.decision).toBe('deny');
  });

  it('reports the environment and its evidence', () => {
    const ex = explainJson('kubectl --context prod-eu delete ns payments');
    expect(ex.environment).toBe('production');
    expect(ex.environmentEvidence).toBe('--context prod-eu');
  });

  it('needs a command line', () => {
    const s = sandbox();
    const r = cli(['explain'], s.project, s.env);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/give the command line after --/);
  });
});
