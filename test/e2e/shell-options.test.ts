/*!
 * End to end: the command line of the guarded shell — help, bad options, and --sandbox (bash runs
 * inside bubblewrap with the guard working; without bubblewrap, no shell starts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeHome, PS1, startShellgate, type Sandbox, type TerminalDriver } from '../shell/helpers/terminal-driver.js';

let sb: Sandbox;
let t: TerminalDriver | undefined;

beforeEach(() => {
  sb = makeHome();
});

afterEach(() => {
  t?.kill();
  t = undefined;
  sb.cleanup();
});

describe('shellgate shell options', () => {
  it('--help describes the options', async () => {
    t = startShellgate(sb, ['shell', '--help']);
    expect((await t.exited).exitCode).toBe(0);
    const out = await t.history();
    for (const o of ['--agent', '--sandbox', '--ruleset FILE']) expect(out).toContain(o);
  });

  it('an unknown option is a clear error, without a stack trace', async () => {
    t = startShellgate(sb, ['--bogus']);
    expect((await t.exited).exitCode).toBe(2);
    const out = await t.history();
    expect(out).toContain("shellgate shell: unknown option '--bogus'");
    expect(out).not.toMatch(/\n\s+at /);
  });

  it('--sandbox: the guard works inside the sandbox', async () => {
    fs.mkdirSync(path.join(sb.home, 'projects', 'demo'), { recursive: true });
    t = startShellgate(sb, ['--sandbox']);
    await t.waitFor(PS1.trimEnd(), { timeout: 20_000 });
    t.write('echo "inside=$SHELLGATE_SESSION"\r');
    await t.waitFor(/^inside=\w+$/m);
    t.write('rm -rf ~/projects/demo\r');
    await t.waitFor('run it once');
    t.write('n');
    await t.waitFor('not run');
    expect(fs.existsSync(path.join(sb.home, 'projects', 'demo'))).toBe(true);
  });

  it('--sandbox refuses to start when the sandbox is not available', async () => {
    fs.mkdirSync(sb.env.SHELLGATE_CONFIG_DIR, { recursive: true });
    fs.writeFileSync(path.join(sb.env.SHELLGATE_CONFIG_DIR, 'sandbox.yaml'), 'bwrap: /nonexistent/bwrap\n');
    t = startShellgate(sb, ['--sandbox']);
    expect((await t.exited).exitCode).toBe(1);
    const out = await t.history();
    expect(out.replace(/\n/g, '')).toMatch(/--sandbox: .*not starting an unsandboxed shell/);
    expect(out).not.toMatch(/\n\s+at /);
  });
});
