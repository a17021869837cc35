/*!
 * The hash chain and `verifyLog`: an intact log verifies; a modified entry, a modified and
 * re-hashed entry, a deleted entry, entries cut from the end and garbage lines are each reported
 * at the first broken entry; a torn last line is tolerated and said so, also after later appends;
 * rotation keeps the chain across files; a missing anchor fails, pruning through the anchor does not.
 * The hostile versions, through the real CLI, are in tamper.test.ts.
 */
import { appendFileSync, readdirSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendAuditEvent, flushAuditLog } from '../../src/audit/log.js';
import { pruneLog } from '../../src/audit/maintenance.js';
import { entryHash } from '../../src/audit/chain.js';
import { verifyLog } from '../../src/audit/verify.js';
import { event, lines, tempDir } from './helpers.js';

/** A log of `n` entries whose lines are `cmd 1` … `cmd n`, written and anchored (the writer is done). */
function logOf(n: number, opts: { maxBytes?: number } = {}): string {
  const dir = tempDir();
  for (let i = 1; i <= n; i++) expect(appendAuditEvent(event({ line: `cmd ${i}` }), { dir, ...opts })).toEqual({ ok: true });
  flushAuditLog();
  return dir;
}

function rewrite(dir: string, edit: (ls: string[]) => string[]): void {
  const path = join(dir, 'audit.jsonl');
  writeFileSync(
    path,
    edit(lines(path))
      .map((l) => `${l}\n`)
      .join(''),
  );
}

describe('verifyLog', () => {
  it('verifies an intact log and links the first entry to the genesis hash', () => {
    const dir = logOf(5);
    const r = verifyLog(dir);
    expect(r).toMatchObject({ ok: true, entries: 5, firstSeq: 1, lastSeq: 5, broken: null, notes: [] });
    const [first, second] = lines(join(dir, 'audit.jsonl')).map((l) => JSON.parse(l));
    expect(first.prev).toBe('0'.repeat(64));
    expect(second.prev).toBe(first.hash);
    expect(first.hash).toBe(entryHash(first));
  });

  it('treats an empty or missing log as ok', () => {
    expect(verifyLog(tempDir())).toMatchObject({ ok: true, entries: 0 });
  });

  it.each<[string, (ls: string[]) => string[], { line: number; seq: number | null; message: RegExp }]>([
    ['a modified entry', (ls) => ls.map((l, i) => (i === 3 ? l.replace('"cmd 4"', '"cmd 4 --harmless"') : l)), { line: 4, seq: 4, message: /modified/ }],
    [
      'a modified and re-hashed entry',
      (ls) =>
        ls.map((l, i) => {
          if (i !== 3) return l;
          const e = JSON.parse(l.replace('"cmd 4"', '"rm -rf /"'));
          return JSON.stringify({ ...e, hash: entryHash(e) });
        }),
      { line: 5, seq: 5, message: /#4.*modified/ },
    ],
    ['a deleted entry', (ls) => ls.filter((_, i) => i !== 4), { line: 5, seq: 6, message: /#5 is missing/ }],
    ['three deleted entries', (ls) => ls.filter((_, i) => i < 2 || i > 4), { line: 3, seq: 6, message: /#3–#5 are missing/ }],
    ['swapped entries', (ls) => [...ls.slice(0, 2), ls[3], ls[2], ...ls.slice(4)], { line: 3, seq: 4, message: /missing|prev/ }],
    ['entries cut from the end', (ls) => ls.slice(0, 7), { line: 8, seq: 10, message: /removed from the end/ }],
    ['a garbage line', (ls) => [...ls.slice(0, 2), 'hello', ...ls.slice(2)], { line: 3, seq: null, message: /not a valid entry/ }],
  ])('detects %s', (_name, edit, want) => {
    const dir = logOf(10);
    rewrite(dir, edit);
    const r = verifyLog(dir);
    expect(r.ok).toBe(false);
    expect(r.broken).toMatchObject({ file: 'audit.jsonl', line: want.line, seq: want.seq });
    expect(r.broken!.message).toMatch(want.message);
  });

  it('fails when the anchor is missing while entries exist', () => {
    const dir = logOf(3);
    unlinkSync(join(dir, 'audit.anchor'));
    const r = verifyLog(dir);
    expect(r.ok).toBe(false);
    expect(r.broken!.message).toMatch(/anchor \(audit\.anchor\) is missing but the log has 3 entries/);
  });

  it('notes, without failing, entries written after the anchor last advanced', () => {
    const dir = logOf(3);
    expect(appendAuditEvent(event({ line: 'not yet anchored' }), { dir })).toEqual({ ok: true });
    const r = verifyLog(dir);
    expect(r).toMatchObject({ ok: true, entries: 4, anchor: { seq: 3 } });
    expect(r.notes.map((n) => n.message)).toEqual([expect.stringMatching(/after #3 are not anchored yet/)]);
    flushAuditLog();
    expect(verifyLog(dir)).toMatchObject({ ok: true, notes: [], anchor: { seq: 4 } });
  });
});

describe('torn writes', () => {
  /** Appends the first `bytes` bytes of what would have been the next entry, without `\n`. */
  function tear(dir: string, bytes: number): void {
    const path = join(dir, 'audit.jsonl');
    const last = JSON.parse(lines(path).at(-1)!);
    appendFileSync(path, JSON.stringify({ ...last, seq: last.seq + 1, prev: last.hash }).slice(0, bytes));
  }

  it.each([5, 40, 200])('tolerates a torn last line of %i bytes and says so', (bytes) => {
    const dir = logOf(3);
    tear(dir, bytes);
    const r = verifyLog(dir);
    expect(r).toMatchObject({ ok: true, entries: 3, lastSeq: 3 });
    expect(r.notes).toEqual([expect.objectContaining({ line: 4, message: expect.stringMatching(/torn.*last line/) })]);
  });

  it('continues the chain past a torn line: the next writer marks tornBefore', () => {
    const dir = logOf(3);
    tear(dir, 120);
    expect(appendAuditEvent(event({ line: 'after the crash' }), { dir })).toEqual({ ok: true });
    flushAuditLog();
    const stored = lines(join(dir, 'audit.jsonl'));
    expect(stored).toHaveLength(5);
    const next = JSON.parse(stored[4]);
    expect(next).toMatchObject({ seq: 4, tornBefore: true, prev: JSON.parse(stored[2]).hash });
    const r = verifyLog(dir);
    expect(r).toMatchObject({ ok: true, entries: 4 });
    expect(r.notes[0].message).toMatch(/torn entry.*skipped/);
  });

  it('does not accept a corrupted line in the middle as torn when no writer marked it', () => {
    const dir = logOf(4);
    rewrite(dir, (ls) => ls.map((l, i) => (i === 1 ? l.slice(0, 60) : l)));
    const r = verifyLog(dir);
    expect(r.broken).toMatchObject({ line: 2, message: expect.stringMatching(/not a valid entry/) });
  });
});

describe('rotation', () => {
  it('rotates by size and keeps one chain across the files', () => {
    const dir = logOf(40, { maxBytes: 2000 });
    const files = readdirSync(dir)
      .filter((n) => n.endsWith('.jsonl'))
      .sort();
    expect(files.length).toBeGreaterThan(3);
    expect(files.at(-1)).toBe('audit.jsonl');
    const r = verifyLog(dir);
    expect(r).toMatchObject({ ok: true, entries: 40, lastSeq: 40 });
    expect(r.files).toEqual([...files.slice(0, -1), 'audit.jsonl']);
    const firstOfSecond = JSON.parse(lines(join(dir, files[1]))[0]);
    expect(firstOfSecond.prev).toBe(JSON.parse(lines(join(dir, files[0])).at(-1)!).hash);
  });

  it('detects an entry deleted inside a rotated file', () => {
    const dir = logOf(30, { maxBytes: 2000 });
    const first = readdirSync(dir)
      .filter((n) => n.startsWith('audit-'))
      .sort()[0];
    const path = join(dir, first);
    const ls = lines(path);
    writeFileSync(
      path,
      ls
        .filter((_, i) => i !== 1)
        .map((l) => `${l}\n`)
        .join(''),
    );
    expect(verifyLog(dir).broken).toMatchObject({ file: first, line: 2, message: expect.stringMatching(/#2 is missing/) });
  });

  it('fails when the oldest rotated file was deleted by hand', () => {
    const dir = logOf(30, { maxBytes: 2000 });
    const oldest = readdirSync(dir)
      .filter((n) => n.startsWith('audit-'))
      .sort()[0];
    const removed = lines(join(dir, oldest)).length;
    rmSync(join(dir, oldest));
    const r = verifyLog(dir);
    expect(r.ok).toBe(false);
    expect(r.broken!.message).toMatch(new RegExp(`begins at #${removed + 1}, but the anchor records that it begins at #1`));
  });

  it('verifies after pruning through the anchor, and notes the pruning', () => {
    const dir = logOf(30, { maxBytes: 2000 });
    const rotated = readdirSync(dir)
      .filter((n) => n.startsWith('audit-'))
      .sort();
    const removed = lines(join(dir, rotated[0])).length + lines(join(dir, rotated[1])).length;
    expect(pruneLog(dir, rotated.length - 2)).toBe(2);
    expect(readdirSync(dir).filter((n) => n.startsWith('audit-'))).toHaveLength(rotated.length - 2);
    const r = verifyLog(dir);
    expect(r).toMatchObject({ ok: true, firstSeq: removed + 1, entries: 30 - removed, lastSeq: 30 });
    expect(r.notes.map((n) => n.message)).toEqual([expect.stringMatching(new RegExp(`before #${removed + 1} were removed by .shellgate log prune.`))]);
    // A later appender keeps the new start.
    expect(appendAuditEvent(event({ line: 'after prune' }), { dir, maxBytes: 2000 })).toEqual({ ok: true });
    flushAuditLog();
    expect(verifyLog(dir)).toMatchObject({ ok: true, lastSeq: 31, anchor: { startSeq: removed + 1, seq: 31 } });
  });

  it('refuses to prune a log that does not verify', () => {
    const dir = logOf(30, { maxBytes: 2000 });
    rmSync(
      join(
        dir,
        readdirSync(dir)
          .filter((n) => n.startsWith('audit-'))
          .sort()[0],
      ),
    );
    expect(() => pruneLog(dir, 0)).toThrow(/cannot prune: the log does not verify/);
  });

  it('continues from the rotated file when a crash left no current file right after the rename', () => {
    const dir = logOf(30, { maxBytes: 2000 });
    // What a crash between rotate()'s rename and the first write of the new file leaves behind.
    renameSync(join(dir, 'audit.jsonl'), join(dir, 'audit-29990101T000000000Z.jsonl'));
    expect(appendAuditEvent(event({ line: 'next' }), { dir, maxBytes: 2000 })).toEqual({ ok: true });
    flushAuditLog();
    expect(JSON.parse(lines(join(dir, 'audit.jsonl'))[0]).seq).toBe(31);
    expect(verifyLog(dir)).toMatchObject({ ok: true, lastSeq: 31, notes: [] });
  });
});
