// The classifier daemon reuses directory listings of the `.env*` search only when the directory
// provably did not change (src/contain/listing-cache.ts). A listing "read 10 s after the last
// change" is simulated with a clock that runs 10 s ahead; every change below is a real one, and the
// next listing must show it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import picomatch from 'picomatch';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cachedLister, clearListingCache } from '../../src/contain/listing-cache.js';
import { findByName } from '../../src/sandbox/name-search.js';

const ahead = () => BigInt(Date.now() + 10_000) * 1_000_000n;
const names = (l: { name: string }[]) => l.map((e) => e.name);
let root: string;

/** Changes `dir` until its ctime differs from `before` (the kernel's clock is coarse: a few ms). */
function changeUntilNewCtime(dir: string, before: bigint, change: () => void): void {
  change();
  for (let i = 0; statSync(dir, { bigint: true }).ctimeNs === before && i < 1_000_000; i++) {
    writeFileSync(join(dir, '.tick'), '');
    rmSync(join(dir, '.tick'));
  }
}

beforeEach(() => {
  clearListingCache();
  root = realpathSync(mkdtempSync(join(tmpdir(), 'sg-listing-')));
  mkdirSync(join(root, 'a', 'b'), { recursive: true });
  writeFileSync(join(root, 'a', 'b', 'main.txt'), 'x');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('listings of unchanged directories are reused', () => {
  it('a settled directory is read once (the same listing comes back)', () => {
    const list = cachedLister(root, ahead);
    const first = list(join(root, 'a', 'b'));
    expect(names(first)).toEqual(['main.txt']);
    expect(list(join(root, 'a', 'b'))).toBe(cachedLister(root, ahead)(join(root, 'a', 'b')));
  });

  it('a directory changed within the last seconds is always read again', () => {
    const list = cachedLister(root); // the real clock: a.b was made just now
    const first = list(join(root, 'a', 'b'));
    expect(list(join(root, 'a', 'b'))).not.toBe(first);
    expect(list(join(root, 'a', 'b'))).toEqual(first);
  });
});

describe('a change is never missed', () => {
  const dir = () => join(root, 'a', 'b');
  const cached = () => {
    const list = cachedLister(root, ahead);
    list(dir());
    return { list, st: statSync(dir(), { bigint: true }) };
  };

  it('a file added', () => {
    const { list, st } = cached();
    changeUntilNewCtime(dir(), st.ctimeNs, () => writeFileSync(join(dir(), '.env'), 'S=1'));
    expect(names(list(dir()))).toEqual(['.env', 'main.txt']);
  });

  it('a file added, then the old mtime put back (utimes cannot put back the ctime)', () => {
    const { list, st } = cached();
    changeUntilNewCtime(dir(), st.ctimeNs, () => writeFileSync(join(dir(), '.env'), 'S=1'));
    const ns = st.mtimeNs.toString();
    spawnSync('touch', ['-m', '-d', `@${ns.slice(0, -9)}.${ns.slice(-9)}`, dir()]); // to the nanosecond
    expect(statSync(dir(), { bigint: true }).mtimeNs).toBe(st.mtimeNs);
    expect(names(list(dir()))).toEqual(['.env', 'main.txt']);
  });

  it('the directory replaced by another of the same name', () => {
    const { list } = cached();
    rmSync(dir(), { recursive: true });
    mkdirSync(dir());
    writeFileSync(join(dir(), '.env.local'), 'S=1');
    expect(names(list(dir()))).toEqual(['.env.local']);
  });

  it('the directory gone', () => {
    const { list } = cached();
    rmSync(dir(), { recursive: true });
    expect(list(dir())).toEqual([]);
  });

  it('a whole search, with a tree renamed in below a cached directory', () => {
    const isEnv = picomatch(['.env*'], { dot: true });
    const lister = (r: string) => cachedLister(r, ahead);
    expect(findByName(root, isEnv, undefined, lister).files).toEqual([]);
    const outside = realpathSync(mkdtempSync(join(tmpdir(), 'sg-listing-out-')));
    mkdirSync(join(outside, 'deep'));
    writeFileSync(join(outside, 'deep', '.env.production'), 'DB=prod');
    const st = statSync(dir(), { bigint: true });
    changeUntilNewCtime(dir(), st.ctimeNs, () => renameSync(outside, join(dir(), 'moved')));
    expect(findByName(root, isEnv, undefined, lister).files).toEqual([join(dir(), 'moved', 'deep', '.env.production')]);
  });
});
