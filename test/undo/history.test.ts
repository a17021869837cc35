/*! The journal read as history (undo/history.ts) and expiry (undo/gc.ts), on hand-made records. */
import { describe, expect, it } from 'vitest';
import { expiredRecords } from '../../src/undo/gc.js';
import { plainTarget, undoneBy } from '../../src/undo/history.js';
import type { JournalRecord } from '../../src/undo/journal.js';
import { UNDO_DEFAULTS } from '../../src/undo/undo-config.js';

const T = '2026-12-07T10:00:00.000Z';
const cmd = (seq: number, before: string | null, after?: string | null, time = T): JournalRecord => ({
  seq,
  kind: 'command',
  time,
  line: `c${seq}`,
  cwd: '/p',
  before,
  after,
});
const undo = (seq: number, target: number, before: string, after: string): JournalRecord => ({
  seq,
  kind: 'undo',
  time: T,
  line: `undo ${target}`,
  cwd: '/p',
  before,
  after,
  target,
});

describe('plain undo target', () => {
  it('is the most recent command that changed something', () => {
    expect(plainTarget([cmd(1, 'a', 'b'), cmd(2, 'b', 'b')])?.seq).toBe(1);
  });
  it('steps back one command per undo', () => {
    const r = [cmd(1, 'a', 'b'), cmd(2, 'b', 'c'), cmd(3, 'c', 'd'), undo(4, 3, 'd', 'c')];
    expect(plainTarget(r)?.seq).toBe(2);
    r.push(undo(5, 2, 'c', 'b'));
    expect(plainTarget(r)?.seq).toBe(1);
    expect([...undoneBy(r).entries()]).toEqual([
      [2, 5],
      [3, 5],
      [4, 5],
    ]);
  });
  it('after an undo of an undo, the redone command is the target again', () => {
    const r = [cmd(1, 'a', 'b'), cmd(2, 'b', 'c'), undo(3, 2, 'c', 'b'), undo(4, 3, 'b', 'c')];
    expect(plainTarget(r)?.seq).toBe(2);
  });
  it('skips a command without a snapshot before it, and one still running counts as changed', () => {
    expect(plainTarget([cmd(1, 'a', 'b'), cmd(2, null, 'c')])?.seq).toBe(1);
    expect(plainTarget([cmd(1, 'a', 'b'), cmd(2, 'b')])?.seq).toBe(2);
  });
  it('is null when everything is undone', () => {
    expect(plainTarget([cmd(1, 'a', 'b'), undo(2, 1, 'b', 'a')])).toBeNull();
  });
});

describe('expiry', () => {
  const cfg = { ...UNDO_DEFAULTS, keep: 2, maxAgeDays: 1 };
  const now = Date.parse(T) + 3600_000;
  it('keeps the most recent `keep` records that changed something and drops the unchanged ones', () => {
    const r = [cmd(1, 'a', 'b'), cmd(2, 'b', 'b'), cmd(3, 'b', 'c'), cmd(4, 'c', 'c'), cmd(5, 'c', 'd')];
    const { keep, drop } = expiredRecords(r, cfg, now);
    expect(keep.map((x) => x.seq)).toEqual([3, 5]);
    expect(drop.map((x) => x.seq)).toEqual([1, 2, 4]);
  });
  it('drops records older than max_age_days; keeps a command still running', () => {
    const r = [cmd(1, 'a', 'b', '2026-12-01T00:00:00.000Z'), cmd(2, 'b')];
    expect(expiredRecords(r, cfg, now).keep.map((x) => x.seq)).toEqual([2]);
  });
});
