/*!
 * Hostile tests of the audit log's tamper evidence, every part real: entries written by real
 * processes (fixtures/writer.ts bundled, which exit and so flush), each edit of fixtures/tamper.yaml run
 * by real bash — in bubblewrap with the anchor read-only when the attacker cannot reach it — and
 * `shellgate log verify` run as the real CLI (bin/shellgate.cjs, SHELLGATE_STATE_DIR in a temp dir).
 * Then the end-to-end case: an agent command run through shellgate-sh that cuts its own entry from
 * the log, with and without the classifier daemon.
 */
import { bundleSource } from '../helpers/bundle-source.js';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DAEMON_ENV, makeSandbox, runCli, runSh, sleep, stopDaemons, type Sandbox, childEnv } from '../helpers/cli.js';
import { ROOT, tempDir } from './helpers.js';

const FIXTURES = join(ROOT, 'test/audit/fixtures');

interface TamperCase {
  name: string;
  entries?: number;
  maxBytes?: number;
  reach?: 'log' | 'all';
  script: string;
  after?: number;
  broken: string | null;
}

const CASES = parse(readFileSync(join(FIXTURES, 'tamper.yaml'), 'utf8')) as TamperCase[];

function write(state: string, tag: string, count: number, maxBytes = 10_000_000): void {
  const r = spawnSync(process.execPath, [bundleSource('test/audit/fixtures/writer.ts'), tag, String(count), '0'], {
    env: childEnv({ SHELLGATE_STATE_DIR: state, SHELLGATE_LOG_MAX_BYTES: String(maxBytes) }),
    encoding: 'utf8',
  });
  expect(r).toMatchObject({ status: 0, stderr: '' });
}

function verify(state: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/shellgate.cjs'), 'log', 'verify', ...args], {
    env: childEnv({ SHELLGATE_STATE_DIR: state, NO_COLOR: '1' }),
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the hostile script in `dir`; with reach `log`, inside bubblewrap with the anchor read-only. */
function tamper(dir: string, c: TamperCase): void {
  const anchor = join(dir, 'audit.anchor');
  const bash = ['bash', '-euc', c.script];
  const argv = c.reach === 'all' ? bash : ['bwrap', '--dev-bind', '/', '/', '--ro-bind', anchor, anchor, '--chdir', dir, ...bash];
  const r = spawnSync(argv[0], argv.slice(1), { cwd: dir, env: childEnv({ FIXTURES }), encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}

/**
 * A state directory with a log freshly written by a real writer and verified, made once per
 * (entries, maxBytes) and copied for each case: the copies are byte for byte what the writer
 * left (the anchor and its key included), so each case starts from a log known to verify.
 */
const pristines = new Map<string, string>();
function pristine(entries: number, maxBytes?: number): string {
  const key = `${entries}:${maxBytes ?? ''}`;
  const known = pristines.get(key);
  if (known) return known;
  const state = mkdtempSync(join(tmpdir(), 'shellgate-audit-pristine-'));
  write(state, 'w', entries, maxBytes);
  const before = verify(state);
  expect(before).toMatchObject({ code: 0, stdout: expect.stringContaining('ok: the hash chain verifies') });
  expect(before.stdout).not.toContain('note:');
  pristines.set(key, state);
  return state;
}
afterAll(() => {
  for (const dir of pristines.values()) rmSync(dir, { recursive: true, force: true });
});

describe('tamper evidence: shellgate log verify against hostile edits', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const state = tempDir();
    const dir = join(state, 'audit');
    cpSync(pristine(c.entries ?? 20, c.maxBytes), state, { recursive: true });
    const anchor = readFileSync(join(dir, 'audit.anchor'), 'utf8');

    tamper(dir, c);
    if (c.after) write(state, 'after', c.after, c.maxBytes);

    const out = verify(state);
    if (c.broken === null) {
      expect(out).toMatchObject({ code: 0, stdout: expect.stringContaining('ok: the hash chain verifies') });
      expect(out.stdout).not.toContain('note:');
      return;
    }
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(new RegExp(`BROKEN at [^\\n]*: ${c.broken}`));
    expect(JSON.parse(verify(state, '--json').stdout)).toMatchObject({ ok: false, broken: { message: expect.stringMatching(new RegExp(c.broken)) } });
    // Out of reach means unchanged: neither the script nor a later writer moved the anchor.
    if (c.reach === 'log') expect(readFileSync(join(dir, 'audit.anchor'), 'utf8')).toBe(anchor);
  });
});

describe('an agent command that cuts its own entry from the log (through shellgate-sh)', () => {
  let sb: Sandbox;
  afterEach(() => stopDaemons(sb));

  /** The number of entries the anchor records, or 0. */
  function anchored(): number {
    const path = join(sb.env.SHELLGATE_STATE_DIR!, 'audit', 'audit.anchor');
    return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as { seq: number }).seq : 0;
  }

  it.each([
    ['in-process', {}],
    ['through the classifier daemon', DAEMON_ENV],
  ])('%s: verify fails unless the entry is still there', async (_name, extra) => {
    sb = makeSandbox({ ...extra, CLAUDECODE: '1' });
    const log = join(sb.env.SHELLGATE_STATE_DIR!, 'audit', 'audit.jsonl');
    // A program the agent wrote: its code is not judged, only the line that runs it. It cuts the
    // log's last line (its own entry) when it can see the log, and says whether it could.
    const program = [
      "const fs = require('fs');",
      `const log = ${JSON.stringify(log)};`,
      "fs.writeFileSync('saw-log', String(fs.existsSync(log)));",
      "if (fs.existsSync(log)) { const t = fs.readFileSync(log, 'utf8').split('\\n'); fs.writeFileSync(log, t.slice(0, -2).join('\\n') + '\\n'); }",
    ];
    writeFileSync(join(sb.dir, 'tidy.cjs'), `${program.join('\n')}\n`);
    for (const n of [1, 2, 3]) expect(runSh(['-c', `echo ${n}`], { env: sb.env, cwd: sb.dir })).toMatchObject({ status: 0, stdout: `${n}\n` });
    const r = runSh(['-c', 'node tidy.cjs'], { env: sb.env, cwd: sb.dir });
    expect(r).toMatchObject({ status: 0, stderr: '' });
    // The writer (this shellgate-sh, or the daemon) anchors its entry #4 within its batch window.
    // (An undo `command-effect` entry may follow it when the sandbox is not git-ignored: #5.)
    for (let i = 0; i < 100 && anchored() < 4; i++) await sleep(20);
    expect(anchored()).toBeGreaterThanOrEqual(4);
    const out = runCli(['log', 'verify'], { env: sb.env, cwd: sb.dir });
    if (readFileSync(join(sb.dir, 'saw-log'), 'utf8') === 'true') {
      // Uncontained: the cut happened, and verify must say so.
      expect(readFileSync(log, 'utf8')).not.toContain('"line":"node tidy.cjs"');
      expect({ status: out.status, stdout: out.stdout }).toMatchObject({ status: 1, stdout: expect.stringMatching(/ends at #3, but the anchor records #4/) });
    } else {
      // Contained (the state directory out of sight): nothing was cut and the log verifies.
      expect(readFileSync(log, 'utf8')).toContain('"line":"node tidy.cjs"');
      expect(out.status).toBe(0);
    }
  });
});
