/*!
 * Lost work is told from the user's object directory (undo/user-objects.ts) as git would tell it:
 * loose and packed objects are found, and a revert to HEAD over uncommitted work, a deletion of
 * an untracked file and a plain edit are judged alike whether the repository is packed or not,
 * or reached through a `.git` file (then git is asked).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { effectOf } from '../../src/undo/effect.js';
import { heldObjects } from '../../src/undo/user-objects.js';
import type { Change } from '../../src/undo/snapshot.js';
import { git } from './project-state.js';

const blob = (text: string) =>
  createHash('sha1')
    .update(`blob ${Buffer.byteLength(text)}\0${text}`)
    .digest('hex');
const ZERO = '0'.repeat(40);
const change = (status: Change['status'], path: string, from: string, to: string): Change => ({
  status,
  path,
  from: from ? blob(from) : ZERO,
  to: to ? blob(to) : ZERO,
  fromMode: from ? '100644' : '000000',
  toMode: to ? '100644' : '000000',
});

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-objects-'));
  git(dir, ['init', '-q'], {});
  writeFileSync(join(dir, 'a.txt'), 'committed a\n');
  writeFileSync(join(dir, 'b.txt'), 'committed b\n');
  git(dir, ['add', '-A'], {});
  git(dir, ['commit', '-qm', 'one'], {});
  return dir;
}

const changes = [
  change('M', 'a.txt', 'uncommitted a\n', 'committed a\n'), // reverted to HEAD over uncommitted work: lost
  change('M', 'b.txt', 'uncommitted b\n', 'new b\n'), // an edit: not lost
  change('D', 'notes.txt', 'untracked notes\n', ''), // an untracked file deleted: lost
  change('D', 'b.txt', 'committed b\n', ''), // a committed file deleted: not lost
];

describe('objects of the user repository', () => {
  it('finds loose and packed objects, and nothing else', () => {
    const dir = repo();
    const ids = [blob('committed a\n'), blob('uncommitted a\n')];
    expect([...heldObjects(dir, ids)!]).toEqual([ids[0]]);
    git(dir, ['gc', '-q', '--prune=now'], {});
    expect([...heldObjects(dir, ids)!]).toEqual([ids[0]]);
    expect(heldObjects(mkdtempSync(join(tmpdir(), 'sg-norepo-')), ids)!.size).toBe(0);
  });

  it('tells the same lost work, loose, packed, or through a .git file (git asked)', () => {
    const dir = repo();
    const expected = ['a.txt', 'notes.txt'];
    expect(effectOf(dir, changes).lost).toEqual(expected);
    git(dir, ['gc', '-q', '--prune=now'], {});
    expect(effectOf(dir, changes).lost).toEqual(expected);
    const linked = mkdtempSync(join(tmpdir(), 'sg-worktree-'));
    git(dir, ['worktree', 'add', '-q', join(linked, 'wt')], {});
    expect(heldObjects(join(linked, 'wt'), [blob('committed a\n')])).toBeNull();
    expect(effectOf(join(linked, 'wt'), changes).lost).toEqual(expected);
  });
});
