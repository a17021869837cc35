/*!
 * `shellgate approve` / `shellgate approvals` (built CLI): human-only, clear errors, plain and
 * JSON listings when not on a terminal.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_BIN, makeSandbox, runCli, runSh } from '../helpers/cli.js';

const sb = makeSandbox();
const cwd = sb.dir;

function fileRequest(): string {
  mkdirSync(join(sb.home, 'x'), { recursive: true });
  const r = runSh(['-c', 'rm -rf "$HOME/x"'], { env: sb.env, cwd });
  return /shellgate approve (\d+)/.exec(r.stderr)![1];
}

describe('shellgate approve', () => {
  it.each([
    [{ SHELLGATE_SESSION: 'sh-abc' }, /guarded session/],
    [{ GEMINI_CLI: '1' }, /agent's environment \(gemini-cli\)/],
    [{ CLAUDECODE: '1' }, /agent's environment \(claude-code\)/],
  ])('refuses to run under %j', (extra, message) => {
    const id = fileRequest();
    const r = runCli(['approve', id], { env: { ...sb.env, ...extra }, cwd });
    expect(r.status).toBe(126);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const pending = JSON.parse(runCli(['approvals', '--json'], { env: sb.env, cwd }).stdout);
    expect(pending.map((p: { id: string }) => p.id)).toContain(id);
  });

  it('refuses when the guard variable was dropped but an ancestor process was started under a guard', () => {
    const id = fileRequest();
    // bash is started with SHELLGATE_SESSION in its environment (as the guarded bash is) and
    // runs approve without it: /proc/<bash>/environ still tells.
    const r = spawnSync('bash', ['-c', `env -u SHELLGATE_SESSION "${process.execPath}" "${CLI_BIN}" approve ${id}; exit $?`], {
      env: { ...sb.env, SHELLGATE_SESSION: 'sh-abc' },
      cwd,
      encoding: 'utf8',
    });
    expect(r.status).toBe(126);
    expect(r.stderr).toMatch(/ancestor process \d+ \(bash\) was started in guarded session sh-abc/);
    const pending = JSON.parse(runCli(['approvals', '--json'], { env: sb.env, cwd }).stdout);
    expect(pending.map((p: { id: string }) => p.id)).toContain(id);
  });

  it('reports an unknown id without a stack trace', () => {
    const r = runCli(['approve', '4242'], { env: sb.env, cwd });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('shellgate approve: no approval request with id 4242\n');
  });

  it('needs exactly one id', () => {
    const r = runCli(['approve'], { env: sb.env, cwd });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/expected one request id/);
  });
});

describe('shellgate approvals (not a terminal)', () => {
  it('prints the pending requests as text, with how to approve', () => {
    const id = fileRequest();
    const r = runCli(['approvals'], { env: sb.env, cwd });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`#${id}  rm -rf "$HOME/x"`);
    expect(r.stdout).toMatch(/\[fs\.[\w-]+\]/);
    expect(r.stdout).toContain('shellgate approve ID');
  });

  it('--all includes finished requests', () => {
    const id = fileRequest();
    runCli(['approve', id, '--deny'], { env: sb.env, cwd });
    expect(runCli(['approvals', '--all'], { env: sb.env, cwd }).stdout).toContain(`#${id} [denied]`);
  });

  it('rejects unknown options', () => {
    const r = runCli(['approvals', '--bogus'], { env: sb.env, cwd });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--bogus'/);
  });
});

describe('what the human reads cannot be disguised by the agent (red team, issue 12)', () => {
  // Terminal escapes (erase the line, move up) and Unicode direction overrides in the command an
  // agent asks for would make the listing show something harmless in its place.
  const hidden = ['\u001b[2K\r\u001b[1A', '\u202e', '\u2066', '\u200b', '\u009b'];

  it('shellgate approvals and shellgate approve show control and direction characters escaped', () => {
    mkdirSync(join(sb.home, 'y'), { recursive: true });
    const asked = runSh(['-c', `rm -rf "$HOME/y" # ${hidden.join(' ')} echo harmless`], { env: { ...sb.env, CLAUDECODE: '1' }, cwd });
    const id = /shellgate approve (\d+)/.exec(asked.stderr)![1];
    const list = runCli(['approvals'], { env: sb.env, cwd }).stdout;
    const approved = runCli(['approve', id], { env: sb.env, cwd }).stdout;
    for (const text of [list, approved]) {
      expect(text).toContain('rm -rf');
      for (const h of hidden) expect(text).not.toContain(h);
      expect(text).toMatch(/\\x1b\[2K\\x0d/);
    }
  });
});
