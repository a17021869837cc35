/*!
 * Reads and writes the store's git index (the `index` file of its GIT_DIR) without a git
 * process, for the snapshot of a few changed files (fast-snapshot.ts). Versions 2–4 are read;
 * version 2 is written, with its cache tree (the `TREE` extension: each directory's tree id and
 * entry count), so that unchanged entries are copied as bytes and unchanged directories are
 * neither read nor hashed again. Anything this reader does not know (conflict stages, extended
 * flags, another signature or version) is `IndexUnsupported`: the caller falls back to git's own
 * `update-index`. Paths are binary strings (one char per byte, `latin1`), so that comparing them
 * compares their bytes, as git does. After git itself wrote the index, smudgeEntries gives size 0
 * to entries that changed too recently for git's whole-second stat check (fast-snapshot.ts).
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, linkSync, openSync, readFileSync, renameSync, rmSync, unlink, unlinkSync, writevSync } from 'node:fs';

/** The index cannot be handled here (the caller uses git instead). */
export class IndexUnsupported extends Error {}

/** One directory of the cache tree: entries below it, its tree id (null: not valid), subdirectories. */
export interface CacheNode {
  count: number;
  id: Buffer | null;
  sub: Map<string, CacheNode>;
}

/** A read index: entry i's 60 bytes of stat data and blob id start at `offs[i]` in `buf`. */
export interface GitIndex {
  buf: Buffer;
  version: number;
  /** The identity of the file read (mtime, size, inode). */
  stamp: string;
  offs: number[];
  /** Path lengths in bytes; names, filled on demand (version 4: all, while reading). */
  lens: number[];
  names: (string | undefined)[];
  tree: CacheNode | null;
}

export const modeAt = (buf: Buffer, off: number): number => buf.readUInt32BE(off + 24);

/** Entry i's path. */
export function pathAt(ix: GitIndex, i: number): string {
  return (ix.names[i] ??= ix.buf.toString('latin1', ix.offs[i] + 62, ix.offs[i] + 62 + ix.lens[i]));
}

/** Git's varint of index version 4. */
function readVarint(buf: Buffer, at: number): [number, number] {
  let c = buf[at++];
  let v = c & 127;
  while (c & 128) {
    c = buf[at++];
    v = ((v + 1) << 7) + (c & 127);
  }
  return [v, at];
}

function stampOf(fd: number): string {
  const st = fstatSync(fd);
  return `${st.mtimeMs} ${st.size} ${st.ino}`;
}

/** The index read ahead of its use (readAhead), and where from. */
let ahead: { path: string; ix: GitIndex } | null = null;

/**
 * Reads the index at `path` now, while a scan runs (the snapshot after it then needs no read of
 * its own): kept for readIndex when the file is still the one `stamp` names. Read-only use only.
 * Never throws (a failed read is tried again by readIndex).
 */
export function readAhead(path: string, stamp: string): void {
  if (stamp === 'none' || (ahead?.path === path && ahead.ix.stamp === stamp)) return;
  try {
    ahead = { path, ix: readIndex(path, stamp) };
  } catch {
    ahead = null;
  }
}

/**
 * Reads the index at `path`. Its checksum is not verified again: `expect` is the identity of the
 * file git's scan has just read (and verified); another file there is IndexUnsupported. The same
 * file read ahead (readAhead) is not read again: its identity is what the caller has just found.
 */
export function readIndex(path: string, expect: string): GitIndex {
  if (ahead?.path === path && ahead.ix.stamp === expect) return ahead.ix;
  const fd = openSync(path, 'r');
  let buf: Buffer;
  let stamp: string;
  try {
    stamp = stampOf(fd);
    if (stamp !== expect) throw new IndexUnsupported('the index changed since the scan');
    buf = readFileSync(fd);
  } finally {
    closeSync(fd);
  }
  if (buf.length < 32 || buf.toString('latin1', 0, 4) !== 'DIRC') throw new IndexUnsupported('not an index');
  const version = buf.readUInt32BE(4);
  if (version < 2 || version > 4) throw new IndexUnsupported(`index version ${version}`);
  const count = buf.readUInt32BE(8);
  const offs = new Array<number>(count);
  const lens = new Array<number>(count);
  const names = new Array<string | undefined>(count);
  let at = 12;
  let prev = '';
  for (let i = 0; i < count; i++) {
    const flags = buf.readUInt16BE(at + 60);
    if (flags & 0x7000) throw new IndexUnsupported('conflict stages or extended flags in the index');
    offs[i] = at;
    if (version === 4) {
      const [strip, p] = readVarint(buf, at + 62);
      const end = buf.indexOf(0, p);
      if (end < 0 || strip > prev.length) throw new IndexUnsupported('bad index entry');
      prev = names[i] = prev.slice(0, prev.length - strip) + buf.toString('latin1', p, end);
      lens[i] = prev.length;
      at = end + 1;
    } else {
      let len = flags & 0xfff;
      if (len === 0xfff) len = buf.indexOf(0, at + 62) - (at + 62);
      lens[i] = len;
      at += (62 + len + 8) & ~7;
    }
  }
  return { buf, version, stamp, offs, lens, names, tree: readExtensions(buf, at) };
}

/** The cache tree from the index's extensions (null when absent). */
function readExtensions(buf: Buffer, at: number): CacheNode | null {
  while (at + 8 <= buf.length - 20) {
    const size = buf.readUInt32BE(at + 4);
    if (buf.toString('latin1', at, at + 4) === 'TREE') return size > 0 ? readNode(buf, at + 8)[0] : null;
    at += 8 + size;
  }
  return null;
}

function readNode(buf: Buffer, at: number): [CacheNode, string, number] {
  const nul = buf.indexOf(0, at);
  const nl = buf.indexOf(10, nul);
  const name = buf.toString('latin1', at, nul);
  const [count, subs] = buf
    .toString('latin1', nul + 1, nl)
    .split(' ')
    .map(Number);
  let p = nl + 1;
  const node: CacheNode = { count, id: null, sub: new Map() };
  if (count >= 0) {
    node.id = buf.subarray(p, p + 20);
    p += 20;
  }
  for (let i = 0; i < subs; i++) {
    const [child, childName, q] = readNode(buf, p);
    node.sub.set(childName, child);
    p = q;
  }
  return [node, name, p];
}

function writeNode(name: string, node: CacheNode, out: Buffer[]): void {
  out.push(Buffer.from(`${name}\0${node.id ? node.count : -1} ${node.sub.size}\n`, 'latin1'));
  if (node.id) out.push(node.id);
  for (const [n, c] of node.sub) writeNode(n, c, out);
}

/** An entry not from the index read: its path and 60 bytes. */
export interface FreshEntry {
  path: string;
  data: Buffer;
}

/** Writes `pieces` in order at the file's offset, few at a time (one `writev` per 1,024, not one `write` each). */
function writeAll(fd: number, pieces: Buffer[]): void {
  let rest = pieces;
  while (rest.length > 0) {
    const batch = rest.slice(0, 1024);
    let n = writevSync(fd, batch);
    let i = 0;
    while (i < batch.length && n >= batch[i].length) n -= batch[i++].length;
    // A short write: the rest of a piece, then the pieces after it.
    rest = i < batch.length ? [batch[i].subarray(n), ...batch.slice(i + 1), ...rest.slice(batch.length)] : rest.slice(batch.length);
  }
}

/**
 * Writes the index at `path` (version 2): `list` in order, each item an entry of `src` (i ≥ 0,
 * copied as bytes from a version 2 or 3 index) or `fresh[-i - 1]`, then the cache tree `tree`
 * (replaceLocked). Returns the new file's identity.
 */
export function writeIndex(path: string, src: GitIndex, list: number[], fresh: FreshEntry[], tree: CacheNode): string {
  const sizeOf = (len: number) => (62 + len + 8) & ~7;
  // The file in pieces: runs of the index read are not copied, only hashed and written.
  const header = Buffer.alloc(12);
  header.write('DIRC', 0, 'latin1');
  header.writeUInt32BE(2, 4);
  header.writeUInt32BE(list.length, 8);
  const pieces: Buffer[] = [header];
  const copyRaw = src.version !== 4;
  for (let k = 0; k < list.length; k++) {
    const i = list[k];
    if (i >= 0 && copyRaw) {
      let j = k;
      while (j + 1 < list.length && list[j + 1] === list[j] + 1) j++;
      pieces.push(src.buf.subarray(src.offs[i], src.offs[list[j]] + sizeOf(src.lens[list[j]])));
      k = j;
      continue;
    }
    const [data, name] = i >= 0 ? [src.buf.subarray(src.offs[i], src.offs[i] + 60), pathAt(src, i)] : [fresh[-i - 1].data, fresh[-i - 1].path];
    const entry = Buffer.alloc(sizeOf(name.length));
    data.copy(entry, 0);
    entry.writeUInt16BE(Math.min(name.length, 0xfff), 60);
    entry.write(name, 62, 'latin1');
    pieces.push(entry);
  }
  const ext: Buffer[] = [];
  writeNode('', tree, ext);
  const extHeader = Buffer.alloc(8);
  extHeader.write('TREE', 0, 'latin1');
  extHeader.writeUInt32BE(
    ext.reduce((n, b) => n + b.length, 0),
    4,
  );
  pieces.push(extHeader, ...ext);
  const hash = createHash('sha1');
  for (const b of pieces) hash.update(b);
  pieces.push(hash.digest());
  return replaceLocked(path, pieces);
}

/**
 * Replaces the file at `path` with `pieces`: written to `<path>.lock`, created exclusively as git
 * does (a git process writing it at the same time makes this fail), then renamed into place.
 * Returns the new file's identity.
 */
function replaceLocked(path: string, pieces: Buffer[]): string {
  const lock = `${path}.lock`;
  const fd = openSync(lock, 'wx', 0o600);
  let stamp: string;
  try {
    writeAll(fd, pieces);
    stamp = stampOf(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(lock, { force: true });
    throw err;
  }
  closeSync(fd);
  keepReplaced(path);
  renameSync(lock, path);
  return stamp;
}

/**
 * Keeps the file about to be replaced linked as `<path>.prev`, so that the rename does not free it:
 * on ext4 freeing a file written moments ago waits for its blocks (measured ≈2 ms of a ≈0.1 ms
 * rename). dropReplaced frees it later, off the command's path. Best effort: without the link the
 * rename frees it, as before.
 */
function keepReplaced(path: string): void {
  const prev = `${path}.prev`;
  for (let i = 0; i < 2; i++) {
    try {
      linkSync(path, prev);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return;
      try {
        unlinkSync(prev);
      } catch {
        return;
      }
    }
  }
}

/** Frees the file keepReplaced kept for `path`, in the background (no wait). */
export function dropReplaced(path: string): void {
  unlink(`${path}.prev`, () => {});
}

/**
 * Gives size 0 to the entries of the index at `path` (which must be the file `expect` names) whose
 * ctime second `pick` chooses, as git does to racily clean entries, and writes it back (lock,
 * rename) when it picked any. Returns how many it picked and the newest ctime second among them.
 */
export function smudgeEntries(path: string, expect: string, pick: (ctimeSec: number) => boolean): { count: number; newest: number } {
  const ix = readIndex(path, expect);
  const buf = Buffer.from(ix.buf);
  let count = 0;
  let newest = 0;
  for (const off of ix.offs) {
    const ctime = buf.readUInt32BE(off);
    if (buf.readUInt32BE(off + 36) === 0 || !pick(ctime)) continue;
    buf.writeUInt32BE(0, off + 36);
    count++;
    newest = Math.max(newest, ctime);
  }
  if (count === 0) return { count, newest };
  createHash('sha1')
    .update(buf.subarray(0, buf.length - 20))
    .digest()
    .copy(buf, buf.length - 20);
  replaceLocked(path, [buf]);
  return { count, newest };
}
