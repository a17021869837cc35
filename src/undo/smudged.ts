/*!
 * Entries of the store's index given size 0 for a recent change (fast-snapshot.ts ctimeRecent)
 * whose file has not changed since. `git diff-files` (the scans, scan.ts) names them, their size
 * differing from the file's; `git ls-files -m` compares their content and does not. unchangedRecent
 * finds them as ls-files does (same mode, same bytes), so that a scan of a project that did not
 * change costs no index write (snapshot.ts). Only while their change is recent: once it is not, the
 * snapshot records them again with their size (and the scans stop naming them).
 */
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from './git-store.js';
import { modeAt, pathAt, readIndex, type GitIndex } from './git-index.js';
import { ctimeRecent, lowerBound, modeOf } from './fast-snapshot.js';
import { bytesOf } from './file-bytes.js';
import { blobId } from './git-objects.js';

/**
 * Of `paths` (tracked files the scan named, their parents real directories), those whose entry in
 * the index `stamp` names has size 0 while the file, changed this second or the last, has the
 * entry's mode and bytes (none when the index cannot be read here: they are then recorded again),
 * and the index read, for the snapshot to use.
 */
export function unchangedRecent(store: Store, stamp: string, paths: string[]): { same: Set<string>; index: GitIndex | null } {
  const same = new Set<string>();
  if (paths.length === 0) return { same, index: null };
  let ix: GitIndex;
  try {
    ix = readIndex(join(store.gitDir, 'index'), stamp);
  } catch {
    return { same, index: null };
  }
  const nowSec = Math.floor(Date.now() / 1000);
  for (const p of paths) {
    const name = Buffer.from(p, 'utf8').toString('latin1');
    const i = lowerBound(ix, name);
    if (i >= ix.offs.length || pathAt(ix, i) !== name) continue;
    const off = ix.offs[i];
    if (ix.buf.readUInt32BE(off + 36) !== 0) continue; // its stat data really differ
    try {
      const abs = join(store.root, p);
      const st = lstatSync(abs, { bigint: true });
      if (!(st.isFile() || st.isSymbolicLink()) || !ctimeRecent(st.ctimeNs / 1_000_000_000n, nowSec) || modeOf(st) !== modeAt(ix.buf, off)) continue;
      if (blobId(bytesOf(abs, st)) === ix.buf.toString('hex', off + 40, off + 60)) same.add(p);
    } catch {
      /* gone since: listed as it was */
    }
  }
  return { same, index: ix };
}
