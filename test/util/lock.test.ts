/*!
 * The one cross-process lock (src/util/lock.ts), as the approval queue, the vault and the undo
 * store now use it too: a lock left by a dead owner is broken at once, a live one is waited for
 * and then refused (callers fail closed), and an older shellgate's `mkdir` lock is honoured
 * while fresh and broken once stale.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withLock, withLockAsync } from '../../src/util/lock.js';

const dir = () => mkdtempSync(join(tmpdir(), 'sg-lock-'));
const deadPid = () => Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);

describe('withLock', () => {
  it('breaks a lock whose owner is gone, and refuses in time while a live owner holds it', () => {
    const lock = join(dir(), 'a.lock');
    writeFileSync(lock, `${deadPid()} ${hostname()} x`);
    expect(withLock(lock, () => 'ran')).toBe('ran');
    writeFileSync(lock, `${process.ppid} ${hostname()} y`);
    expect(() => withLock(lock, () => 'ran', { timeoutMs: 50 })).toThrow(/timed out after 50 ms waiting for the lock/);
  });

  it("honours a fresh directory left by an older shellgate's mkdir lock, and breaks a stale one", () => {
    const lock = join(dir(), 'b.lock');
    mkdirSync(lock);
    expect(() => withLock(lock, () => 'ran', { timeoutMs: 50 })).toThrow(/timed out/);
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    expect(withLock(lock, () => 'ran')).toBe('ran');
  });

  it('serialises async work: the second holder starts after the first released', async () => {
    const lock = join(dir(), 'c.lock');
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const first = withLockAsync(lock, async () => {
      order.push('first in');
      await held;
      order.push('first out');
    });
    const second = withLockAsync(lock, async () => void order.push('second in'));
    await Promise.resolve();
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first in', 'first out', 'second in']);
  });
});
