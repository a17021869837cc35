/*!
 * The anchor written in the background (anchor.ts advanceAnchorAsync) against a same-user process
 * that ignores the log's lock (an agent in `agents: advisory` mode, or anything outside a
 * container): its temporary file has a predictable name and lives, fsync'ed on the thread pool,
 * outside the lock until it is renamed under it. Hostile: a link planted at that name (the write
 * must not go through it), and a file of the attacker's (or the temporary file rewritten) put in
 * its place while the fsync runs: the anchor then put in place is the one this process decided,
 * never the attacker's (a rolled-back anchor would let the entries after it be cut unseen). The
 * attack runs inside the `locked` callback the commit asks for, so that it lands in that very
 * window every time (no timing).
 */
import { readdirSync, readFileSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { advanceAnchorAsync, readAnchor } from '../../src/audit/anchor.js';
import { anchorPath, lockPath } from '../../src/audit/files.js';
import { appendAuditEvent, flushAuditLog } from '../../src/audit/log.js';
import { verifyLog } from '../../src/audit/verify.js';
import { withLock } from '../../src/util/lock.js';
import { event, lines, tempDir } from './helpers.js';

/** A log of three entries whose anchor is still at #1; the newest entry's point. */
function logAnchoredAtOne(dir: string): { seq: number; hash: string } {
  for (let i = 1; i <= 3; i++) expect(appendAuditEvent(event({ line: `cmd ${i}` }), { dir, syncWindowMs: 600_000 })).toEqual({ ok: true });
  // Only the batch's own anchoring is taken back: the test advances it itself.
  writeFileSync(anchorPath(dir), readFileSync(anchorPath(dir)));
  const last = JSON.parse(lines(join(dir, 'audit.jsonl')).at(-1)!);
  return { seq: last.seq, hash: last.hash };
}

const anchored = (dir: string) => {
  const st = readAnchor(dir);
  return st.state === 'ok' ? st.anchor : null;
};

/** The `locked` of advanceAnchorAsync, running `attack` (once, on the commit's call) before the locked part. */
function lockedWith(dir: string, attack: () => void): <T>(fn: () => T) => T {
  let calls = 0;
  return <T>(fn: () => T): T => {
    if (++calls === 2) attack();
    return withLock(lockPath(dir), fn);
  };
}

const temps = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

describe("the anchor's temporary file", () => {
  it('a link planted at its name is not written through: the file it names is untouched, the anchor advances', async () => {
    const dir = tempDir();
    const target = logAnchoredAtOne(dir);
    expect(anchored(dir)?.seq).toBe(1);
    const victim = join(dir, '..', `victim-${process.pid}-${Date.now()}`);
    writeFileSync(victim, 'the user file\n');
    // The names this process will use next (pid, then a counter), all planted.
    for (let n = 1; n <= 200; n++) symlinkSync(victim, `${anchorPath(dir)}.${process.pid}.${n}.tmp`);
    await advanceAnchorAsync(dir, target, (fn) => withLock(lockPath(dir), fn));
    expect(readFileSync(victim, 'utf8')).toBe('the user file\n');
    expect(anchored(dir)).toMatchObject({ seq: 3, hash: target.hash });
    flushAuditLog();
    expect(verifyLog(dir)).toMatchObject({ ok: true });
  });

  it("a file of the attacker's put in its place during the fsync is not put in the anchor's: it is not rolled back", async () => {
    const dir = tempDir();
    const target = logAnchoredAtOne(dir);
    const old = readFileSync(anchorPath(dir), 'utf8'); // the anchor at #1: entries 2 and 3 could then be cut unseen
    const swap = () => {
      const [tmp] = temps(dir);
      expect(tmp).toBeDefined();
      unlinkSync(join(dir, tmp));
      writeFileSync(join(dir, tmp), old);
    };
    await advanceAnchorAsync(dir, target, lockedWith(dir, swap));
    expect(anchored(dir)).toMatchObject({ seq: 3, hash: target.hash });
    expect(temps(dir)).toEqual([]);
    flushAuditLog();
  });

  it('the temporary file rewritten in place during the fsync is not put in the anchor as it now reads', async () => {
    const dir = tempDir();
    const target = logAnchoredAtOne(dir);
    const old = readFileSync(anchorPath(dir), 'utf8');
    const rewrite = () => {
      const [tmp] = temps(dir);
      writeFileSync(join(dir, tmp), old); // same inode, truncated and written
    };
    await advanceAnchorAsync(dir, target, lockedWith(dir, rewrite));
    expect(anchored(dir)).toMatchObject({ seq: 3, hash: target.hash });
    expect(temps(dir)).toEqual([]);
    flushAuditLog();
  });
});
