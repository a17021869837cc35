/*!
 * The group commit (src/audit/sync.ts) keeps its promise: the line is in the file when the append
 * returns; the anchor follows within the batch window while the process runs (also with
 * `always`, which only moves the fdatasync into the append), at exit, and also when shellgate-sh dies of the signal that killed its command (no
 * `exit` handlers then); descriptors kept for the batch are closed by the flush; `off` still
 * anchors. Polls are bounded waits for a condition, never a fixed sleep.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAnchor } from '../../src/audit/anchor.js';
import { appendAuditEvent, flushAuditLog } from '../../src/audit/log.js';
import { verifyLog } from '../../src/audit/verify.js';
import { childEnv, makeSandbox, runSh } from '../helpers/cli.js';
import { bundleSource } from '../helpers/bundle-source.js';
import { event, lines, tempDir } from './helpers.js';

const anchoredSeq = (dir: string) => {
  const st = readAnchor(dir);
  return st.state === 'ok' ? st.anchor.seq : 0;
};

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
}

describe('group commit', () => {
  it('the line is in the file when the append returns; the first entry creates the anchor at once', () => {
    const dir = tempDir();
    expect(appendAuditEvent(event({ line: 'first' }), { dir })).toEqual({ ok: true });
    expect(JSON.parse(lines(join(dir, 'audit.jsonl'))[0])).toMatchObject({ seq: 1, line: 'first' });
    expect(readAnchor(dir)).toMatchObject({ state: 'ok', anchor: { seq: 1, start: { seq: 1 } } });
    expect(appendAuditEvent(event({ line: 'second' }), { dir })).toEqual({ ok: true });
    expect(lines(join(dir, 'audit.jsonl'))).toHaveLength(2);
    flushAuditLog();
  });

  it('the anchor follows within the batch window while the process runs', async () => {
    const dir = tempDir();
    for (let i = 1; i <= 5; i++) expect(appendAuditEvent(event({ line: `cmd ${i}` }), { dir, syncWindowMs: 20 })).toEqual({ ok: true });
    expect(anchoredSeq(dir)).toBe(1);
    await until(() => anchoredSeq(dir) === 5);
    expect(anchoredSeq(dir)).toBe(5);
    expect(verifyLog(dir)).toMatchObject({ ok: true, notes: [] });
  });

  it('with always (fdatasync in the append), the anchor still follows in the batch', () => {
    const dir = tempDir();
    for (let i = 1; i <= 3; i++) expect(appendAuditEvent(event({ line: `cmd ${i}` }), { dir, fsync: 'always' })).toEqual({ ok: true });
    expect(anchoredSeq(dir)).toBe(1);
    flushAuditLog();
    expect(anchoredSeq(dir)).toBe(3);
  });

  it('with fsync off the anchor still advances', () => {
    const dir = tempDir();
    for (let i = 1; i <= 3; i++) appendAuditEvent(event({ line: `cmd ${i}` }), { dir, fsync: false });
    flushAuditLog();
    expect(anchoredSeq(dir)).toBe(3);
  });

  it('closes the descriptors it kept for the batch', () => {
    const open = () => readdirSync('/proc/self/fd').length;
    const dirs = [tempDir(), tempDir()];
    flushAuditLog();
    const before = open();
    for (let i = 0; i < 50; i++) appendAuditEvent(event({ line: `cmd ${i}` }), { dir: dirs[i % 2], maxBytes: 3000 });
    expect(open()).toBeGreaterThan(before); // at most one per file written, until the flush
    expect(open()).toBeLessThanOrEqual(before + 2 * 12);
    flushAuditLog();
    expect(open()).toBe(before);
    for (const dir of dirs) expect(verifyLog(dir)).toMatchObject({ ok: true, entries: 25, notes: [] });
  });
});

describe('the anchor written in the background', () => {
  it('an append and an exit while it is being written (its fsync on the thread pool): the append does not wait for it, the exit anchors all the same, nothing is left behind', () => {
    const dir = tempDir();
    const r = spawnSync(process.execPath, [bundleSource('test/audit/fixtures/exit-mid-anchor.ts'), dir], { encoding: 'utf8', env: childEnv() });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('caught true\n'); // 'missed': the moment was never reached and this test proves nothing
    const last = JSON.parse(lines(join(dir, 'audit.jsonl')).at(-1)!);
    expect(readAnchor(dir)).toMatchObject({ state: 'ok', anchor: { seq: last.seq, hash: last.hash } });
    expect(readdirSync(dir).sort()).toEqual(['audit.anchor', 'audit.jsonl']); // no lock, no temporary file

    expect(verifyLog(dir)).toMatchObject({ ok: true, notes: [] });
  });
});

describe('shellgate-sh leaves with its entries anchored', () => {
  it.each([
    ['exits normally', 'true', 0],
    ['dies of the signal that killed its command', 'kill -KILL $$', 137],
    ['dies of SIGTERM re-raised', 'kill -TERM $$', 143],
  ])('%s', (_name, cmd, status) => {
    const sb = makeSandbox({ CLAUDECODE: '1' });
    const dir = join(sb.env.SHELLGATE_STATE_DIR!, 'audit');
    expect(runSh(['-c', 'echo warm-up'], { env: sb.env, cwd: sb.dir }).status).toBe(0);
    const r = runSh(['-c', cmd], { env: sb.env, cwd: sb.dir });
    expect(r.status ?? 128 + (r.signal === 'SIGKILL' ? 9 : 15)).toBe(status);
    const last = JSON.parse(readFileSync(join(dir, 'audit.jsonl'), 'utf8').trimEnd().split('\n').at(-1)!);
    expect(last).toMatchObject({ seq: 2, line: cmd });
    expect(readAnchor(dir)).toMatchObject({ state: 'ok', anchor: { seq: 2, hash: last.hash } });
  });
});
