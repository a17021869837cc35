/*!
 * shellgate-sh on a real terminal (node-pty): a human at the terminal is asked (the Ink
 * confirmation; `y` allows once, `n` refuses); an agent on a
 * terminal is never asked (the command is blocked and queued instead).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from '@lydell/node-pty';
import { describe, expect, it } from 'vitest';
import { DAEMON_ENV, SH_BIN, daemonPids, makeSandbox, sleep, stopDaemons } from '../helpers/cli.js';

const RM = 'rm -rf "$HOME/x"';

function inPty(env: NodeJS.ProcessEnv, cwd: string, answer?: string, line = RM, after?: string): Promise<{ output: string; code: number }> {
  return new Promise((done) => {
    const pty = spawn(process.execPath, [SH_BIN, '-c', line], { env: env as Record<string, string>, cwd, cols: 120, rows: 30 });
    let output = '';
    let answered = false;
    pty.onData((d) => {
      output += d;
      if (answer !== undefined && !answered && output.includes('confirm before running')) {
        answered = true;
        pty.write(answer);
      }
      if (after !== undefined && output.includes('READY>')) {
        pty.write(after);
        after = undefined;
      }
    });
    pty.onExit(({ exitCode }) => done({ output, code: exitCode }));
  });
}

describe('shellgate-sh at a terminal', () => {
  it('asks the human; "y" runs the command', async () => {
    const sb = makeSandbox();
    mkdirSync(join(sb.home, 'x'));
    const r = await inPty(sb.env, sb.dir, 'y');
    expect(r.output).toContain('shellgate: confirm before running');
    expect(r.output).toMatch(/fs\.[\w-]+/);
    expect(r.code).toBe(0);
    expect(existsSync(join(sb.home, 'x'))).toBe(false);
  });

  it('after the prompt, bash reads the terminal normally', async () => {
    const sb = makeSandbox();
    mkdirSync(join(sb.home, 'x'));
    const r = await inPty(sb.env, sb.dir, 'y', `${RM}; printf 'READ%s' 'Y>'; read v; echo "got:$v"`, 'hello\r');
    expect(r.output).toContain('got:hello');
    expect(r.code).toBe(0);
  });

  it('with the classifier daemon running, the human at this terminal is still the one asked', async () => {
    const sb = makeSandbox(DAEMON_ENV);
    try {
      await inPty(sb.env, sb.dir, undefined, 'true'); // starts the daemon
      for (let i = 0; i < 100 && daemonPids(sb).length === 0; i++) await sleep(50);
      expect(daemonPids(sb)).toHaveLength(1);
      mkdirSync(join(sb.home, 'x'));
      const no = await inPty(sb.env, sb.dir, 'n');
      expect(no.output).toContain('shellgate: confirm before running');
      expect(no.code).toBe(126);
      expect(existsSync(join(sb.home, 'x'))).toBe(true);
      const yes = await inPty(sb.env, sb.dir, 'y');
      expect(yes.code).toBe(0);
      expect(existsSync(join(sb.home, 'x'))).toBe(false);
    } finally {
      stopDaemons(sb);
    }
  });

  it('asks the human; anything else does not run it (126)', async () => {
    const sb = makeSandbox();
    mkdirSync(join(sb.home, 'x'));
    const r = await inPty(sb.env, sb.dir, 'n');
    expect(r.code).toBe(126);
    expect(existsSync(join(sb.home, 'x'))).toBe(true);
  });

  it('never asks when an agent is detected, even on a terminal', async () => {
    const sb = makeSandbox({ CLAUDECODE: '1' });
    mkdirSync(join(sb.home, 'x'));
    const r = await inPty(sb.env, sb.dir);
    expect(r.output).not.toContain('confirm before running');
    expect(r.output).toContain('shellgate approve');
    expect(r.code).toBe(126);
    expect(existsSync(join(sb.home, 'x'))).toBe(true);
  });
});
