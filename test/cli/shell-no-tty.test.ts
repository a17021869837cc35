/*!
 * `shellgate` (the guarded interactive shell) without a terminal: a clear error pointing to
 * shellgate-sh, at once, instead of a PTY session that waits forever on a pipe.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const CLI = new URL('../../bin/shellgate.js', import.meta.url).pathname;

describe('shellgate shell without a terminal', () => {
  it.each([[[]], [['shell']], [['--agent']]])('%j with stdin from a pipe exits 2 and names shellgate-sh', (args) => {
    const r = spawnSync(process.execPath, [CLI, ...args], { input: 'echo hi\n', encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/needs a terminal/);
    expect(r.stderr).toMatch(/shellgate-sh/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
