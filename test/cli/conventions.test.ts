/*!
 * CLI conventions, through the built binary: every subcommand's `--help` prints its usage on
 * stdout, exits 0 and never reads stdin (stdin stays open: a read would hang and time out); every
 * unknown option gets the same two-line error and exit status 2; `--version` and the top-level
 * help say what a newcomer needs.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = new URL('../../bin/shellgate.cjs', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'sg-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A clean environment: no agent markers, a throwaway HOME, state and config. */
const ENV = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: join(root, 'home'),
  SHELLGATE_STATE_DIR: join(root, 'state'),
  SHELLGATE_CONFIG_DIR: join(root, 'config'),
  XDG_CACHE_HOME: join(root, 'cache'),
};

interface Run {
  code: number | null;
  out: string;
  err: string;
  timedOut: boolean;
}

/** Runs the CLI with stdin open and never written: a command that reads it times out. */
function run(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: ENV, cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timedOut = false;
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, 10_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err, timedOut });
    });
  });
}

const COMMANDS = [
  'shell',
  'check',
  'explain',
  'rules',
  'rules test',
  'rules lint',
  'rules layers',
  'rules schema',
  'trust',
  'hook',
  'hook install',
  'hook claude-code',
  'hook gemini',
  'hook cursor',
  'approvals',
  'approve',
  'log',
  'log verify',
  'log path',
  'secrets',
  'secrets scan',
];

describe('--help', () => {
  it.each(
    COMMANDS.flatMap((c) => [
      [c, '--help'],
      [c, '-h'],
    ]),
  )('shellgate %s %s: usage on stdout, exit 0, stdin untouched', async (cmd, flag) => {
    const r = await run([...cmd.split(' '), flag]);
    expect(r.timedOut).toBe(false);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^usage: shellgate /);
  });

  it('the top-level help names --version, shellgate-sh and --sandbox', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('--version');
    expect(r.out).toContain('shellgate-sh');
    expect(r.out).toContain('--sandbox');
    for (const c of ['shell', 'check', 'explain', 'rules', 'trust', 'hook', 'approvals', 'approve', 'log', 'secrets']) {
      expect(r.out).toMatch(new RegExp(`^  ${c} `, 'm'));
    }
  });

  it('--version prints the version', async () => {
    const r = await run(['--version']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^shellgate \d+\.\d+\.\d+\n$/);
  });

  it.each([[['check', '--', 'ls', '--help']], [['check', 'ls', '--help']], [['explain', 'ls', '-h']]])(
    '%j: the line is never taken for --help',
    async (args) => {
      const r = await run(args);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/ALLOW/);
      expect(r.out).not.toMatch(/^usage:/);
    },
  );
});

describe('unknown options: one format, exit 2', () => {
  const cases = COMMANDS.filter((c) => !['hook', 'rules', 'secrets', 'log verify', 'log path'].includes(c));
  it.each(cases)('shellgate %s --bogus', async (cmd) => {
    const r = await run([...cmd.split(' '), '--bogus']);
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe(`shellgate ${cmd}: unknown option '--bogus'\nTry 'shellgate ${cmd} --help'.\n`);
  });

  it.each([
    [['hook', '--bogus'], 'hook'],
    [['rules', '--bogus'], 'rules'],
    [['secrets', '--bogus'], 'secrets'],
    [['log', 'verify', '--bogus'], 'log'],
    [['check', '--bogus=1'], 'check'],
  ])('%j: names %s', async (args, cmd) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`shellgate ${cmd}: unknown option '${args[args.length - 1].split('=')[0]}'\nTry 'shellgate ${cmd} --help'.\n`);
  });

  it.each([
    [['check', '--cwd'], /^shellgate check: --cwd needs a value\nTry 'shellgate check --help'.\n$/],
    [['check', '--actor', 'robot', '--', 'ls'], /^shellgate check: --actor must be agent or human, not 'robot'\nTry/],
    [['rules', 'frobnicate'], /^shellgate rules: unknown subcommand 'frobnicate': expected test, lint, layers or schema\nTry 'shellgate rules --help'.\n$/],
    [['rules'], /^shellgate rules: which subcommand\? test, lint, layers or schema\nTry/],
    [['secrets'], /^shellgate secrets: which subcommand\? scan\nTry/],
    [['log', 'verify', 'extra'], /^shellgate log: unexpected argument 'extra'\nTry 'shellgate log --help'.\n$/],
    [['approve'], /^shellgate approve: expected one request id/],
    [
      ['hook', 'install'],
      /^shellgate hook install: which agent\? one of claude-code, gemini, codex, copilot, opencode, cursor\nTry 'shellgate hook install --help'.\n$/,
    ],
    [['hook', 'install', 'vim'], /^shellgate hook install: unknown agent 'vim': expected one of claude-code, gemini, codex, copilot, opencode, cursor\nTry/],
    [['hook', 'vim'], /^shellgate hook: unknown agent 'vim'.*\nTry 'shellgate hook --help'.\n$/],
    [['nosuchcommand'], /^shellgate: unknown command 'nosuchcommand'\nTry 'shellgate --help'.\n$/],
  ])('%j', async (args, expected) => {
    const r = await run(args);
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(expected);
  });
});

describe('warnings', () => {
  it('says "shellgate: warning:" once', async () => {
    // An untrusted project layer gives a warning on every classification.
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const project = join(root, 'project');
    mkdirSync(join(project, '.shellgate'), { recursive: true });
    mkdirSync(join(project, '.git'), { recursive: true });
    writeFileSync(join(project, '.shellgate', 'rules.yaml'), 'rules: []\n');
    const r = await run(['check', '--cwd', project, '--', 'ls']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('shellgate: warning:');
    expect(r.err).not.toContain('shellgate: warning: shellgate: warning:');
  });
});
