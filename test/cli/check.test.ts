/*
 * The `check` contract, through the built CLI: human and JSON output, exit codes, and the JSONL
 * batch mode (ids in order, env replacing the process environment, bad lines answered).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { childEnv } from '../helpers/cli.js';

const CLI = new URL('../../bin/shellgate.js', import.meta.url).pathname;

function check(args: string[], input?: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [CLI, 'check', ...args], { input, encoding: 'utf8', env: childEnv({ HOME: '/home/dev', ...env }) });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('shellgate check', () => {
  it.each([
    ['FOO=1 sudo /bin/rm -rf "$HOME"', 'deny', 'fs.delete-catastrophic'],
    ['ls -la && git status', 'allow', null],
    ['bash -c "echo x; r\\m -fr /"', 'deny', 'fs.delete-catastrophic'],
    ['rm -rf / $(printf "%.0s$(" {1..300})', 'deny', 'engine.syntax-error'],
  ])('%s → %s', (line, decision, rule) => {
    const r = check(['--json', '--', line]);
    expect(r.code).toBe(0);
    const v = JSON.parse(r.out);
    expect(v.decision).toBe(decision);
    if (rule) {
      expect(v.reasons.map((x: { rule: string }) => x.rule)).toContain(rule);
      const reason = v.reasons.find((x: { rule: string }) => x.rule === rule);
      expect(reason.span[1]).toBeGreaterThan(reason.span[0]);
      expect(reason.span[1]).toBeLessThanOrEqual(line.length);
    }
  });

  it('names the rm and the span in human output', () => {
    const r = check(['--', 'echo hi && rm -rf ~/projects']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^CONFIRM/);
    expect(r.out).toContain('fs.delete-recursive');
    expect(r.out).toContain('rm -rf ~/projects');
  });

  it("fills the placeholders of a rule's safer alternative like those of its message", () => {
    const v = JSON.parse(check(['--json', '--', 'rm -rf ~/projects/demo']).out);
    const reason = v.reasons.find((x: { rule: string }) => x.rule === 'fs.delete-recursive');
    expect(reason.alternative).toContain('mv ~/projects/demo /tmp/');
    expect(reason.alternative).not.toMatch(/\{\w+\}/);
  });

  it('classifies a JSONL batch in order, with env replacing the process environment', () => {
    const lines = [
      { id: 'a', command: 'git status' },
      { id: 'b', command: 'railway down', env: { RAILWAY_ENVIRONMENT: 'staging' }, cwd: '/nonexistent/app' },
      'not json',
      { id: 'd' },
      { id: 'e', command: 'psql "$DATABASE_URL" -c "drop table t"', env: { DATABASE_URL: 'postgres://u@prod-db.internal/app' } },
    ]
      .map((l) => (typeof l === 'string' ? l : JSON.stringify(l)))
      .join('\n');
    const r = check(['--jsonl'], lines + '\n', { RAILWAY_ENVIRONMENT: 'production' });
    expect(r.code).toBe(0);
    const out = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out.map((o) => o.id)).toEqual(['a', 'b', null, 'd', 'e']);
    expect(out[0].decision).toBe('allow');
    expect(out[1].environment).toBe('staging');
    expect(out[2].error).toMatch(/JSON/);
    expect(out[3].error).toMatch(/command/);
    expect(out[4]).toMatchObject({ decision: 'deny', environment: 'production' });
  });

  // The SQL parser loads when a line first has SQL: the keyword scan alone allows this DELETE (its WHERE is always true).
  it('judges SQL with the parser, which it loads on the first line with SQL', () => {
    const sql = "psql -c 'DELETE FROM users WHERE 1 = 1 OR id = 5'";
    expect(JSON.parse(check(['--json', '--', sql]).out)).toMatchObject({ decision: 'confirm' });
    const lines = [
      { id: 1, command: 'ls' },
      { id: 2, command: sql },
      { id: 3, command: sql.replace('users', 'orders') },
    ];
    const out = check(['--jsonl'], lines.map((l) => JSON.stringify(l)).join('\n'))
      .out.trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out.map((o) => [o.id, o.decision])).toEqual([
      [1, 'allow'],
      [2, 'confirm'],
      [3, 'confirm'],
    ]);
  });

  it('fails with file:line:col when a ruleset is broken, and classifies nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-check-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'rules:\n  - id: x\n    match: { program: rm }\n    risk: hgh\n    action: deny\n    message: m\n');
    const r = check(['--ruleset', bad, '--', 'ls']);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${bad}:4:`);
    expect(r.out).toBe('');
  });

  it('rejects unknown options with a usage hint, without a stack trace', () => {
    const r = check(['--frobnicate', '--', 'ls']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown option '--frobnicate'");
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});
