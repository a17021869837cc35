/*!
 * `shellgate log` through the real CLI (bin/shellgate.js on dist/), output piped so not a TTY:
 * `--json` round-trips (same entries, and the output is itself a verifiable log), the filters,
 * the plain table, `log verify` exit codes and messages, `log path`, and usage errors.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendAuditEvent, flushAuditLog } from '../../src/audit/log.js';
import type { Verdict } from '../../src/core/verdict.js';
import { event, lines, ROOT, tempDir } from './helpers.js';
import { childEnv } from '../helpers/cli.js';

function shellgate(state: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/shellgate.js'), ...args], {
    env: childEnv({ SHELLGATE_STATE_DIR: state, NO_COLOR: '1' }),
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function verdict(decision: Verdict['decision'], environment: Verdict['environment'] = null, rule = 'test.rule'): Verdict {
  return {
    decision,
    risk: decision === 'allow' ? 'none' : 'high',
    environment,
    reasons: [{ rule, message: 'm', command: 'c', span: [0, 1], decision, risk: 'high' }],
  };
}

/** A state dir with a small, varied history. */
function history(): { state: string; dir: string } {
  const state = tempDir();
  const dir = join(state, 'audit');
  const events = [
    event({ line: 'ls', sessionId: 'alpha-1' }),
    event({ line: 'kubectl delete ns prod', sessionId: 'alpha-1', verdict: verdict('deny', 'production', 'k8s.delete-namespace'), exitStatus: null }),
    event({ line: 'git push -f', sessionId: 'beta-2', actor: { kind: 'agent', agent: 'claude-code' }, verdict: verdict('confirm') }),
    event({
      event: 'approval-granted',
      source: 'approvals',
      line: 'git push -f',
      sessionId: 'beta-2',
      approval: { by: 'alice', how: 'approval-queue', requestId: 'r1' },
    }),
    event({ line: 'terraform apply', sessionId: 'beta-2', verdict: verdict('confirm', 'production'), blocked: true, note: 'declined at the prompt' }),
    event({ line: 'echo \u001b]0;pwned\u0007 done', sessionId: 'gamma-3' }),
  ];
  for (const e of events) expect(appendAuditEvent(e, { dir })).toEqual({ ok: true });
  flushAuditLog();
  return { state, dir };
}

describe('shellgate log', () => {
  it('--json round-trips: the entries as stored, and itself a verifiable log', () => {
    const { state, dir } = history();
    const out = shellgate(state, 'log', '--json', '--limit', '0');
    expect(out).toMatchObject({ code: 0, stderr: '' });
    const printed = out.stdout.trimEnd().split('\n');
    expect(printed.map((l) => JSON.parse(l))).toEqual(lines(join(dir, 'audit.jsonl')).map((l) => JSON.parse(l)));

    const copy = join(tempDir(), 'audit');
    mkdirSync(copy);
    writeFileSync(join(copy, 'audit.jsonl'), out.stdout);
    copyFileSync(join(dir, 'audit.anchor'), join(copy, 'audit.anchor'));
    expect(shellgate(state, 'log', 'verify', '--dir', copy)).toMatchObject({ code: 0, stdout: expect.stringContaining('6 entries') });
  });

  it.each<[string, string[], string[]]>([
    ['--blocked', ['--blocked'], ['kubectl delete ns prod', 'terraform apply']],
    ['--env production', ['--env', 'production'], ['kubectl delete ns prod', 'terraform apply']],
    ['--session prefix', ['--session', 'beta'], ['git push -f', 'git push -f', 'terraform apply']],
    ['--limit 2 (newest, oldest first)', ['--limit', '2'], ['terraform apply', 'echo \u001b]0;pwned\u0007 done']],
    ['--since 1h', ['--since', '1h'], ['ls', 'kubectl delete ns prod', 'git push -f', 'git push -f', 'terraform apply', 'echo \u001b]0;pwned\u0007 done']],
    ['--since a future date', ['--since', '2999-01-01'], []],
    ['combined filters', ['--blocked', '--session', 'alpha'], ['kubectl delete ns prod']],
  ])('filters: %s', (_name, args, want) => {
    const { state } = history();
    const out = shellgate(state, 'log', '--json', ...args);
    expect(out.code).toBe(0);
    expect(
      out.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l).line),
    ).toEqual(want);
  });

  it('prints a plain table when stdout is not a TTY, with control characters escaped', () => {
    const { state } = history();
    const out = shellgate(state, 'log');
    expect(out.code).toBe(0);
    const rows = out.stdout.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^#\s+TIME\s+SESSION\s+ACTOR\s+VERDICT\s+ENV\s+APPROVAL\s+RESULT\s+COMMAND$/);
    expect(rows).toHaveLength(7);
    expect(rows[2]).toMatch(/#2 .* alpha-1 .* human .* deny\/high .* production .* blocked .* kubectl delete ns prod$/);
    expect(rows[3]).toMatch(/agent:claude-code .* confirm\/high/);
    expect(rows[4]).toMatch(/alice \(approval-queue\) .* approved/);
    expect(out.stdout).not.toContain('\u001b');
    expect(rows[6]).toContain('echo \\x1b]0;pwned\\x07 done');
  });

  it('says so when there are no entries', () => {
    const out = shellgate(tempDir(), 'log');
    expect(out).toMatchObject({ code: 0, stdout: expect.stringMatching(/^no matching entries \(log: .*audit\.jsonl\)/) });
  });

  it('log path prints the current file under SHELLGATE_STATE_DIR', () => {
    const state = tempDir();
    expect(shellgate(state, 'log', 'path')).toMatchObject({ code: 0, stdout: `${join(state, 'audit', 'audit.jsonl')}\n` });
  });
});

describe('shellgate log verify', () => {
  it('exits 0 on an intact log', () => {
    const { state } = history();
    const out = shellgate(state, 'log', 'verify');
    expect(out).toMatchObject({ code: 0, stdout: expect.stringContaining('ok: the hash chain verifies') });
  });

  it('exits 1 and names the first broken entry', () => {
    const { state, dir } = history();
    const path = join(dir, 'audit.jsonl');
    writeFileSync(path, readFileSync(path, 'utf8').replace('kubectl delete ns prod', 'kubectl get ns'));
    const out = shellgate(state, 'log', 'verify');
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/BROKEN at audit\.jsonl:2 \(#2\): entry modified/);
    const json = JSON.parse(shellgate(state, 'log', 'verify', '--json').stdout);
    expect(json).toMatchObject({ ok: false, broken: { file: 'audit.jsonl', line: 2, seq: 2 } });
  });

  it('says a torn last line is tolerated', () => {
    const { state, dir } = history();
    writeFileSync(join(dir, 'audit.jsonl'), `${readFileSync(join(dir, 'audit.jsonl'), 'utf8')}{"v":1,"seq":7,"ti`);
    const out = shellgate(state, 'log', 'verify');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/note: audit\.jsonl:7: torn entry .* the last line is torn/);
  });
});

describe('shellgate log prune and log anchor', () => {
  /** A state dir whose log rotated into several files. */
  function rotated(): { state: string; dir: string; files: string[] } {
    const state = tempDir();
    const dir = join(state, 'audit');
    for (let i = 1; i <= 30; i++) expect(appendAuditEvent(event({ line: `cmd ${i}` }), { dir, maxBytes: 2000 })).toEqual({ ok: true });
    flushAuditLog();
    return {
      state,
      dir,
      files: readdirSync(dir)
        .filter((n) => n.startsWith('audit-'))
        .sort(),
    };
  }

  it('prune --keep N deletes the oldest rotated files and the log still verifies, with a note', () => {
    const { state, dir, files } = rotated();
    expect(files.length).toBeGreaterThan(2);
    expect(shellgate(state, 'log', 'prune', '--keep', '1')).toMatchObject({
      code: 0,
      stdout: `deleted ${files.length - 1} rotated file(s); the anchor records the new start\n`,
    });
    expect(readdirSync(dir).filter((n) => n.startsWith('audit-'))).toEqual([files.at(-1)]);
    const out = shellgate(state, 'log', 'verify');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/note: .*were removed by `shellgate log prune`/);
    expect(shellgate(state, 'log', 'prune', '--keep', '1').stdout).toBe('nothing to prune\n');
  });

  it('prune refuses a log whose files were deleted by hand (exit 1), and keeps it failing', () => {
    const { state, dir, files } = rotated();
    rmSync(join(dir, files[0]));
    const out = shellgate(state, 'log', 'prune', '--keep', '0');
    expect(out).toMatchObject({ code: 1, stderr: expect.stringMatching(/cannot prune: the log does not verify .*begins at #\d+, but the anchor records/) });
    expect(shellgate(state, 'log', 'verify').code).toBe(1);
  });

  it('anchor --reset anchors a log written without an anchor; verify then notes the reset', () => {
    const { state, dir } = history();
    rmSync(join(dir, 'audit.anchor'));
    expect(shellgate(state, 'log', 'verify')).toMatchObject({ code: 1, stdout: expect.stringContaining('log anchor --reset') });
    expect(shellgate(state, 'log', 'anchor', '--reset')).toMatchObject({ code: 0, stdout: expect.stringContaining('anchored at #1–#6') });
    const out = shellgate(state, 'log', 'verify');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/note: .*the anchor was reset on/);
    expect(JSON.parse(shellgate(state, 'log', 'anchor').stdout)).toMatchObject({ v: 1, seq: 6, start: { seq: 1 }, reset: { reason: expect.any(String) } });
  });

  it('anchor --reset refuses a chain that is itself broken', () => {
    const { state, dir } = history();
    const path = join(dir, 'audit.jsonl');
    writeFileSync(path, readFileSync(path, 'utf8').replace('kubectl delete ns prod', 'kubectl get ns'));
    expect(shellgate(state, 'log', 'anchor', '--reset')).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/cannot reset the anchor: the log does not verify .*entry modified/),
    });
  });
});

describe('usage errors: a message and exit 2, never a stack trace', () => {
  it.each([
    [['--since', 'yesterday'], /--since 'yesterday': expected a duration/],
    [['--limit', 'many'], /--limit 'many': expected a whole number/],
    [['verify', 'extra'], /unexpected argument 'extra'/],
    [['--frobnicate'], /^shellgate log: unknown option '--frobnicate'\nTry 'shellgate log --help'/],
    [['rotate'], /unknown subcommand 'rotate'/],
    [['prune'], /log: prune needs --keep N/],
    [['prune', '--keep', 'all'], /log: prune needs --keep N/],
  ])('%j', (args, message) => {
    const out = shellgate(tempDir(), 'log', ...args);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(message);
    expect(out.stderr).not.toMatch(/\n\s+at /);
  });

  it('--help prints the usage', () => {
    expect(shellgate(tempDir(), 'log', '--help')).toMatchObject({ code: 0, stdout: expect.stringContaining('shellgate log verify') });
  });
});
