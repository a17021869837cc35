/*!
 * A reason names what it is about: `TRUNCATE users` said `destructive database statement ()` and
 * `DROP TABLE users` said `(table)`. Through the real CLI (`check --json`), from the Postgres
 * parser and from the keyword scan (MySQL syntax it cannot read).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { childEnv } from '../helpers/cli.js';

const CLI = new URL('../../bin/shellgate.cjs', import.meta.url).pathname;

function reasons(line: string): string[] {
  const r = spawnSync(process.execPath, [CLI, 'check', '--json', '--', line], { encoding: 'utf8', env: childEnv({ HOME: '/home/dev' }) });
  expect(r.status).toBe(0);
  return (JSON.parse(r.stdout).reasons as { message: string }[]).map((x) => x.message);
}

describe('reasons name their object', () => {
  it.each([
    ["psql -c 'TRUNCATE users'", 'TRUNCATE users'],
    ["psql -c 'TRUNCATE public.orders, logs CASCADE'", 'TRUNCATE public.orders, logs'],
    ["psql -c 'DROP TABLE users'", 'DROP TABLE users'],
    ["psql -c 'DROP TABLE users, public.orders'", 'DROP TABLE users, public.orders'],
    ["psql -c 'DROP INDEX idx_users_email'", 'DROP INDEX idx_users_email'],
    ["mysql -e 'DROP TABLE `users`'", 'DROP TABLE `users`'],
    ["mysql -e 'TRUNCATE TABLE `logs`'", 'TRUNCATE TABLE `logs`'],
  ])('%s → %s', (line, object) => {
    const messages = reasons(line);
    expect(
      messages.some((m) => m.includes(`(${object})`)),
      messages.join('\n'),
    ).toBe(true);
    for (const m of messages) expect(m).not.toMatch(/\(\s*\)/);
  });
});
