/*!
 * When the log cannot be written the append says so instead of throwing, with a message for the
 * user: a directory that cannot exist, a full disk (/dev/full), a lock held by a live process.
 * Stale locks left by dead processes or held far too long are broken.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendAuditEvent, checkAuditWritable } from '../../src/audit/log.js';
import { withLock } from '../../src/util/lock.js';
import { verifyLog } from '../../src/audit/verify.js';
import { event, tempDir } from './helpers.js';

/** The pid of a process that has already exited. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

describe('when the log cannot be written', () => {
  it('reports a directory that cannot be created', () => {
    const file = join(tempDir(), 'not-a-dir');
    writeFileSync(file, '');
    const r = appendAuditEvent(event(), { dir: join(file, 'audit') });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^cannot write the audit log: .*not-a-dir/);
    expect(checkAuditWritable({ dir: join(file, 'audit') }).ok).toBe(false);
  });

  it.runIf(existsSync('/dev/full'))('reports a full disk and leaves earlier entries intact', () => {
    const dir = tempDir();
    expect(appendAuditEvent(event({ line: 'first' }), { dir })).toEqual({ ok: true });
    const rotated = join(dir, 'audit-20200101T000000000Z.jsonl');
    spawnSync('mv', [join(dir, 'audit.jsonl'), rotated]);
    symlinkSync('/dev/full', join(dir, 'audit.jsonl'));
    const r = appendAuditEvent(event({ line: 'second' }), { dir, fsync: false });
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/no space left on device/) });
  });

  it('gives up on a lock held by a live process, with a message', () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'audit.lock'), `${process.pid} ${hostname()} someone-else`);
    const r = appendAuditEvent(event(), { dir, lockTimeoutMs: 100 });
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/timed out .* waiting for the lock/) });
  });

  it('checkAuditWritable is ok for a fresh state directory', () => {
    expect(checkAuditWritable({ dir: join(tempDir(), 'a', 'b') })).toEqual({ ok: true });
  });
});

describe('stale locks', () => {
  it.each([
    ['left by a dead process', () => `${deadPid()} ${hostname()} dead`, 0],
    ['empty (owner died before writing it)', () => '', 5],
    ['held far longer than any write', () => `${process.pid} ${hostname()} stuck`, 60],
  ])('breaks a lock %s', (_name, content, ageSeconds) => {
    const dir = tempDir();
    const lock = join(dir, 'audit.lock');
    writeFileSync(lock, content());
    const old = Date.now() / 1000 - ageSeconds;
    utimesSync(lock, old, old);
    expect(appendAuditEvent(event(), { dir, lockTimeoutMs: 2000 })).toEqual({ ok: true });
    expect(existsSync(lock)).toBe(false);
    expect(verifyLog(dir)).toMatchObject({ ok: true, entries: 1 });
  });

  it('withLock releases the lock when the work throws', () => {
    const lock = join(tempDir(), 'x.lock');
    expect(() =>
      withLock(lock, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(existsSync(lock)).toBe(false);
  });
});
