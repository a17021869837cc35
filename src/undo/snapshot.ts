/*!
 * One snapshot of a project's files into its store (git-store.ts): the git tree of the work tree,
 * tracked and untracked files alike, ignored paths and oversized files left out. Unchanged files
 * cost a stat, not a read: git compares the store's index with the disk (scan.ts: `diff-files`
 * beside `ls-files -o`, or one `ls-files -o -m -d`), and only the paths it names are hashed
 * (`update-index`, or fast-snapshot.ts) before `write-tree`; entries of size 0 that diff-files
 * names though their file did not change are left as they are (smudged.ts).
 * A path that cannot be recorded (too big, not a file or link, a nested repository) is removed
 * from the index, never left there with old content: a snapshot is either current or an error.
 * The caller holds the store's lock.
 */
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { gitOk, type Store } from './git-store.js';
import { indexStamp, LS_FILES, PRESCAN_FRESH_MS } from './scan.js';
import { IndexUnsupported, smudgeEntries } from './git-index.js';
import { ctimeRecent, FAST_MAX_PATHS, fastSnapshot } from './fast-snapshot.js';
import type { Change } from './change.js';
import { unchangedRecent } from './smudged.js';
import { cachedTree, cacheTree, type Smudged, type TreeCache } from './tree-cache.js';

export type { Change } from './change.js';

/** What a snapshot left out, and why (for the docs' "not recorded" list and the audit log). */
export interface LeftOut {
  path: string;
  why: 'too big' | 'not a file' | 'nested repository';
}

export interface Snapshot {
  tree: string;
  leftOut: LeftOut[];
  /** When known without `diff-tree` (fast-snapshot.ts): the tree this one was made from, and what changed since. */
  since?: { tree: string; changes: Change[] };
}

const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/** Parses `ls-files -t -z` output: path → tag (R wins over C: a deleted file is listed as both). */
function parseListing(out: Buffer): Map<string, string> {
  const map = new Map<string, string>();
  for (const item of out.toString('utf8').split('\0')) {
    if (item.length < 3) continue;
    const tag = item[0];
    const path = item.slice(2);
    if (map.get(path) !== 'R') map.set(path, tag);
  }
  return map;
}

interface Plan {
  update: string[];
  forceRemove: string[];
  leftOut: LeftOut[];
}

/** True when every parent directory of `rel` is a real directory (not a link), cached per directory. */
function parentsReal(root: string, rel: string, cache: Map<string, boolean>): boolean {
  const slash = rel.lastIndexOf('/');
  if (slash < 0) return true;
  const dir = rel.slice(0, slash);
  let ok = cache.get(dir);
  if (ok === undefined) {
    try {
      ok = lstatSync(join(root, dir)).isDirectory() && parentsReal(root, dir, cache);
    } catch {
      ok = false;
    }
    cache.set(dir, ok);
  }
  return ok;
}

function planUpdates(root: string, listing: Map<string, string>, maxFileBytes: number): Plan {
  const plan: Plan = { update: [], forceRemove: [], leftOut: [] };
  const dirs = new Map<string, boolean>();
  for (const [path, tag] of listing) {
    const tracked = tag !== '?';
    if (path.endsWith('/')) {
      plan.leftOut.push({ path, why: 'nested repository' });
      continue;
    }
    let st;
    try {
      // Beyond a link (a directory replaced by a link) counts as gone: never read through it.
      st = parentsReal(root, path, dirs) ? lstatSync(join(root, path)) : null;
    } catch {
      st = null;
    }
    if (!st || st.isDirectory()) {
      // Gone, or a file replaced by a directory (whose files are listed on their own).
      if (tracked) plan.forceRemove.push(path);
      continue;
    }
    const why = st.isSymbolicLink() || st.isFile() ? (st.isFile() && st.size > maxFileBytes ? 'too big' : null) : 'not a file';
    if (why === null) plan.update.push(path);
    else {
      plan.leftOut.push({ path, why });
      if (tracked) plan.forceRemove.push(path);
    }
  }
  return plan;
}

/** After git wrote the index: its entries changed in this second or the last get size 0 (fast-snapshot.ts ctimeRecent). */
function smudgeRecent(store: Store): Smudged {
  const nowSec = Math.floor(Date.now() / 1000);
  try {
    return smudgeEntries(join(store.gitDir, 'index'), indexStamp(store), (ctime) => ctimeRecent(ctime, nowSec));
  } catch (err) {
    if (!(err instanceof IndexUnsupported)) throw err; // else as git left it
    return { count: 0, newest: 0 };
  }
}

/** The tree of the index, cached against the index file's identity (no process when unchanged). */
function indexTree(store: Store, changed: boolean): string {
  const stamp = indexStamp(store);
  if (stamp === 'none' && !changed) return EMPTY_TREE;
  const cached = changed ? null : cachedTree(store, stamp);
  if (cached) return cached.tree;
  const tree = gitOk(store, ['write-tree']).toString('utf8').trim();
  const smudged = smudgeRecent(store);
  cacheTree(store, indexStamp(store), tree, smudged);
  return tree;
}

/** So many entries with size 0 are worth an index write of their own once their second has passed (else the next change records them). */
const UNSMUDGE_AT = 20;

/** True when many entries have size 0 for a change that is no longer recent: git's scans hash each of them every time. */
function unsmudgeDue(c: TreeCache | null): boolean {
  return !!c && c.smudged.count >= UNSMUDGE_AT && !ctimeRecent(c.smudged.newest, Math.floor(Date.now() / 1000));
}

/**
 * Thrown by a `gitless` snapshot (the classifier daemon's) before it changed anything, when it would
 * need a git process that reads the work tree: a scan, or `update-index` for many paths.
 */
export class NeedsGit extends Error {
  constructor() {
    super('this snapshot needs git');
  }
}

/** The most paths a `gitless` snapshot looks at (FAST_MAX_PATHS, with room for listed paths that are gone). */
const GITLESS_MAX_LISTED = 2 * FAST_MAX_PATHS;

/**
 * Takes a snapshot of the work tree; throws (with git's message) when it cannot. `listing` is a
 * scan started earlier, used only when the index has not changed since it started. `gitless`: no
 * git that reads the work tree (a FIFO there can make it wait for ever), else NeedsGit; only `git
 * write-tree`, which reads the store alone.
 */
export function takeSnapshot(
  store: Store,
  maxFileBytes: number,
  early?: { stamp: string; started: number; listing: Buffer | Error },
  opts: { gitless?: boolean } = {},
): Snapshot {
  const usable = early && !(early.listing instanceof Error) && early.stamp === indexStamp(store) && Date.now() - early.started < PRESCAN_FRESH_MS;
  const needGit = () => {
    if (opts.gitless) throw new NeedsGit();
  };
  if (!usable) needGit();
  // The index the listing compared the disk with (the fast path reads that very file, or none).
  const stamp = usable ? early.stamp : indexStamp(store);
  const listing = parseListing(usable ? (early.listing as Buffer) : gitOk(store, LS_FILES));
  // More paths than the fast path takes, give or take those gone since: git would do it anyway, and
  // the daemon would first lstat each one on its event loop (300,000: ≈3 s of its other clients' wait).
  if (listing.size > GITLESS_MAX_LISTED) needGit();
  const plan = planUpdates(store.root, listing, maxFileBytes);
  // Entries of size 0 named though unchanged (diff-files does): left as they are; the index read is
  // the fast path's (more paths than it takes go through git, which compares them itself).
  const tracked = plan.update.filter((p) => listing.get(p) === 'C');
  const recent = stamp === 'none' || tracked.length > FAST_MAX_PATHS ? null : unchangedRecent(store, stamp, tracked);
  if (recent?.same.size) plan.update = plan.update.filter((p) => !recent.same.has(p));
  const paths = plan.update.length + plan.forceRemove.length;
  if ((paths > 0 || (stamp !== 'none' && unsmudgeDue(cachedTree(store, stamp)))) && paths <= FAST_MAX_PATHS && stamp !== 'none') {
    try {
      const r = fastSnapshot(store, stamp, plan.update, plan.forceRemove, recent?.index);
      const base = cachedTree(store, r.baseStamp)?.tree;
      cacheTree(store, r.stamp, r.tree, r.smudged);
      return { tree: r.tree, leftOut: plan.leftOut, since: base ? { tree: base, changes: r.changes } : undefined };
    } catch (err) {
      if (!(err instanceof IndexUnsupported)) throw err; // else git does it
    }
  }
  if (paths > 0) needGit();
  if (plan.forceRemove.length > 0) gitOk(store, ['update-index', '-z', '--force-remove', '--stdin'], plan.forceRemove.join('\0') + '\0');
  // --replace: a file that takes a directory's place (or the reverse) drops the entries in its way;
  // --remove: a file gone since the scan listed it (another process's temporary file) is absent.
  if (plan.update.length > 0) gitOk(store, ['update-index', '-z', '--add', '--replace', '--remove', '--stdin'], plan.update.join('\0') + '\0');
  const tree = indexTree(store, paths > 0);
  return { tree, leftOut: plan.leftOut };
}

/** The paths that differ between two trees (type changes count as modified). */
export function diffTrees(store: Store, a: string, b: string): Change[] {
  if (a === b) return [];
  const out = gitOk(store, ['diff-tree', '-r', '-z', '--no-renames', '--raw', a, b]).toString('utf8').split('\0');
  const changes: Change[] = [];
  for (let i = 0; i + 1 < out.length; i += 2) {
    const meta = out[i].replace(/^:/, '').split(' ');
    if (meta.length < 5) continue;
    const s = meta[4][0];
    changes.push({ status: s === 'A' ? 'A' : s === 'D' ? 'D' : 'M', path: out[i + 1], fromMode: meta[0], toMode: meta[1], from: meta[2], to: meta[3] });
  }
  return changes;
}
