/*!
 * Long work shows progress on a terminal and stays quiet when piped: `shellgate secrets scan`
 * over a few hundred files, once in a real PTY (read through a headless xterm) and once with its
 * output piped.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, makeHome, TerminalDriver, type Sandbox } from '../shell/helpers/terminal-driver.js';

let sb: Sandbox | undefined;
let t: TerminalDriver | undefined;
afterEach(() => {
  t?.kill();
  sb?.cleanup();
  t = undefined;
  sb = undefined;
});

/** A tree of `n` small source files (no secrets). */
function tree(n: number): string {
  sb = makeHome();
  const dir = path.join(sb.home, 'tree');
  for (let i = 0; i < n; i++) {
    const sub = path.join(dir, `pkg${i % 10}`);
    fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(sub, `file${i}.js`), `export const value${i} = ${i};\n`);
  }
  return dir;
}

describe('secrets scan progress', () => {
  it('on a terminal: a progress line while scanning, erased at the end', async () => {
    const dir = tree(300);
    t = new TerminalDriver({ file: process.execPath, args: [CLI, 'secrets', 'scan', dir], env: sb!.env, cwd: sb!.home, cols: 80, rows: 20 });
    const { exitCode } = await t.exited;
    expect(exitCode).toBe(0);
    const raw = Buffer.concat(t.raw).toString('utf8');
    expect(raw).toMatch(/shellgate: scanning \d+ of 300 files…/);
    const screen = await t.screen();
    expect(screen).not.toContain('shellgate: scanning');
    expect(screen).toContain('0 findings in 0 files (300 files scanned)');
  });

  it('piped: nothing but the report', () => {
    const dir = tree(300);
    const r = spawnSync(process.execPath, [CLI, 'secrets', 'scan', dir], { env: sb!.env, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toContain('scanning');
    expect(r.stdout).not.toContain('\r');
  });
});
