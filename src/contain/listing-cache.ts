/*!
 * Directory listings of the `.env*` search (sandbox/name-search.ts), kept by the classifier daemon
 * across agent commands: the search reads every directory of the project on every command, and a
 * directory that did not change needs one stat instead of a read.
 *
 * A listing is reused only when the directory provably did not change since it was read:
 * - same device, inode, mtime and ctime (nanoseconds). Adding, removing or renaming an entry sets
 *   the directory's mtime and ctime; a directory replaced by another has another inode and ctime.
 *   A program can put an old mtime back (utimensat), never an old ctime: that takes the clock.
 * - the listing was read more than SETTLED_NS after the directory's last change. Timestamps come
 *   from a coarse clock and some file systems round them (ext3: 1 s, FAT: 2 s): a change made just
 *   after the read could otherwise carry the very timestamp that was cached ("racy git"). With the
 *   margin, any later change carries a later one.
 * - the directory is on the walk root's file system, and that is a local one (statfs): a network
 *   file system's timestamps come from another machine's clock.
 * Everything else is read afresh. Which entries match (a link to a file, or now to a directory) is
 * decided after the listing, on every search (mask-patterns.ts), so it is never cached. The cache
 * only ever saves reads; the search, its order and its budget are the same as without it.
 */
import { readdirSync, statfsSync, statSync, type BigIntStats } from 'node:fs';
import type { Listed } from '../sandbox/name-search.js';

/** How long a directory must have been unchanged before its listing is kept (see above). */
const SETTLED_NS = 3_000_000_000n;
/** Directories remembered; past this the cache starts again (a daemon serves a few projects). */
const MAX_DIRS = 50_000;

/** File systems whose timestamps are set by this machine's clock (statfs f_type). */
const LOCAL_FS = new Set([
  0xef53, // ext2/3/4
  0x58465342, // xfs
  0x9123683e, // btrfs
  0x01021994, // tmpfs
  0x794c7630, // overlayfs
  0xf2f52010, // f2fs
  0x2fc12fc1, // zfs
  0xca451a4e, // bcachefs
]);

interface Kept {
  st: BigIntStats;
  entries: Listed[];
}

const kept = new Map<string, Kept>();

function same(a: BigIntStats, b: BigIntStats): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}

function listSorted(dir: string): Listed[] {
  try {
    // Code-unit order, as name-search.ts sorts (localeCompare costs milliseconds per directory).
    return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return [];
  }
}

/**
 * A lister for one search below `root` (name-search.ts `findByName(…, lister)`): listings of
 * directories on `root`'s local file system are reused as the header says; anything else is read.
 */
export function cachedLister(root: string, clockNs: () => bigint = wallClockNs): (dir: string) => Listed[] {
  let rootDev: bigint | null = null;
  try {
    const st = statSync(root, { bigint: true });
    if (LOCAL_FS.has(Number(statfsSync(root).type))) rootDev = st.dev;
  } catch {
    /* unknown: nothing is reused */
  }
  return (dir) => {
    let st: BigIntStats;
    try {
      st = statSync(dir, { bigint: true });
    } catch {
      kept.delete(dir);
      return [];
    }
    const hit = kept.get(dir);
    if (hit && same(hit.st, st)) return hit.entries;
    const readAt = clockNs();
    const entries = listSorted(dir);
    const settled = st.mtimeNs < readAt - SETTLED_NS && st.ctimeNs < readAt - SETTLED_NS;
    if (rootDev !== null && st.dev === rootDev && settled) {
      if (kept.size >= MAX_DIRS) kept.clear();
      // Only what the search uses: the name and whether it is a directory (not a link to one).
      kept.set(dir, { st, entries: entries.map((e) => ({ name: e.name, dir: e.isDirectory() })).map(toListed) });
    } else {
      kept.delete(dir);
    }
    return entries;
  };
}

function wallClockNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

function toListed(e: { name: string; dir: boolean }): Listed {
  return { name: e.name, isDirectory: () => e.dir };
}

/** Forgets every listing (tests). */
export function clearListingCache(): void {
  kept.clear();
}
