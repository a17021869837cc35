// Issue 12: which paths a contained command was refused writing, read from what it printed.
import { describe, expect, it } from 'vitest';
import { RefusedWrites, refusedPaths } from '../../src/contain/refused-writes.js';

describe('refusedPaths', () => {
  it.each([
    ["cp: cannot create regular file '/home/u/x': Read-only file system", ['/home/u/x']],
    ["touch: cannot touch '/home/u/a b': Read-only file system", ['/home/u/a b']],
    ['bash: /home/u/.bashrc: Read-only file system', ['/home/u/.bashrc']],
    ['/bin/bash: line 1: /home/u/notes.txt: Read-only file system', ['/home/u/notes.txt']],
    ['/bin/bash: line 3: out.txt: Read-only file system', ['/work/p/out.txt']],
    ["rm: cannot remove 'keep.txt': Read-only file system", ['/work/p/keep.txt']],
    ["OSError: [Errno 30] Read-only file system: '/home/u/y'", ['/home/u/y']],
    ["Error: EROFS: read-only file system, open '/home/u/z.json'", ['/home/u/z.json']],
    ['no refusal here: Permission denied', []],
  ])('%s', (text, want) => {
    expect(refusedPaths(text, '/work/p')).toEqual(want);
  });

  it('collects across chunks and says nothing when nothing was refused', () => {
    const r = new RefusedWrites();
    r.add('touch: cannot touch ');
    expect(r.paths('/p')).toEqual([]);
    r.add("'/etc/x': Read-only file system\n");
    expect(r.paths('/p')).toEqual(['/etc/x']);
  });
});
