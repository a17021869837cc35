/*!
 * The snapshot written without git processes (undo/fast-snapshot.ts) against git itself: after
 * each round of edits (modify, add, delete, chmod +x, links, a file taking a directory's place and
 * the reverse, names that sort around '/', non-ASCII names, a file too big, a FIFO), the tree it
 * wrote is the tree `git add -A && git write-tree` makes on a fresh index, its changes are
 * `git diff-tree`'s, the index it wrote is one git reads with no path left to hash (its stat data
 * is right), and git's own `write-tree` on it (which trusts the cache tree it wrote) agrees.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureStore, gitEnv, gitOk, storeFor, type Store } from '../../src/undo/git-store.js';
import { diffTrees, takeSnapshot, type Snapshot } from '../../src/undo/snapshot.js';
import { indexStamp } from '../../src/undo/scan.js';
import { fastSnapshot } from '../../src/undo/fast-snapshot.js';

const MAX = 1 << 20;

function fixture(): { root: string; store: Store } {
  const base = mkdtempSync(join(tmpdir(), 'sg-fast-'));
  const root = join(base, 'p');
  mkdirSync(join(root, 'src', 'lib'), { recursive: true });
  for (const [p, text] of Object.entries({
    'README.md': 'hello\n',
    'a-b': '1',
    'a.c': '2',
    'src/main.ts': 'main\n',
    'src/lib/util.ts': 'util\n',
    'src/lib/x.ts': 'x\n',
    'zz/deep/er/file': 'deep',
  })) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  mkdirSync(join(root, 'a'));
  writeFileSync(join(root, 'a', 'inner'), 'in a/');
  const store = storeFor(root, { SHELLGATE_STATE_DIR: join(base, 'state') });
  mkdirSync(store.dir, { recursive: true });
  ensureStore(store, []);
  return { root, store };
}

/** The tree git makes of the work tree on an index of its own (same store, same excludes). */
function gitTree(store: Store, leftOut: string[] = []): string {
  const index = join(store.dir, 'ref-index');
  rmSync(index, { force: true });
  const env = { ...gitEnv(store), GIT_INDEX_FILE: index };
  const run = (args: string[]) => {
    const r = spawnSync('/usr/bin/git', args, { env, cwd: store.root });
    expect(r.status, r.stderr.toString()).toBe(0);
    return r.stdout.toString().trim();
  };
  run(['add', '-A']);
  if (leftOut.length > 0) run(['update-index', '--force-remove', '--', ...leftOut]);
  return run(['write-tree']);
}

function check(store: Store, prev: Snapshot, snap: Snapshot, fast: boolean): void {
  expect(!!snap.since, 'the fast path took the snapshot').toBe(fast);
  expect(snap.tree).toBe(
    gitTree(
      store,
      snap.leftOut.map((l) => l.path),
    ),
  );
  if (snap.since) {
    expect(snap.since.tree).toBe(prev.tree);
    expect(snap.since.changes).toEqual(diffTrees(store, prev.tree, snap.tree));
  }
  // git reads the index written: nothing left to hash, and its own write-tree agrees.
  expect(gitOk(store, ['ls-files', '-m', '-d', '-z']).toString()).toBe('');
  expect(gitOk(store, ['write-tree']).toString().trim()).toBe(snap.tree);
  expect(spawnSync('/usr/bin/git', ['fsck', '--no-dangling', '--connectivity-only', snap.tree], { env: gitEnv(store), cwd: store.root }).status).toBe(0);
}

describe('fast snapshot', () => {
  it('writes the trees, changes and index git would, round after round', () => {
    const { root, store } = fixture();
    let prev = takeSnapshot(store, MAX);
    const w = (p: string, text: string) => writeFileSync(join(root, p), text);
    const rounds: [string, () => void][] = [
      ['modify one file', () => w('src/main.ts', 'main 2\n')],
      [
        'add files in new and old directories',
        () => (mkdirSync(join(root, 'new/dir'), { recursive: true }), w('new/dir/f', 'f'), w('src/lib/added.ts', 'added'), w('a+', '+')),
      ],
      ['delete files, one emptying its directory', () => (unlinkSync(join(root, 'zz/deep/er/file')), unlinkSync(join(root, 'src/lib/x.ts')))],
      ['chmod +x and a link', () => (chmodSync(join(root, 'a.c'), 0o755), symlinkSync('src/main.ts', join(root, 'link')))],
      ['a file takes a directory’s place', () => (rmSync(join(root, 'a'), { recursive: true }), w('a', 'now a file'))],
      ['a directory takes a file’s place', () => (unlinkSync(join(root, 'a')), mkdirSync(join(root, 'a')), w('a/b', 'b'))],
      [
        'non-ASCII names and a link retargeted',
        () => (w('ünïcödé.txt', 'ü'), w('src/日本.ts', 'jp'), unlinkSync(join(root, 'link')), symlinkSync('README.md', join(root, 'link'))),
      ],
      ['a file grows past the size limit', () => w('src/lib/util.ts', 'x'.repeat(MAX + 1))],
      ['a FIFO where a file was', () => (unlinkSync(join(root, 'a.c')), spawnSync('mkfifo', [join(root, 'a.c')]))],
    ];
    for (const [name, edit] of rounds) {
      edit();
      const snap = takeSnapshot(store, MAX);
      try {
        check(store, prev, snap, true);
      } catch (err) {
        throw new Error(`${name}: ${(err as Error).message}`);
      }
      prev = snap;
    }
    // The same bytes written again: git's scan compares the content and names nothing.
    w('README.md', 'hello\n');
    const same = takeSnapshot(store, MAX);
    expect([same.tree, same.since]).toEqual([prev.tree, undefined]);
    // Many paths go through git (update-index), starting from the index the fast path wrote.
    for (let i = 0; i < 1100; i++) w(`many-${i}`, String(i));
    const bulk = takeSnapshot(store, MAX);
    check(store, prev, bulk, false);
    w('README.md', 'after the bulk\n');
    check(store, bulk, takeSnapshot(store, MAX), true);
  });

  it('a file gone between the scan and the read is recorded as absent, not a failed snapshot', () => {
    const { root, store } = fixture();
    takeSnapshot(store, MAX);
    // The scan listed these as changed; another process removed them before they were read.
    writeFileSync(join(root, 'src', 'main.ts'), 'changed\n');
    rmSync(join(root, 'src', 'lib', 'util.ts'));
    const r = fastSnapshot(store, indexStamp(store), ['src/main.ts', 'src/lib/util.ts', 'tmp-gone.txt', 'README.md/x'], []);
    expect(r.changes.map((c) => `${c.status} ${c.path}`).sort()).toEqual(['D src/lib/util.ts', 'M src/main.ts']);
    expect(r.tree).toBe(gitTree(store));
  });

  it("a FIFO put in a listed file's place before the read is not read (it would wait for ever): absent", () => {
    const { root, store } = fixture();
    takeSnapshot(store, MAX);
    rmSync(join(root, 'src', 'main.ts'));
    expect(spawnSync('mkfifo', [join(root, 'src', 'main.ts')]).status).toBe(0);
    const r = fastSnapshot(store, indexStamp(store), ['src/main.ts'], []);
    expect(r.changes.map((c) => `${c.status} ${c.path}`)).toEqual(['D src/main.ts']);
    expect(r.tree).toBe(gitTree(store));
  }, 20_000);

  it('a project reached through a link (its root, a parent of it) is read as usual: the check is against its real path', () => {
    const { root, store: real } = fixture();
    const link = join(root, '..', 'p-link');
    symlinkSync(root, link);
    const store = { ...real, root: link };
    const first = takeSnapshot(store, MAX);
    writeFileSync(join(root, 'src', 'main.ts'), 'through the link\n');
    symlinkSync('main.ts', join(root, 'src', 'alias.ts'));
    const snap = takeSnapshot(store, MAX);
    expect(snap.since?.changes.map((c) => `${c.status} ${c.path}`).sort()).toEqual(['A src/alias.ts', 'M src/main.ts']);
    expect(snap.tree).not.toBe(first.tree);
    expect(snap.tree).toBe(gitTree(real));
  });

  it('a directory swapped for a link to outside after the scan (and the parents check) is not read through: absent', () => {
    const { root, store } = fixture();
    takeSnapshot(store, MAX);
    // Another command of the agent's, running beside the snapshot: src/lib becomes a link to a
    // directory the container masks (the daemon, outside it, would read it).
    const outside = join(root, '..', 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'util.ts'), 'SECRET credential\n');
    symlinkSync('/etc/hostname', join(outside, 'x.ts'));
    renameSync(join(root, 'src', 'lib'), join(root, 'lib-moved'));
    symlinkSync(outside, join(root, 'src', 'lib'));
    const r = fastSnapshot(store, indexStamp(store), ['src/lib/util.ts', 'src/lib/x.ts'], []);
    const secret = spawnSync('/usr/bin/git', ['hash-object', '--stdin'], { input: 'SECRET credential\n' }).stdout.toString().trim();
    expect(spawnSync('/usr/bin/git', ['cat-file', '-e', secret], { env: gitEnv(store) }).status).not.toBe(0);
    expect(r.changes.map((c) => `${c.status} ${c.path}`).sort()).toEqual(['D src/lib/util.ts', 'D src/lib/x.ts']);
  });
});
