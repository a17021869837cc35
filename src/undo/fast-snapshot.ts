/*!
 * The snapshot of a few changed files without a git process (the common case after an agent
 * command: a handful of files written). Given the paths the scan named (snapshot.ts), it reads
 * the store's index (git-index.ts), hashes and stores each changed file (git-objects.ts), writes
 * the trees of the directories that hold a change (the others' ids come from the index's cache
 * tree) and the index; the paths that changed, and how, come out of the same pass (no
 * `diff-tree`). What `git update-index --add --replace` and `write-tree` do, without their
 * processes.
 *
 * Each file is lstat-ed before it is read, so an entry's stat data is never newer than its bytes;
 * a file modified so recently that a second write in the same clock tick could go unseen is read
 * again just before the index is written, and if it changed meanwhile its entry gets size 0 (git's
 * racy-entry rule), so that the next scan hashes it again. An entry whose file changed in this
 * second or the last gets size 0 as well (ctimeRecent), and is recorded with its size again by a
 * snapshot in a later second (unsmudgeable).
 */
import { lstatSync, realpathSync, type BigIntStats } from 'node:fs';
import { join } from 'node:path';
import { bytesOf } from './file-bytes.js';
import type { Store } from './git-store.js';
import { IndexUnsupported, modeAt, pathAt, readIndex, writeIndex, type CacheNode, type FreshEntry, type GitIndex } from './git-index.js';
import { blobId, writeBlob, writeTree } from './git-objects.js';
import type { Change } from './change.js';

/** More changed paths than this go through git (`update-index`), which is faster in bulk. */
export const FAST_MAX_PATHS = 1000;

/** A file modified this recently (ms) may be written again within the same timestamp tick. */
const RACY_MS = 1000;

const bin = (utf8: string): string => Buffer.from(utf8, 'utf8').toString('latin1');
const utf8 = (b: string): string => Buffer.from(b, 'latin1').toString('utf8');
const ZERO = '0'.repeat(40);

/** The 60 bytes of an index entry for a file with stat `st`, mode `mode`, blob `id`. */
function entryData(st: BigIntStats, mode: number, id: Buffer): Buffer {
  const d = Buffer.alloc(60);
  const fields = [
    st.ctimeNs / 1_000_000_000n,
    st.ctimeNs % 1_000_000_000n,
    st.mtimeNs / 1_000_000_000n,
    st.mtimeNs % 1_000_000_000n,
    st.dev,
    st.ino,
    BigInt(mode),
    st.uid,
    st.gid,
    st.size,
  ];
  fields.forEach((v, i) => d.writeUInt32BE(Number(BigInt.asUintN(32, v)), i * 4));
  id.copy(d, 40);
  return d;
}

/** The git mode of a file or link (as `git update-index` records it with core.filemode = true). */
export function modeOf(st: BigIntStats): number {
  if (st.isSymbolicLink()) return 0o120000;
  return Number(st.mode) & 0o100 ? 0o100755 : 0o100644;
}

/** The result of a fast snapshot: the tree, the index it was made from, and what changed since. */
export interface FastResult {
  tree: string;
  /** The identity of the index before (its tree is cached against it), and after. */
  baseStamp: string;
  stamp: string;
  changes: Change[];
  /** Entries left with size 0 for a recent change (ctimeRecent): how many, the newest ctime second. */
  smudged: { count: number; newest: number };
}

/** The first entry whose path is ≥ `p` (binary search: the index is sorted). */
export function lowerBound(ix: GitIndex, p: string): number {
  let lo = 0;
  let hi = ix.offs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (pathAt(ix, mid) < p) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** What a snapshot does to the index read: entries dropped, replaced, added. */
class Edit {
  removed = new Set<number>();
  replaced = new Map<number, number>();
  fresh: FreshEntry[] = [];
  added: number[] = [];
  /** Every path touched (binary), for the changes and the directories to rebuild. */
  touched = new Set<string>();
  constructor(readonly ix: GitIndex) {}

  find(p: string): number {
    const i = lowerBound(this.ix, p);
    return i < this.ix.offs.length && pathAt(this.ix, i) === p ? i : -1;
  }

  remove(p: string): void {
    const i = this.find(p);
    if (i < 0) return;
    this.removed.add(i);
    this.replaced.delete(i);
    this.touched.add(p);
  }

  /** Sets `p`'s entry; like --replace, drops a file named like a parent, and a directory named `p`. */
  set(p: string, data: Buffer): void {
    const f = this.fresh.push({ path: p, data }) - 1;
    this.touched.add(p);
    const i = this.find(p);
    if (i >= 0) {
      this.removed.delete(i);
      this.replaced.set(i, f);
      return;
    }
    this.added.push(f);
    for (let s = p.indexOf('/'); s >= 0; s = p.indexOf('/', s + 1)) this.remove(p.slice(0, s));
    for (let j = lowerBound(this.ix, `${p}/`); j < this.ix.offs.length && pathAt(this.ix, j).startsWith(`${p}/`); j++) this.remove(pathAt(this.ix, j));
  }

  /** True when every entry set is, byte for byte, the one it replaces, and none was added or dropped: the index stays as it is. */
  unchanged(): boolean {
    if (this.removed.size > 0 || this.added.length > 0) return false;
    for (const [i, f] of this.replaced) if (this.ix.buf.compare(this.fresh[f].data, 0, 60, this.ix.offs[i], this.ix.offs[i] + 60) !== 0) return false;
    return true;
  }

  /** The new index's entries in order: `i` ≥ 0 for entries of the index read, `-f - 1` for fresh ones. */
  list(): number[] {
    const n = this.ix.offs.length;
    // Per entry of the index read: 0 kept, -1 dropped, f + 1 replaced by fresh[f].
    const mark = new Int32Array(n);
    for (const i of this.removed) mark[i] = -1;
    for (const [i, f] of this.replaced) mark[i] = f + 1;
    const added = this.added
      .map((f) => ({ f, at: lowerBound(this.ix, this.fresh[f].path) }))
      .sort((a, b) => (this.fresh[a.f].path < this.fresh[b.f].path ? -1 : 1));
    const out = new Array<number>(n - this.removed.size + added.length);
    let o = 0;
    let j = 0;
    for (let i = 0; i < n; i++) {
      while (j < added.length && added[j].at <= i) out[o++] = -added[j++].f - 1;
      const m = mark[i];
      if (m === 0) out[o++] = i;
      else if (m > 0) out[o++] = -m;
    }
    while (j < added.length) out[o++] = -added[j++].f - 1;
    return out;
  }
}

/**
 * Records `update` (files and links to hash) and `remove` (paths to drop) in the store's index,
 * which must be the file `stamp` names (the one the scan compared; `read`: that file, read already),
 * and writes the trees. Throws IndexUnsupported when git must do it instead.
 */
export function fastSnapshot(store: Store, stamp: string, update: string[], remove: string[], read?: GitIndex | null): FastResult {
  const indexPath = join(store.gitDir, 'index');
  const objects = join(store.gitDir, 'objects');
  const ix = read ?? readIndex(indexPath, stamp);
  const edit = new Edit(ix);
  for (const p of remove) edit.remove(bin(p));
  const racy: { f: number; abs: string; st: BigIntStats }[] = [];
  const now = Date.now();
  const nowSec = Math.floor(now / 1000);
  const realRoot = realpathSync(store.root);
  for (const p of [...update, ...unsmudgeable(ix, store.root, nowSec, update, remove)]) {
    const abs = join(store.root, p);
    let st: BigIntStats;
    let bytes: Buffer;
    try {
      st = lstatSync(abs, { bigint: true }); // before the read: the entry is never newer than its bytes
      bytes = bytesOf(abs, st, join(realRoot, p));
    } catch (err) {
      // Gone since the scan listed it (a temporary file another process removed): absent, as now.
      if (!gone(err)) throw err;
      edit.remove(bin(p));
      continue;
    }
    const data = entryData(st, modeOf(st), writeBlob(objects, bytes));
    if (ctimeRecent(st.ctimeNs / 1_000_000_000n, nowSec)) data.writeUInt32BE(0, 36);
    edit.set(bin(p), data);
    if (Number(st.mtimeNs / 1_000_000n) >= now - RACY_MS) racy.push({ f: edit.fresh.length - 1, abs, st });
  }
  for (const r of racy) smudgeIfChanged(edit.fresh[r.f].data, r.abs, r.st);
  const list = edit.list();
  const { tree, node } = buildTrees(objects, edit, list);
  // Paths listed whose entries come out the same (an entry of size 0 for a recent change, its file
  // unchanged since: git's diff-files names those): no index to write.
  const after = edit.unchanged() ? ix.stamp : writeIndex(indexPath, ix, list, edit.fresh, node);
  return { tree, baseStamp: ix.stamp, stamp: after, changes: changesOf(edit), smudged: smudgedIn(edit, list, nowSec) };
}

/**
 * Changed in this second or the last: git compares whole seconds of ctime and mtime (not their
 * nanoseconds), so a later write in the same second that keeps the size and puts the mtime back
 * (`cp -p`, `touch -r`, `rsync -t`) would look unchanged. Such an entry gets size 0, like git's
 * racily clean entries: git's scans then compare its content, until a snapshot from a later
 * second records it again (unsmudgeable).
 */
export function ctimeRecent(ctimeSec: bigint | number, nowSec: number): boolean {
  return Number(ctimeSec) >= nowSec - 1;
}

/**
 * Entries of `ix` with size 0 whose ctime is no longer recent and whose file is not empty (set to
 * size 0 by an earlier snapshot, or racily clean): recorded again, with their size, so that git's
 * scans stop hashing them. Paths already being updated or removed are left out.
 */
function unsmudgeable(ix: GitIndex, root: string, nowSec: number, update: string[], remove: string[]): string[] {
  const out: string[] = [];
  let skip: Set<string> | null = null;
  const dirs = new Map<string, boolean>();
  // Never read through a link: every parent must be a real directory.
  const realDir = (d: string): boolean => {
    let ok = dirs.get(d);
    if (ok === undefined) {
      const slash = d.lastIndexOf('/');
      ok = !!lstatSync(join(root, d), { throwIfNoEntry: false })?.isDirectory() && (slash < 0 || realDir(d.slice(0, slash)));
      dirs.set(d, ok);
    }
    return ok;
  };
  const view = viewOf(ix.buf); // DataView reads: fast in code not yet optimised (this loop runs once per snapshot)
  for (let i = 0; i < ix.offs.length; i++) {
    const off = ix.offs[i];
    if (view.getUint32(off + 36) !== 0 || ctimeRecent(view.getUint32(off), nowSec)) continue;
    const type = modeAt(ix.buf, off) >>> 12;
    if (type !== 0o10 && type !== 0o12) continue; // files and links only
    const p = utf8(pathAt(ix, i));
    skip ??= new Set([...update, ...remove]);
    if (skip.has(p)) continue;
    const slash = p.lastIndexOf('/');
    if (slash >= 0 && !realDir(p.slice(0, slash))) continue;
    const st = lstatSync(join(root, p), { throwIfNoEntry: false });
    if (st && st.size > 0) out.push(p);
  }
  return out;
}

/** The entries of the new index with size 0 and a recent ctime: how many, the newest ctime second. */
function smudgedIn(edit: Edit, list: number[], nowSec: number): { count: number; newest: number } {
  let count = 0;
  let newest = 0;
  const view = viewOf(edit.ix.buf);
  for (let k = 0; k < list.length; k++) {
    const x = list[k];
    const fresh = x < 0 ? viewOf(edit.fresh[-x - 1].data) : null;
    const v = fresh ?? view;
    const off = fresh ? 0 : edit.ix.offs[x];
    const ctime = v.getUint32(off);
    if (v.getUint32(off + 36) !== 0 || !ctimeRecent(ctime, nowSec)) continue;
    count++;
    newest = Math.max(newest, ctime);
  }
  return { count, newest };
}

/** A big-endian reader over `buf`'s bytes. */
function viewOf(buf: Buffer): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** A path that no longer exists (or whose parent is no longer a directory, or is now a link). */
function gone(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP';
}

/** Git's racy-entry rule: a recent file that changed since it was hashed gets size 0 (hashed again next time). */
function smudgeIfChanged(data: Buffer, abs: string, st: BigIntStats): void {
  let same = false;
  try {
    const now = lstatSync(abs, { bigint: true });
    same = now.mtimeNs === st.mtimeNs && now.size === st.size && now.ino === st.ino && blobId(bytesOf(abs, now)) === data.toString('hex', 40, 60);
  } catch {
    /* gone: stale */
  }
  if (!same) data.writeUInt32BE(0, 36);
}

/**
 * Writes the trees of the directories holding a touched path (the others' come from the cache
 * tree, checked against the entries they cover) and returns the root tree and the new cache tree.
 */
function buildTrees(objects: string, edit: Edit, list: number[]): { tree: string; node: CacheNode } {
  const { ix, fresh } = edit;
  const rebuild = new Set<string>();
  for (const p of edit.touched) for (let s = p.lastIndexOf('/'); s > 0; s = p.lastIndexOf('/', s - 1)) rebuild.add(p.slice(0, s));
  const pathOf = (x: number) => (x >= 0 ? pathAt(ix, x) : fresh[-x - 1].path);
  const idOf = (x: number) => (x >= 0 ? ix.buf.subarray(ix.offs[x] + 40, ix.offs[x] + 60) : fresh[-x - 1].data.subarray(40, 60));
  const modeOfItem = (x: number) => (x >= 0 ? modeAt(ix.buf, ix.offs[x]) : fresh[-x - 1].data.readUInt32BE(24));
  let k = 0;
  const build = (prefix: string, old: CacheNode | undefined): CacheNode => {
    const start = k;
    const parts: Buffer[] = [];
    const node: CacheNode = { count: 0, id: null, sub: new Map() };
    const files = new Set<string>();
    while (k < list.length) {
      const p = pathOf(list[k]);
      if (!p.startsWith(prefix)) break;
      const slash = p.indexOf('/', prefix.length);
      if (slash < 0) {
        files.add(p.slice(prefix.length));
        parts.push(Buffer.from(`${modeOfItem(list[k]).toString(8)} ${p.slice(prefix.length)}\0`, 'latin1'), idOf(list[k]));
        k++;
        continue;
      }
      const dir = p.slice(0, slash);
      const name = dir.slice(prefix.length);
      if (files.has(name) || node.sub.has(name)) throw new Error(`conflicting entries for ${utf8(dir)} in the store's index`);
      const cached = old?.sub.get(name);
      let child: CacheNode;
      if (cached?.id && cached.count > 0 && !rebuild.has(dir)) {
        // Unchanged below: skip its entries, after checking the cache tree covers exactly them.
        const end = k + cached.count;
        if (end > list.length || !pathOf(list[end - 1]).startsWith(`${dir}/`) || (end < list.length && pathOf(list[end]).startsWith(`${dir}/`)))
          throw new IndexUnsupported('the cache tree does not match the index');
        child = cached;
        k = end;
      } else child = build(`${dir}/`, cached);
      node.sub.set(name, child);
      parts.push(Buffer.from(`40000 ${name}\0`, 'latin1'), child.id!);
    }
    node.count = k - start;
    node.id = writeTree(objects, Buffer.concat(parts));
    return node;
  };
  const node = build('', ix.tree ?? undefined);
  if (k !== list.length) throw new Error('index entries out of order');
  return { tree: node.id!.toString('hex'), node };
}

/** The paths whose blob or mode changed (sorted), from the entries before and after. */
function changesOf(edit: Edit): Change[] {
  const { ix } = edit;
  const before = new Map<string, [string, number]>();
  const after = new Map<string, [string, number]>();
  const at = (buf: Buffer, off: number): [string, number] => [buf.toString('hex', off + 40, off + 60), modeAt(buf, off)];
  for (const i of edit.removed) before.set(pathAt(ix, i), at(ix.buf, ix.offs[i]));
  for (const [i, f] of edit.replaced) {
    before.set(pathAt(ix, i), at(ix.buf, ix.offs[i]));
    after.set(edit.fresh[f].path, at(edit.fresh[f].data, 0));
  }
  for (const f of edit.added) after.set(edit.fresh[f].path, at(edit.fresh[f].data, 0));
  const out: Change[] = [];
  for (const p of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const a = before.get(p);
    const b = after.get(p);
    if (a && b && a[0] === b[0] && a[1] === b[1]) continue;
    const mode = (m?: [string, number]) => (m ? m[1].toString(8).padStart(6, '0') : '000000');
    out.push({ status: !a ? 'A' : !b ? 'D' : 'M', path: utf8(p), from: a ? a[0] : ZERO, to: b ? b[0] : ZERO, fromMode: mode(a), toMode: mode(b) });
  }
  return out;
}
