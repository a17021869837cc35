/*!
 * A YAML syntax error in a ruleset is one error, where the mistake is (an unclosed `{` on line 3
 * is reported on line 3, not as five errors on lines 4 and 5), through the real CLI (`rules lint`
 * and `check --ruleset`, which must refuse to classify). Cases: fixtures/yaml-errors.yaml.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const CLI = new URL('../../bin/shellgate.cjs', import.meta.url).pathname;
const CASES = parse(readFileSync(new URL('./fixtures/yaml-errors.yaml', import.meta.url), 'utf8')) as {
  name: string;
  text: string;
  line: number;
  col: number;
  says: string;
}[];
const root = mkdtempSync(join(tmpdir(), 'sg-yaml-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const env = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: join(root, 'home'),
  SHELLGATE_STATE_DIR: join(root, 'state'),
  SHELLGATE_CONFIG_DIR: join(root, 'config'),
  XDG_CACHE_HOME: join(root, 'cache'),
};

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { env, cwd: root, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('YAML syntax errors in a ruleset', () => {
  it.each(CASES.map((c, i) => [c.name, c, i] as const))('%s', (_name, c, i) => {
    const file = join(root, `case-${i}.yaml`);
    writeFileSync(file, c.text);
    const lint = cli(['rules', 'lint', file]);
    expect(lint.code).toBe(1);
    const errors = lint.out.split('\n').filter((l) => l.startsWith(file));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`${file}:${c.line}:${c.col}: `);
    expect(errors[0]).toContain(c.says);
    const check = cli(['check', '--ruleset', file, '--', 'ls']);
    expect(check.code).toBe(2);
    expect(check.out).toBe('');
    expect(check.err).toContain(`${file}:${c.line}:${c.col}: `);
  });
});
