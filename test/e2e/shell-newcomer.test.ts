/*!
 * End to end, what a newcomer meets in the guarded shell: a banner once, a PS1 marker they can
 * use, `shellgate` on PATH inside the shell, `$?` at 126 after a refused or declined line (as
 * shellgate-sh), and the one refusal style (`shellgate ✗ denied: …` / `  why: … [rule …]`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { atFreshPrompt, makeHome, PS1, startAtPrompt, syncShell, type Sandbox, type TerminalDriver } from '../shell/helpers/terminal-driver.js';

let sb: Sandbox | undefined;
let t: TerminalDriver | undefined;

afterEach(() => {
  t?.kill();
  t = undefined;
  sb?.cleanup();
  sb = undefined;
});

/** A PATH without any installed shellgate: node's own directory and the system's. */
const BARE_PATH = `${path.dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`;

async function start(bashrcExtra = '', env: Record<string, string> = {}): Promise<TerminalDriver> {
  sb = makeHome(bashrcExtra);
  const demo = path.join(sb.home, 'projects', 'demo');
  fs.mkdirSync(demo, { recursive: true });
  fs.writeFileSync(path.join(demo, 'keep.txt'), 'x');
  t = await startAtPrompt(sb, [], { PATH: BARE_PATH, ...env });
  return t;
}

/** Runs `echo "st=$?"` and returns the number printed. */
async function status(d: TerminalDriver, tag: string): Promise<number> {
  // Back at a fresh prompt first: a line typed ahead is echoed by the terminal while the refusal's
  // stand-in still runs, and its erase of its own echo would then take the typed line instead.
  await atFreshPrompt(d);
  d.write(`echo "st-${tag}=$?"\r`);
  const screen = await d.waitFor(new RegExp(`^st-${tag}=\\d+$`, 'm'), { history: true });
  return Number(new RegExp(`^st-${tag}=(\\d+)$`, 'm').exec(screen)![1]);
}

describe('guarded shell: $? after a line that did not run', () => {
  it('is 126 after a denied line, like shellgate-sh; the line stays in the history, the stand-in does not', async () => {
    const d = await start();
    d.write('false\r');
    expect(await status(d, 'false')).toBe(1);
    d.write('rm -rf / --version; touch ~/ran\r');
    await d.waitFor('shellgate ✗ denied: rm -rf / --version; touch ~/ran');
    expect(await status(d, 'deny')).toBe(126);
    expect(fs.existsSync(path.join(sb!.home, 'ran'))).toBe(false);
    d.write('true\r');
    expect(await status(d, 'true')).toBe(0);
    // The stand-in command is neither on screen nor in the history; the refused line is.
    d.write("history | grep -c '[_]_sg_refused'\r");
    await d.waitFor(/^0$/m);
    expect(await d.history()).not.toContain('__sg_refused');
    d.write("history | grep -c '[t]ouch ~/ran'\r");
    await d.waitFor(/^1$/m);
  });

  it('is 126 after a line declined at the prompt', async () => {
    const d = await start();
    d.write('rm -rf ~/projects/demo\r');
    await d.waitFor('run it once');
    d.write('n');
    await d.waitFor('shellgate ✗ not run, declined: rm -rf ~/projects/demo');
    expect(await status(d, 'declined')).toBe(126);
    expect(fs.existsSync(path.join(sb!.home, 'projects', 'demo', 'keep.txt'))).toBe(true);
    expect(await d.history()).not.toContain('__sg_refused');
  });

  // Both lines touch the guard, so they ask first; the worst case is a human who says yes.
  it('an alias named like the stand-in changes nothing (it is quoted, never alias-expanded)', async () => {
    const d = await start();
    d.write("alias __sg_refused='touch ~/aliased'\r");
    await d.waitFor('run it once');
    d.write('y');
    await d.waitFor('allowed once');
    await atFreshPrompt(d);
    await syncShell(d, 'alias');
    d.write('rm -rf / --version\r');
    await d.waitFor('shellgate ✗ denied');
    expect(await status(d, 'alias')).toBe(126);
    expect(fs.existsSync(path.join(sb!.home, 'aliased'))).toBe(false);
  });

  it('the stand-in cannot be redefined', async () => {
    const d = await start();
    d.write('__sg_refused() { touch ~/redefined; }\r');
    await d.waitFor('run it once');
    d.write('y');
    await d.waitFor('allowed once');
    await atFreshPrompt(d);
    await syncShell(d, 'redef');
    d.write('rm -rf / --version\r');
    await d.waitFor('shellgate ✗ denied');
    expect(await status(d, 'redef')).toBe(126);
    expect(fs.existsSync(path.join(sb!.home, 'redefined'))).toBe(false);
  });
});

describe('guarded shell: what a newcomer sees', () => {
  it('shows a banner once', async () => {
    const d = await start();
    await syncShell(d, 'one');
    await syncShell(d, 'two');
    const all = await d.history();
    expect(all.split('shellgate: guarded shell').length - 1).toBe(1);
    expect(all.indexOf('shellgate: guarded shell')).toBeLessThan(all.indexOf(PS1));
  });

  it('SHELLGATE_BANNER=0 turns the banner off', async () => {
    const d = await start('', { SHELLGATE_BANNER: '0' });
    await syncShell(d, 'quiet');
    expect(await d.history()).not.toContain('guarded shell');
  });

  it('offers SHELLGATE_PS1 for the prompt, not exported to nested shells', async () => {
    const d = await start(`PS1='\${SHELLGATE_PS1-}${PS1}'`);
    await d.waitFor(`[guarded] ${PS1}`);
    d.write('bash --norc -c \'echo "nested=${SHELLGATE_PS1-unset}"\'\r');
    await d.waitFor(/^nested=unset$/m);
  });

  it('puts shellgate and shellgate-sh on PATH when none is installed', async () => {
    const d = await start();
    d.write('shellgate --version; shellgate-sh -c "echo sh-ok"\r');
    await d.waitFor(/^shellgate \d+\.\d+\.\d+$/m);
    await d.waitFor(/^sh-ok$/m);
  });

  it('leaves PATH alone when a shellgate is already on it', async () => {
    sb = makeHome();
    const bin = path.join(sb.home, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'shellgate'), '#!/bin/sh\necho own-shellgate\n', { mode: 0o755 });
    t = await startAtPrompt(sb, [], { PATH: `${bin}:${BARE_PATH}` });
    t.write('echo "path=$PATH"\r');
    const screen = await t.waitFor(/^path=/m);
    expect(screen).toContain(`path=${bin}:${BARE_PATH}`);
  });

  it('says why a line was denied in the one refusal style', async () => {
    const d = await start();
    d.write('rm -rf / --version\r');
    await d.waitFor('shellgate ✗ denied');
    await syncShell(d, 'style');
    const screen = await d.history();
    expect(screen).toMatch(/^shellgate ✗ denied: rm -rf \/ --version$/m);
    expect(screen).toMatch(/^ {2}why: /m);
    expect(screen.replace(/\n/g, '')).toContain('[rule fs.delete-catastrophic] (deny, risk critical)');
  });
});
