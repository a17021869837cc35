/*!
 * End to end: what is judged is what bash runs, and the guard fails closed. History expansion,
 * multi-line input, aliases and functions, other accept keys, injected private keys, a hook
 * removed mid-session, a broken channel, and an integration that never loads.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { atFreshPrompt, makeHome, startAtPrompt, startShellgate, syncShell, type Sandbox, type TerminalDriver } from '../shell/helpers/terminal-driver.js';

let sb: Sandbox;
let t: TerminalDriver | undefined;
let demo: string;

function setup(bashrcExtra = ''): void {
  sb = makeHome(bashrcExtra);
  demo = path.join(sb.home, 'projects', 'demo');
  fs.mkdirSync(demo, { recursive: true });
  fs.writeFileSync(path.join(demo, 'keep.txt'), 'x');
}

beforeEach(() => setup());

afterEach(() => {
  answered = 0;
  t?.kill();
  t = undefined;
  sb.cleanup();
});

const ready = (env: Record<string, string> = {}, args: string[] = []) => startAtPrompt(sb, args, env);
const sync = syncShell;

let answered = 0;

/** Expects the confirmation prompt to show `text`, answers n, and checks the demo dir is intact. */
async function expectPromptAndDecline(d: TerminalDriver, text: string, opts: { sync?: boolean } = {}): Promise<void> {
  const screen = await d.waitFor('run it once');
  expect(screen).toContain(text);
  d.write('n');
  const before = answered++;
  await d.waitFor((s) => s.split('shellgate ✗ not run, declined').length - 1 > before, { history: true });
  // The prompt owns the keyboard until it is gone: type the next line at bash's own prompt.
  await atFreshPrompt(d);
  if (opts.sync !== false) await sync(d, `decline-${before}`);
  expect(fs.existsSync(path.join(demo, 'keep.txt'))).toBe(true);
}

const exists = (name: string) => fs.existsSync(path.join(sb.home, name));

describe('the text judged is the text bash runs', () => {
  it('history expansion: !! is judged as the command it expands to', async () => {
    t = await ready();
    t.write('rm -rf ~/projects/demo\r');
    await expectPromptAndDecline(t, 'rm -rf ~/projects/demo', { sync: false });
    t.write('!!\r');
    await expectPromptAndDecline(t, '$ rm -rf ~/projects/demo');
  });

  it('history expansion: !$ is expanded before judging, and still works for harmless lines', async () => {
    t = await ready();
    t.write('ls ~/projects/demo\r');
    await t.waitFor(/^keep\.txt$/m);
    t.write('rm -rf !$\r');
    await expectPromptAndDecline(t, 'rm -rf ~/projects/demo');
    t.write('echo one\r');
    t.write('echo !!\r');
    await t.waitFor(/^echo one$/m);
  });

  it('a multi-line block is judged as a whole', async () => {
    t = await ready();
    t.write('for d in ~/projects/demo; do\r');
    t.write('rm -rf "$d"\r');
    t.write('done\r');
    const screen = await t.waitFor('run it once');
    expect(screen).toContain('for d in ~/projects/demo; do');
    expect(screen).toMatch(/^│\s+done\s+│$/m);
    await expectPromptAndDecline(t, 'rm -rf "$d"');
  });

  it('a pasted block (bracketed paste) is judged as a whole', async () => {
    t = await ready();
    t.write('\x1b[200~echo pasted-one\nrm -rf ~/projects/demo\n\x1b[201~');
    t.write('\r');
    const screen = await t.waitFor('run it once');
    expect(screen).toContain('echo pasted-one');
    await expectPromptAndDecline(t, 'rm -rf ~/projects/demo');
    expect(await t.history()).not.toMatch(/^pasted-one$/m);
  });

  it('a heredoc is collected before it runs', async () => {
    t = await ready();
    t.write('cat <<END\r');
    t.write('hello from heredoc\r');
    t.write('END\r');
    await t.waitFor(/^hello from heredoc$/m);
  });

  it('sees through aliases and functions from ~/.bashrc', async () => {
    sb.cleanup();
    setup(`alias zap='rm -rf'\nwipe() { rm -rf "$1"; }\n`);
    t = await ready();
    t.write('zap ~/projects/demo\r');
    await expectPromptAndDecline(t, 'zap ~/projects/demo');
    t.write('wipe ~/projects/demo\r');
    await expectPromptAndDecline(t, 'wipe ~/projects/demo');
  });

  it('sees through an alias defined during the session', async () => {
    t = await ready();
    t.write("alias zap2='rm -rf'\r");
    await sync(t, 'alias');
    t.write('zap2 ~/projects/demo\r');
    await expectPromptAndDecline(t, 'zap2 ~/projects/demo');
  });

  it('the first line is judged with the SQL parser, which is loaded only when a line is typed', async () => {
    t = await ready();
    // Only the Postgres parser sees that this WHERE matches every row (a plain scan allows it).
    t.write("psql -c 'DELETE FROM users WHERE 1 = 1 OR id = 2'\r");
    await expectPromptAndDecline(t, 'destructive database statement');
  });
});

describe('fail closed', () => {
  it('other keys that accept a line are unbound', async () => {
    sb.cleanup();
    setup(`bind '"\\C-t": accept-line'`);
    t = await ready();
    t.write('touch ~/by-ctrl-t\x14');
    t.write('touch ~/by-ctrl-o\x0f');
    // No wait needed: bash reads the keys in order, so the sync line below runs after them.
    t.write('\x15');
    await sync(t, 'keys');
    expect(exists('by-ctrl-t')).toBe(false);
    expect(exists('by-ctrl-o')).toBe(false);
  });

  it('the private accept key cannot be typed', async () => {
    t = await ready();
    t.write('touch ~/injected\x1b[>7;7;3~');
    // No wait needed: bash reads the keys in order, so the sync line below runs after them.
    t.write('\x15');
    await sync(t, 'inject');
    expect(exists('injected')).toBe(false);
  });

  it('a line accepted after the hook was removed does not run, and the guard comes back', async () => {
    t = await ready();
    t.write(`PROMPT_COMMAND=; bind '"\\C-m": accept-line'\r`);
    await t.waitFor('run it once');
    t.write('y');
    await t.waitFor('allowed once');
    // Back at a fresh prompt first (the accepted line has run): a line typed ahead would join the
    // one still being judged, and be judged with it instead of going around the removed hook.
    await atFreshPrompt(t);
    t.write('touch ~/unguarded\r');
    await t.waitFor('did not go through the guard');
    t.write('touch ~/guarded\r');
    await t.waitFor(() => exists('guarded'));
    expect(exists('unguarded')).toBe(false);
  });

  it('a broken channel means no verdict, and the line does not run', async () => {
    t = await ready();
    const dir = channelDir(t.pty.pid);
    fs.rmSync(path.join(dir, 'req'));
    t.write('touch ~/no-channel\r');
    await t.waitFor('no verdict');
    expect(exists('no-channel')).toBe(false);
  });

  it('refuses to start when the integration never loads (~/.bashrc execs another shell)', async () => {
    sb.cleanup();
    setup('exec bash --norc --noprofile -i');
    t = startShellgate(sb, [], { SHELLGATE_HELLO_TIMEOUT_MS: '1500' });
    t.write('touch ~/early\r');
    const { exitCode } = await t.exited;
    expect(exitCode).toBe(1);
    expect(await t.history()).toMatch(/shell integration did not load/);
    expect(exists('early')).toBe(false);
  });

  it('refuses to start when the hook cannot be installed (no bind builtin)', async () => {
    const wrapper = path.join(sb.home, 'bash-without-bind');
    fs.writeFileSync(
      wrapper,
      `#!/bin/sh\n# called as: --rcfile RC -i\nprintf 'enable -n bind\\n. %s\\n' "$2" > "$HOME/wrapped-rc"\nexec bash --rcfile "$HOME/wrapped-rc" -i\n`,
      { mode: 0o755 },
    );
    fs.mkdirSync(sb.env.SHELLGATE_CONFIG_DIR, { recursive: true });
    fs.writeFileSync(path.join(sb.env.SHELLGATE_CONFIG_DIR, 'sandbox.yaml'), `bash: ${wrapper}\n`);
    t = startShellgate(sb);
    t.write('touch ~/early\r');
    const { exitCode } = await t.exited;
    expect(exitCode).toBe(1);
    expect(await t.history()).toMatch(/could not bind Enter/);
    expect(exists('early')).toBe(false);
  });

  it('refuses to start when the rules do not load', async () => {
    const bad = path.join(sb.home, 'bad.yaml');
    fs.writeFileSync(bad, 'rules: [ { id: 1, match: 3 ]\n');
    t = startShellgate(sb, ['--ruleset', bad]);
    const { exitCode } = await t.exited;
    expect(exitCode).toBe(1);
    const out = await t.history();
    expect(out).toMatch(/rules do not load/);
    expect(out).not.toMatch(/\n\s+at /);
  });
});

/** The guarded session's private directory, found from the bash child's command line. */
function channelDir(shellgatePid: number): string {
  for (const task of fs.readdirSync(`/proc/${shellgatePid}/task`)) {
    const children = fs.readFileSync(`/proc/${shellgatePid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    for (const child of children) {
      const argv = fs.readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0');
      const rc = argv[argv.indexOf('--rcfile') + 1];
      if (argv.includes('--rcfile') && rc) return path.dirname(rc);
    }
  }
  throw new Error('no bash child found');
}
