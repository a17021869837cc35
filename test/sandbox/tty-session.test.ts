// Issue 8: a sandboxed command cannot reach the terminal of whoever started shellgate (no
// controlling terminal, so no TIOCSTI keystroke injection), unless the caller says the child is
// the interactive shell on shellgate's own PTY, which needs job control and Ctrl-C.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from '@lydell/node-pty';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxCommand } from '../../src/sandbox/index.js';
import { makeTempHome, type TempHome } from './helpers/temp-home.js';

let t: TempHome;
let project: string;
beforeAll(() => {
  t = makeTempHome();
  project = join(t.home, 'proj');
  mkdirSync(project);
});
afterAll(() => t.cleanup());

/**
 * Runs `script` on a real PTY under the sandbox; returns what it wrote to `result` (a file, since
 * a PTY child that exits right after printing can lose its last output, node-pty issue #72).
 */
function onPty(script: string, interactive: boolean): Promise<string> {
  const w = sandboxCommand('bash', ['-c', `${script} > result`], { cwd: project, env: t.env, interactive });
  const pty = spawn(w.file, w.args, { env: t.env as Record<string, string>, cols: 80, rows: 24 });
  return new Promise((resolve) => pty.onExit(() => resolve(readFileSync(join(project, 'result'), 'utf8'))));
}

const probe = '{ (exec 3</dev/tty) 2>/dev/null && echo CTTY-YES || echo CTTY-NO; }';

describe('controlling terminal', () => {
  it('is taken away from a non-interactive command', async () => {
    const out = await onPty(probe, false);
    expect(out).toBe('CTTY-NO\n');
  });

  it('is kept for the interactive shell', async () => {
    const out = await onPty(probe, true);
    expect(out).toBe('CTTY-YES\n');
  });
});
