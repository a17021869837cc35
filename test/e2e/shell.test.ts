/*!
 * End to end: the built CLI in a real PTY, screen read through a headless xterm. The core
 * promises of the guarded shell: allowed lines run, confirmable lines ask (and a declined or
 * denied line never runs), critical lines need the code, agents' keystrokes never approve, and
 * every line lands in the audit log.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { atFreshPrompt, CLI, makeHome, PS1, startAtPrompt, syncShell, type Sandbox, type TerminalDriver } from '../shell/helpers/terminal-driver.js';

let sb: Sandbox;
let t: TerminalDriver | undefined;
let demo: string;

beforeEach(() => {
  sb = makeHome();
  demo = path.join(sb.home, 'projects', 'demo');
  fs.mkdirSync(demo, { recursive: true });
  fs.writeFileSync(path.join(demo, 'keep.txt'), 'x');
});

afterEach(() => {
  t?.kill();
  t = undefined;
  sb.cleanup();
});

const ready = (args: string[] = [], env: Record<string, string> = {}) => startAtPrompt(sb, args, env);
const sync = syncShell;

function auditEntries(): Array<Record<string, any>> {
  const file = path.join(sb.state, 'audit', 'audit.jsonl');
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

describe('guarded shell: verdicts', () => {
  it('runs an allowed line: echo hello prints hello', async () => {
    t = await ready();
    t.write('echo hello\r');
    const screen = await t.waitFor(/^hello$/m);
    expect(screen).toContain(`${PS1}echo hello`);
  });

  it('asks before rm -rf ~/projects/demo: n keeps the directory, y removes it', async () => {
    t = await ready();
    t.write('rm -rf ~/projects/demo\r');
    const prompt = await t.waitFor('run it once');
    expect(prompt).toContain('rm -rf ~/projects/demo');
    expect(prompt).toMatch(/risk: (high|critical)/);
    t.write('n');
    await t.waitFor('not run');
    await atFreshPrompt(t);
    await sync(t, 'n');
    expect(fs.existsSync(path.join(demo, 'keep.txt'))).toBe(true);

    t.write('rm -rf ~/projects/demo\r');
    await t.waitFor('run it once');
    t.write('y');
    await t.waitFor('allowed once');
    await atFreshPrompt(t);
    await sync(t, 'y');
    expect(fs.existsSync(demo)).toBe(false);
  });

  it.each([
    ['Esc', '\x1b'],
    ['Enter', '\r'],
  ])('%s declines (the default)', async (_name, key) => {
    t = await ready();
    t.write('rm -rf ~/projects/demo\r');
    await t.waitFor('run it once');
    t.write(key);
    await t.waitFor('not run');
    await atFreshPrompt(t);
    await sync(t, 'k');
    expect(fs.existsSync(path.join(demo, 'keep.txt'))).toBe(true);
  });

  it('i shows the details, and the prompt still answers', async () => {
    t = await ready();
    t.write('rm -rf ~/projects/demo\r');
    await t.waitFor('run it once');
    t.write('i');
    const details = await t.waitFor('cwd:');
    expect(details).toContain(`cwd: ${sb.home}`);
    expect(details).toMatch(/environment: /);
    t.write('n');
    await t.waitFor('not run');
  });

  it('never runs a line that parses to deny, and keeps it in the history', async () => {
    t = await ready();
    t.write('rm -rf / --version; touch ~/ran\r');
    const screen = await t.waitFor('denied');
    expect(screen).not.toContain('run it once');
    await sync(t, 'deny');
    expect(fs.existsSync(path.join(sb.home, 'ran'))).toBe(false);
    expect(await t.history()).not.toMatch(/GNU coreutils/);
    t.write('\x1b[A\x1b[A');
    await t.waitFor(`${PS1}rm -rf / --version; touch ~/ran`);
    t.write('\x15');
  });

  it('asks for the typed code on a critical (production) line; y does not approve', async () => {
    const bin = path.join(sb.home, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'kubectl'), '#!/bin/sh\necho "$@" > "$HOME/kubectl-ran"\n', { mode: 0o755 });
    t = await ready([], { PATH: `${bin}:${sb.env.PATH}` });
    t.write('kubectl delete namespace shop --context production\r');
    const screen = await t.waitFor(/Type\s+([A-Z0-9]{4})\s+to run it/);
    expect(screen).toContain('PRODUCTION');
    const code = /Type\s+([A-Z0-9]{4})\s+to run it/.exec(screen)![1];
    t.write('y');
    await t.waitFor('> ____');
    expect(fs.existsSync(path.join(sb.home, 'kubectl-ran'))).toBe(false);
    t.write(code.toLowerCase());
    await t.waitFor('allowed once (code typed)');
    await atFreshPrompt(t);
    await sync(t, 'code');
    expect(fs.readFileSync(path.join(sb.home, 'kubectl-ran'), 'utf8')).toContain('delete namespace shop');
  });

  it('logs every line: verdict, approval and exit status', async () => {
    t = await ready();
    t.write('false\r');
    await sync(t, 'a');
    t.write('rm -rf ~/projects/demo\r');
    await t.waitFor('run it once');
    t.write('n');
    await t.waitFor('not run');
    await atFreshPrompt(t);
    t.write('rm -rf / --version\r');
    await t.waitFor('denied');
    await sync(t, 'b');
    const entries = auditEntries();
    const of = (line: string) => entries.filter((e) => e.line === line);
    expect(of('false')[0]).toMatchObject({ event: 'command', source: 'shell', exitStatus: 1, blocked: false });
    expect(of('rm -rf ~/projects/demo').map((e) => e.event)).toEqual(['approval-denied', 'command']);
    expect(of('rm -rf ~/projects/demo')[1]).toMatchObject({ blocked: true, approval: { by: 'human', how: 'prompt' } });
    expect(of('rm -rf / --version')[0]).toMatchObject({ event: 'command', blocked: true, verdict: { decision: 'deny' } });
  });
});

describe('guarded shell: agent sessions', () => {
  it.each([
    ['--agent', ['--agent'], {}],
    ['CLAUDECODE=1', [], { CLAUDECODE: '1' }],
  ])('%s: keystrokes never approve; the line goes to the approval queue', async (_name, args, env) => {
    t = await ready(args, env);
    t.write('rm -rf ~/projects/demo\r');
    const screen = await t.waitFor('approve it from another terminal');
    expect(screen).toContain('shellgate approvals');
    expect(screen).not.toContain('run it once');
    t.write('y\r');
    await sync(t, 'agent');
    expect(fs.existsSync(path.join(demo, 'keep.txt'))).toBe(true);
  });

  it('runs the line once a human approves it from another terminal (contained: in its project)', async () => {
    const data = path.join(demo, 'data');
    fs.mkdirSync(path.join(demo, '.git'));
    fs.mkdirSync(data);
    fs.writeFileSync(path.join(data, 'f.txt'), 'x');
    t = await startAtPrompt(sb, ['--agent'], {}, demo);
    t.write('rm -rf ~/projects/demo/data\r');
    const screen = await t.waitFor(/shellgate approve (\S+)\)/);
    const id = /shellgate approve (\S+)\)/.exec(screen)![1];
    execFileSync(process.execPath, [CLI, 'approve', id], { env: sb.env, cwd: sb.home, encoding: 'utf8' });
    t.write('rm -rf ~/projects/demo/data\r');
    await t.waitFor(() => !fs.existsSync(data));
    expect(fs.existsSync(data)).toBe(false);
  });

  it('an agent session is contained: a write outside its project is refused by the kernel', async () => {
    fs.mkdirSync(path.join(demo, '.git'), { recursive: true });
    // A program file: its code is not judged (the classifier would ask about inline code that writes there).
    fs.writeFileSync(path.join(demo, 'w.py'), `open(${JSON.stringify(path.join(sb.home, 'outside.txt'))}, 'w')\n`);
    t = await startAtPrompt(sb, ['--agent'], {}, demo);
    t.write('/usr/bin/python3 w.py\r');
    await t.waitFor('Read-only file system');
    expect(fs.existsSync(path.join(sb.home, 'outside.txt'))).toBe(false);
  });

  it("after each command of an agent session, git metadata that would run a program through the human's git is moved aside and logged", async () => {
    const pwned = path.join(sb.home, 'pwned');
    // A program file (its code is not judged): a repository whose config runs a program on the human's next `git status`.
    fs.writeFileSync(
      path.join(demo, 'g.py'),
      `import subprocess\nsubprocess.run(['git', 'init', '-q'])\nsubprocess.run(['git', 'config', 'core.fsmonitor', 'touch ${pwned}'])\n`,
    );
    t = await startAtPrompt(sb, ['--agent'], {}, demo);
    t.write('/usr/bin/python3 g.py\r');
    const screen = await t.waitFor('moved aside', { history: true });
    expect(screen).toContain(path.join(demo, '.git', 'config'));
    const config = path.join(demo, '.git', 'config');
    expect(fs.existsSync(config) ? fs.readFileSync(config, 'utf8') : '').not.toMatch(/fsmonitor/);
    await sync(t, 'after-check');
    const entry = auditEntries().find((e) => e.event === 'command' && e.line === '/usr/bin/python3 g.py');
    expect(entry?.note).toMatch(/moved aside: .*\.git\/config/);
    execFileSync('git', ['status', '--short'], { cwd: demo, env: { ...sb.env, GIT_CONFIG_NOSYSTEM: '1' } });
    expect(fs.existsSync(pwned)).toBe(false);
  });
});
