/*!
 * The scans of a snapshot (undo/scan.ts) against git itself, and what the snapshot makes of a
 * listing that is no longer right. The scan after a command runs in a process forked before the
 * command: it must list the disk as it is when it starts (every kind of change), and a process
 * that died, an index swapped behind the listing, or a file written after the scan must never
 * leave a change out of the snapshots for good. Also git's own stat rules through the index the
 * fast path writes: a file rewritten with the same size and modification time, in the same second
 * or later, is seen.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { ensureStore, gitEnv, gitOk, storeFor, type Store } from '../../src/undo/git-store.js';
import { takeSnapshot } from '../../src/undo/snapshot.js';
import { indexStamp, LS_FILES, startScans } from '../../src/undo/scan.js';
import { pathAt, readIndex } from '../../src/undo/git-index.js';

const MAX = 1 << 20;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function fixture(): { root: string; store: Store } {
  const base = mkdtempSync(join(tmpdir(), 'sg-scan-'));
  const root = join(base, 'p');
  mkdirSync(join(root, 'src', 'lib'), { recursive: true });
  for (const [p, text] of Object.entries({
    'README.md': 'hello\n',
    'src/main.ts': 'main\n',
    'src/lib/util.ts': 'util\n',
    'src/lib/x.ts': 'x\n',
    'gone.txt': 'bye\n',
  }))
    writeFileSync(join(root, p), text);
  writeFileSync(join(root, '.gitignore'), 'build/\n');
  const store = storeFor(root, { SHELLGATE_STATE_DIR: join(base, 'state') });
  mkdirSync(store.dir, { recursive: true });
  ensureStore(store, []);
  return { root, store };
}

/** The tree git makes of the work tree on an index of its own (same store, same excludes). */
function gitTree(store: Store): string {
  const index = join(store.dir, 'ref-index');
  rmSync(index, { force: true });
  const env = { ...gitEnv(store), GIT_INDEX_FILE: index };
  for (const args of [['add', '-A'], ['write-tree']]) {
    const r = spawnSync('/usr/bin/git', args, { env, cwd: store.root, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    if (args[0] === 'write-tree') return r.stdout.trim();
  }
  return '';
}

/**
 * A snapshot taken as if a while after the files were written: every entry gets its size (none the
 * size 0 of a recent change, which git's diff-files names until a later snapshot records it).
 */
function settledSnapshot(store: Store): ReturnType<typeof takeSnapshot> {
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    vi.setSystemTime(Date.now() + 10_000);
    return takeSnapshot(store, MAX);
  } finally {
    vi.useRealTimers();
  }
}

/** A listing as a sorted list of `tag path`. */
const items = (listing: Buffer | Error): string[] => {
  if (listing instanceof Error) throw listing;
  return listing.toString('utf8').split('\0').filter(Boolean).sort();
};

describe('the scan after a command', () => {
  it.each([
    // diff-files beside ls-files -o: a file replaced by a directory is gone (R), not modified (C).
    ['two gits side by side', true, ['? link', '? new.txt', '? src/lib/x.ts/inner', 'C src/main.ts', 'R gone.txt', 'R src/lib/x.ts']],
    ['one ls-files', false, ['? link', '? new.txt', '? src/lib/x.ts/inner', 'C gone.txt', 'C src/lib/x.ts', 'C src/main.ts', 'R gone.txt']],
  ])('lists the disk as it is when it starts, not when its process was forked (%s)', async (_how, sideBySide, expected) => {
    const { root, store } = fixture();
    settledSnapshot(store);
    const scans = startScans(store, sideBySide);
    expect(items(await scans.before.listing)).toEqual([]);
    expect(scans.after).not.toBeNull();
    // The command: a file added, one modified, one deleted, one replaced by a directory, a link, ignored output.
    writeFileSync(join(root, 'new.txt'), 'new\n');
    writeFileSync(join(root, 'src', 'main.ts'), 'main 2\n');
    unlinkSync(join(root, 'gone.txt'));
    unlinkSync(join(root, 'src', 'lib', 'x.ts'));
    mkdirSync(join(root, 'src', 'lib', 'x.ts'));
    writeFileSync(join(root, 'src', 'lib', 'x.ts', 'inner'), 'in\n');
    symlinkSync('README.md', join(root, 'link'));
    mkdirSync(join(root, 'build'));
    writeFileSync(join(root, 'build', 'out.js'), 'ignored\n');
    const after = scans.after!.start(sideBySide);
    expect(items(await after.listing)).toEqual([...expected].sort());
    if (!sideBySide) expect(items(await after.listing)).toEqual(items(gitOk(store, LS_FILES)));
    expect(takeSnapshot(store, MAX, { stamp: after.stamp, started: after.started, listing: await after.listing }).tree).toBe(gitTree(store));
  });

  it('whose process died while it waited says so, and the snapshot scans again', async () => {
    const { root, store } = fixture();
    takeSnapshot(store, MAX);
    const scans = startScans(store);
    await scans.before.listing;
    process.kill(scans.after!.pid!, 'SIGKILL');
    writeFileSync(join(root, 'src', 'main.ts'), 'changed while the scan was dead\n');
    const after = scans.after!.start();
    const listing = await after.listing;
    expect(listing).toBeInstanceOf(Error);
    const snap = takeSnapshot(store, MAX, { stamp: after.stamp, started: after.started, listing });
    expect(snap.tree).toBe(gitTree(store));
    expect(snap.since?.changes.map((c) => `${c.status} ${c.path}`)).toEqual(['M src/main.ts']);
  });

  it('that is never started or is cancelled ends without scanning, and does not keep its parent alive', async () => {
    const { store } = fixture();
    // A process that prepares the scans and returns: it exits on its own, and so does its scan process.
    const code = `const { startScans } = await import(${JSON.stringify(join(ROOT, 'dist', 'undo', 'scan.js'))});
      const s = startScans(${JSON.stringify(store)}); await s.before.listing; console.log(s.after.pid);`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const pid = Number(r.stdout.trim());
    expect(pid).toBeGreaterThan(0);
    // Its scan process saw the end of its input: it ends (exit 125) without running git.
    for (let i = 0; i < 200 && existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z'); i++) spawnSync('sleep', ['0.05']);
    expect(existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z')).toBe(false);
    // Cancelled: started anyway, it lists nothing (an error, not an empty listing).
    const cancelled = startScans(store);
    cancelled.after!.cancel();
    expect(await cancelled.after!.start().listing).toBeInstanceOf(Error);
  });
});

describe('a listing that is no longer right never loses a change', () => {
  it.each([false, true])('an index swapped between the scan and the snapshot: the listing is not used (side by side: %s)', async (sideBySide) => {
    const { root, store } = fixture();
    settledSnapshot(store);
    const old = join(store.dir, 'old-index');
    // Kept with its times, as an older index is: a copy made now would carry a newer time than the
    // entries it holds, and git (comparing whole seconds) would then trust a same-size rewrite of
    // README.md in the second those entries were recorded (its racy-entry check is against the index's time).
    cpSync(join(store.gitDir, 'index'), old, { preserveTimestamps: true });
    writeFileSync(join(root, 'src', 'main.ts'), 'second\n');
    settledSnapshot(store);
    writeFileSync(join(root, 'README.md'), 'third\n');
    const scans = startScans(store, sideBySide);
    const listing = await scans.before.listing;
    expect(items(listing)).toEqual(['C README.md']);
    // Another index takes its place (an older one: it does not know src/main.ts changed).
    cpSync(old, join(store.gitDir, 'index.new'), { preserveTimestamps: true });
    spawnSync('mv', [join(store.gitDir, 'index.new'), join(store.gitDir, 'index')]);
    const snap = takeSnapshot(store, MAX, { stamp: scans.before.stamp, started: scans.before.started, listing });
    expect(snap.tree).toBe(gitTree(store));
    scans.after!.cancel();
  });

  it('a file written after the scan listed the disk is in the next snapshot', async () => {
    const { root, store } = fixture();
    settledSnapshot(store);
    const scans = startScans(store);
    const listing = await scans.before.listing;
    writeFileSync(join(root, 'src', 'lib', 'util.ts'), 'written after the scan\n');
    takeSnapshot(store, MAX, { stamp: scans.before.stamp, started: scans.before.started, listing });
    const next = takeSnapshot(store, MAX);
    expect(next.tree).toBe(gitTree(store));
    expect(next.since?.changes.map((c) => `${c.status} ${c.path}`)).toEqual(['M src/lib/util.ts']);
    scans.after!.cancel();
  });

  it.each([
    ['in the same second as the snapshot', 0, false],
    ['a minute later', 60, false],
    ['a minute later, recorded by a snapshot without git', 60, true],
  ])('a file rewritten with the same size and a modification time %s is seen', (_when, back, fast) => {
    const { root, store } = fixture();
    const file = join(root, 'src', 'main.ts');
    const mtime = Math.floor(Date.now() / 1000) - back; // whole seconds: restored exactly
    if (fast) takeSnapshot(store, MAX);
    writeFileSync(file, 'AAAA\n');
    utimesSync(file, mtime, mtime);
    const first = takeSnapshot(store, MAX);
    expect(!!first.since).toBe(fast);
    writeFileSync(file, 'BBBB\n');
    utimesSync(file, mtime, mtime);
    expect(statSync(file).mtimeMs).toBe(mtime * 1000);
    const second = takeSnapshot(store, MAX);
    expect(second.tree).not.toBe(first.tree);
    expect(second.tree).toBe(gitTree(store));
  });

  it('entries given size 0 for a recent change are recorded with their size by a snapshot in a later second', () => {
    const { root, store } = fixture();
    takeSnapshot(store, MAX); // every file is recent: all get size 0
    const sizes = () => {
      const ix = readIndex(join(store.gitDir, 'index'), indexStamp(store));
      return ix.offs.map((off, i) => `${pathAt(ix, i)} ${ix.buf.readUInt32BE(off + 36)}`);
    };
    expect(sizes().some((s) => s.endsWith(' 0'))).toBe(true); // all, unless this machine stalled for a second
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 10_000);
      writeFileSync(join(root, 'README.md'), 'later\n');
      const snap = takeSnapshot(store, MAX);
      expect(snap.since?.changes.map((c) => `${c.status} ${c.path}`)).toEqual(['M README.md']);
      expect(snap.tree).toBe(gitTree(store));
    } finally {
      vi.useRealTimers();
    }
    expect(sizes()).toEqual(['.gitignore 7', 'README.md 6', 'gone.txt 4', 'src/lib/util.ts 5', 'src/lib/x.ts 2', 'src/main.ts 5']);
    expect(gitOk(store, ['ls-files', '-m', '-d', '-z']).toString()).toBe('');
  });

  it('many entries given size 0 are recorded again once their second has passed, even when nothing changed', () => {
    const { root, store } = fixture();
    for (let i = 0; i < 30; i++) writeFileSync(join(root, `f${i}.txt`), `file ${i}\n`);
    const first = takeSnapshot(store, MAX);
    const zeros = () => {
      const ix = readIndex(join(store.gitDir, 'index'), indexStamp(store));
      return ix.offs.filter((off) => ix.buf.readUInt32BE(off + 36) === 0).length;
    };
    const recent = zeros(); // all 36, unless this machine stalled for a second
    expect(recent).toBeGreaterThanOrEqual(20);
    expect(takeSnapshot(store, MAX).tree).toBe(first.tree); // still recent: left as they are
    expect(zeros()).toBe(recent);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 10_000);
      const later = takeSnapshot(store, MAX);
      expect(later.tree).toBe(first.tree);
      expect(later.since?.changes).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
    expect(zeros()).toBe(0);
    expect(gitOk(store, ['ls-files', '-m', '-d', '-z']).toString()).toBe('');
  });
});

describe('the scan after a command: diff-files beside ls-files -o', () => {
  /** The same changes in any fixture: deleted, modified, rewritten racily, type and mode changed, untracked, ignored. */
  function act(root: string, second: number): void {
    unlinkSync(join(root, 'gone.txt'));
    writeFileSync(join(root, 'src', 'main.ts'), 'main, longer now\n');
    // Same size, the modification time put back, in the second of the snapshot before (racily clean for git).
    const readme = join(root, 'README.md');
    writeFileSync(readme, 'HELLO\n');
    utimesSync(readme, second, second);
    unlinkSync(join(root, 'src', 'lib', 'x.ts'));
    symlinkSync('util.ts', join(root, 'src', 'lib', 'x.ts'));
    spawnSync('chmod', ['+x', join(root, 'src', 'lib', 'util.ts')]);
    writeFileSync(join(root, 'new.txt'), 'new\n');
    mkdirSync(join(root, 'build'));
    writeFileSync(join(root, 'build', 'out.js'), 'ignored\n');
  }

  it('records what one ls-files -o -m -d would have the snapshot record', async () => {
    const a = fixture();
    const b = fixture();
    const second = Math.floor(Date.now() / 1000);
    for (const f of [a, b]) {
      utimesSync(join(f.root, 'README.md'), second, second);
      takeSnapshot(f.store, MAX); // entries of size 0: all were written this second
      act(f.root, second);
    }
    const scans = startScans(a.store);
    await scans.before.listing;
    const after = scans.after!.start(true);
    const listing = await after.listing;
    const viaScans = takeSnapshot(a.store, MAX, { stamp: after.stamp, started: after.started, listing });
    const viaLsFiles = takeSnapshot(b.store, MAX);
    const changes = (s: typeof viaScans) => s.since?.changes.map((c) => `${c.status} ${c.path} ${c.fromMode}>${c.toMode}`);
    expect(changes(viaScans)).toEqual(changes(viaLsFiles));
    expect(changes(viaScans)).toEqual([
      'M README.md 100644>100644',
      'D gone.txt 100644>000000',
      'A new.txt 000000>100644',
      'M src/lib/util.ts 100644>100755',
      'M src/lib/x.ts 100644>120000',
      'M src/main.ts 100644>100644',
    ]);
    expect(viaScans.tree).toBe(viaLsFiles.tree);
    expect(viaScans.tree).toBe(gitTree(a.store));
  });

  it('entries of size 0 whose files did not change are named, compared by content, and cost no index write', async () => {
    const { root, store } = fixture();
    const first = takeSnapshot(store, MAX); // every file is recent: all get size 0
    const stamp = indexStamp(store);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(statSync(join(root, 'README.md')).ctimeMs); // still the second they were written
      const scans = startScans(store);
      await scans.before.listing;
      const after = scans.after!.start(true);
      const listing = await after.listing;
      expect(items(listing)).toContain('C README.md'); // diff-files names it: its size is not the file's
      const again = takeSnapshot(store, MAX, { stamp: after.stamp, started: after.started, listing });
      expect(again.tree).toBe(first.tree);
      expect(indexStamp(store)).toBe(stamp);
    } finally {
      vi.useRealTimers();
    }
  });
});
