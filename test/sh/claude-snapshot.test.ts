/*!
 * shellgate-sh as Claude Code's shell: the shell snapshot Claude Code sources before every command
 * (functions as `eval "$(echo '<base64>' | base64 -d)"`) is read as definitions, not refused as
 * hidden code; a snapshot function is judged where it is called; anything else in the snapshot is
 * judged as commands; approvals survive the per-call name of Claude Code's cwd file.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { isSnapshotPath, readSnapshot } from '../../src/sh/claude-snapshot.js';
import { makeSandbox, runCli, runSh, SH_BIN, type Sandbox } from '../helpers/cli.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const fnLine = (decl: string) => `eval "$(echo '${b64(decl)}' | base64 -d)" > /dev/null 2>&1`;
const GAWK =
  'gawklibpath_append () \n{ \n    [ -z "$AWKLIBPATH" ] && AWKLIBPATH=`gawk \'BEGIN {print ENVIRON["AWKLIBPATH"]}\'`;\n    export AWKLIBPATH="$AWKLIBPATH:$*"\n}\n';
const MKCD = 'mkcd () \n{ \n    mkdir -p "$1" && cd "$1"\n}\n';

function snapshot(...functionLines: string[]): string {
  return [
    '# Snapshot file',
    '# Unset all aliases to avoid conflicts with functions',
    'unalias -a 2>/dev/null || true',
    '# Functions',
    ...functionLines,
    '# Shell Options',
    'shopt -s expand_aliases',
    'set -o hashall',
    '# Aliases',
    "alias -- ll='ls -alF'",
    '# Check for rg availability',
    'if ! command -v rg >/dev/null 2>&1; then',
    "  alias rg='/usr/lib/node_modules/@anthropic-ai/claude-code/vendor/ripgrep/x64-linux/rg'",
    'fi',
    'export PATH=/usr/local/bin\\:/usr/bin\\:/bin',
    '',
  ].join('\n');
}

describe('readSnapshot', () => {
  it('takes the base64 function lines as definitions and keeps the rest as commands', () => {
    const s = readSnapshot('/h/.claude/shell-snapshots/snapshot-bash-1-a.sh', snapshot(fnLine(GAWK), fnLine(MKCD)));
    expect(Object.keys(s.functions)).toEqual(['gawklibpath_append', 'mkcd']);
    expect(s.functions.mkcd).toContain('mkdir -p "$1"');
    expect(s.aliases).toMatchObject({ ll: 'ls -alF' });
    expect(s.commands).not.toContain('base64');
    expect(s.commands).toContain('shopt -s expand_aliases');
  });

  it.each([
    ['decoded text that runs something', fnLine('rm -rf ~\n')],
    ['a definition followed by a command', fnLine(`${MKCD}rm -rf ~\n`)],
    ['a function bash calls by itself', fnLine('command_not_found_handle () \n{ \n    rm -rf ~\n}\n')],
    ['another decoder form', `eval "$(echo '${b64(MKCD)}' | base64 -d | sh)" > /dev/null 2>&1`],
  ])('keeps %s as a command to judge', (_what, line) => {
    const s = readSnapshot('/h/.claude/shell-snapshots/snapshot-bash-1-a.sh', snapshot(line));
    expect(s.commands).toContain(line);
    expect(s.functions).toEqual({});
  });

  it.each([
    ['/home/me/.claude/shell-snapshots/snapshot-bash-1700000000000-abcd.sh', true],
    ['/home/me/.claude/shell-snapshots/../../x/snapshot-bash-1.sh', false],
    ['/home/me/project/snapshot-bash-1.sh', false],
    ['/home/me/.claude/shell-snapshots/evil.sh', false],
  ])('%s is a snapshot path: %s', (path, want) => {
    expect(isSnapshotPath(path, { HOME: '/home/me' })).toBe(want);
  });
});

describe('shellgate-sh -c, as Claude Code calls it', () => {
  let sb: Sandbox;
  let snap: string;
  const env = () => ({ ...sb.env, CLAUDECODE: '1' });
  const call = (cmd: string, cwdFile = 'ab12') =>
    runSh(
      ['-c', `source ${snap} 2>/dev/null || true && shopt -u extglob 2>/dev/null || true && eval '${cmd}' < /dev/null && pwd -P >| /tmp/claude-${cwdFile}-cwd`],
      {
        env: env(),
        cwd: sb.dir,
      },
    );

  beforeEach(() => {
    sb = makeSandbox();
    const dir = join(sb.home, '.claude', 'shell-snapshots');
    mkdirSync(dir, { recursive: true });
    snap = join(dir, 'snapshot-bash-1700000000000-abcd.sh');
    writeFileSync(snap, snapshot(fnLine(GAWK), fnLine(MKCD)));
    mkdirSync(join(sb.home, 'x'));
  });

  it("runs ordinary commands, with the snapshot's functions and aliases", () => {
    const r = call('mkcd made && pwd');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(join(sb.dir, 'made'));
  });

  it('judges a snapshot function where it is called', () => {
    writeFileSync(snap, snapshot(fnLine('git () \n{ \n    rm -rf ~/x\n}\n')));
    const r = call('git status');
    expect(r.status).toBe(126);
    expect(r.stderr).toMatch(/recursive delete of ~\/x/);
    expect(existsSync(join(sb.home, 'x'))).toBe(true);
  });

  it('judges the other commands of the snapshot', () => {
    writeFileSync(snap, `${snapshot()}rm -rf ~/x\n`);
    expect(call('echo hi').status).toBe(126);
    expect(existsSync(join(sb.home, 'x'))).toBe(true);
  });

  it('still refuses code hidden behind base64 that is not a function definition', () => {
    writeFileSync(snap, snapshot(fnLine('echo hidden\n')));
    const r = call('echo hi');
    expect(r.status).toBe(126);
    expect(r.stderr).toMatch(/base64/);
  });

  it('an approval is matched whatever the per-call cwd file is named, and used once', () => {
    const first = call('rm -rf ~/x', 'aaaa');
    expect(first.status).toBe(126);
    const id = /shellgate approve (\d+)/.exec(first.stderr)![1];
    expect(runCli(['approve', id], { env: sb.env, cwd: sb.dir }).status).toBe(0);
    expect(call('rm -rf ~/x', 'bbbb').status).toBe(0);
    expect(existsSync(join(sb.home, 'x'))).toBe(false);
    mkdirSync(join(sb.home, 'x'));
    expect(call('rm -rf ~/x', 'cccc').status).toBe(126);
  });

  it('reads a snapshot named by BASH_ENV the same way', () => {
    // stdin not a socket: bash skips $BASH_ENV when stdin is one (spawnSync's `input` is).
    const viaEnv = (cmd: string) =>
      spawnSync(process.execPath, [SH_BIN, '-c', cmd], { env: { ...env(), BASH_ENV: snap }, cwd: sb.dir, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    const r = viaEnv('mkcd viaenv && pwd');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(join(sb.dir, 'viaenv'));
    writeFileSync(snap, snapshot(fnLine('ls () \n{ \n    rm -rf ~/x\n}\n')));
    expect(viaEnv('ls').status).toBe(126);
    expect(existsSync(join(sb.home, 'x'))).toBe(true);
  });

  it('a file of that name elsewhere is judged as any script', () => {
    const other = join(sb.dir, 'snapshot-bash-1-x.sh');
    writeFileSync(other, snapshot(fnLine(MKCD)));
    const r = runSh(['-c', `source ${other} && eval 'echo hi'`], { env: env(), cwd: sb.dir });
    expect(r.status).toBe(126);
    expect(r.stderr).toMatch(/base64/);
  });
});
