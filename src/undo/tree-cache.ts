/*!
 * The cache of the store's index tree (`index-tree`, for snapshot.ts): the index file's identity,
 * its tree, how many of its entries were given size 0 for a recent change (fast-snapshot.ts
 * ctimeRecent) and the newest second of those, and a check of all of it. A command that changed
 * nothing then costs no `git write-tree`. Padded to a fixed size and overwritten in place (a
 * truncated and rewritten file is flushed to the disk on close by ext4: ≈1 ms); a torn or foreign
 * content fails the check and counts as no cache.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from './git-store.js';

/** Entries with size 0 for a recent change: how many, and the newest ctime second among them. */
export interface Smudged {
  count: number;
  newest: number;
}

export interface TreeCache {
  tree: string;
  smudged: Smudged;
}

const TREE_CACHE_BYTES = 160;

function check(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 16);
}

/** The cache for the index whose identity is `stamp`, or null. */
export function cachedTree(store: Store, stamp: string): TreeCache | null {
  try {
    const [s, tree, smudged, sum] = readFileSync(join(store.dir, 'index-tree'), 'utf8').split('\n');
    const [count, newest] = (smudged ?? '').split(' ').map(Number);
    if (s === stamp && /^[0-9a-f]{40}$/.test(tree) && sum === check(`${s}\n${tree}\n${smudged}`) && count >= 0 && newest >= 0)
      return { tree, smudged: { count, newest } };
  } catch {
    /* no cache */
  }
  return null;
}

export function cacheTree(store: Store, stamp: string, tree: string, smudged: Smudged): void {
  const body = `${stamp}\n${tree}\n${smudged.count} ${smudged.newest}`;
  const text = Buffer.from(`${body}\n${check(body)}\n`.padEnd(TREE_CACHE_BYTES, ' '), 'utf8');
  if (text.length !== TREE_CACHE_BYTES) throw new Error('index identity too long for the tree cache');
  const path = join(store.dir, 'index-tree');
  let fd: number;
  try {
    fd = openSync(path, 'r+');
  } catch {
    fd = openSync(path, 'w', 0o600);
  }
  try {
    if (writeSync(fd, text, 0, text.length, 0) !== text.length) throw new Error(`cannot write ${path}`);
  } finally {
    closeSync(fd);
  }
}
