/*!
 * An agent-like run: 50 typical agent commands (git, npm, ls, cat, grep, sed -i, mkdir …), each
 * started as `shellgate-sh -c CMD` the way an agent with SHELL=shellgate-sh starts them, in one
 * project; the same sequence runs under plain `bash -c` in an identical twin project. Every
 * command must pass through with bash's output and status.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DAEMON_ENV, ROOT, makeSandbox, runBash, runSh, stopDaemons } from '../helpers/cli.js';

const COMMANDS = readFileSync(join(ROOT, 'test/sh/agent-commands.txt'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() && !l.startsWith('#'));

const PACKAGE = {
  name: 'demo-app',
  version: '1.0.0',
  private: true,
  scripts: { build: 'echo build ok', test: 'echo tests ok' },
};

const sb = makeSandbox({
  CLAUDECODE: '1', // looks like an agent: nothing may prompt
  GIT_AUTHOR_NAME: 'Agent',
  GIT_AUTHOR_EMAIL: 'agent@example.com',
  GIT_COMMITTER_NAME: 'Agent',
  GIT_COMMITTER_EMAIL: 'agent@example.com',
  GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
  GIT_CONFIG_NOSYSTEM: '1',
  npm_config_update_notifier: 'false',
  npm_config_fund: 'false',
});

function project(name: string): string {
  const dir = join(sb.dir, name, 'demo-app');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify(PACKAGE, null, 2) + '\n');
  return dir;
}

describe('agent-like run through shellgate-sh', () => {
  it('has 50 commands', () => {
    expect(COMMANDS).toHaveLength(50);
  });

  // Through the daemon, as agents run, every command; in-process (no daemon: the fallback, a fresh
  // engine per command) the first 20 (files, grep, sed, find, git init and status): what differs
  // between the two modes is where the line is judged, not how bash runs it.
  it.each([
    ['in-process', {}, 20],
    ['through the classifier daemon', DAEMON_ENV, COMMANDS.length],
  ])(
    'passes the commands through with the output and status bash gives (%s)',
    (mode, extra, count) => {
      const env = { ...sb.env, ...extra };
      const viaGate = project(`gate-${mode.length}`);
      const viaBash = project(`bash-${mode.length}`);
      const mismatches: string[] = [];
      for (const cmd of COMMANDS.slice(0, count)) {
        const mine = runSh(['-c', cmd], { env, cwd: viaGate });
        const ref = runBash(['-c', cmd], { env, cwd: viaBash });
        const norm = (s: string, dir: string) => s.split(dir).join('<project>');
        const got = { status: mine.status, stdout: norm(mine.stdout, viaGate) };
        const want = { status: ref.status, stdout: norm(ref.stdout, viaBash) };
        if (mine.status === 126 || JSON.stringify(got) !== JSON.stringify(want)) {
          mismatches.push(`${cmd}\n  got ${JSON.stringify(got)} ${mine.stderr.trim()}\n  want ${JSON.stringify(want)}`);
        }
      }
      expect(mismatches).toEqual([]);
    },
    180_000,
  );
});

afterAll(() => stopDaemons(sb));
