/*!
 * Whether the user's repository holds given objects, read from its object directory without a git
 * process: a loose object file, or an entry in a pack's index (`.idx` version 2, binary search
 * through its fan-out table). For the effect of a command (effect.ts): content that git does not
 * hold anywhere cannot be what HEAD has, so most changes need no `git cat-file`. Only read, never
 * written. Whatever this cannot read with certainty (no `.git` directory but a `.git` file,
 * alternates, another pack index version, an id that is not SHA-1) answers null: ask git.
 */
import { closeSync, constants, existsSync, fstatSync, lstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';

/** Reads 4 bytes at `pos` as an unsigned integer. */
function u32(fd: number, pos: number, buf: Buffer): number {
  if (readSync(fd, buf, 0, 4, pos) !== 4) throw new Error('short read');
  return buf.readUInt32BE(0);
}

/** True when the pack index open at `fd` (version 2) lists `id`. */
function inPack(fd: number, id: Buffer, buf: Buffer): boolean {
  const first = id[0];
  let lo = first === 0 ? 0 : u32(fd, 8 + 4 * (first - 1), buf);
  let hi = u32(fd, 8 + 4 * first, buf);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (readSync(fd, buf, 0, 20, 8 + 1024 + 20 * mid) !== 20) throw new Error('short read');
    const cmp = buf.compare(id, 0, 20, 0, 20);
    if (cmp === 0) return true;
    if (cmp < 0) lo = mid + 1;
    else hi = mid;
  }
  return false;
}

/**
 * Which of `ids` (hex) the repository whose work tree is `root` holds; an empty set when there is
 * no repository; null when this cannot tell for certain.
 */
export function heldObjects(root: string, ids: string[]): Set<string> | null {
  const gitDir = join(root, '.git');
  let st;
  try {
    st = lstatSync(gitDir);
  } catch {
    return new Set();
  }
  const objects = join(gitDir, 'objects');
  if (!st.isDirectory() || existsSync(join(objects, 'info', 'alternates'))) return null;
  if (!existsSync(objects)) return new Set(); // not a repository git could read either
  if (ids.some((id) => !/^[0-9a-f]{40}$/.test(id))) return null;
  const held = new Set<string>();
  let rest = ids.filter((id) => !existsSync(join(objects, id.slice(0, 2), id.slice(2))) || !held.add(id));
  if (rest.length === 0) return held;
  let packs: string[] = [];
  try {
    packs = readdirSync(join(objects, 'pack')).filter((n) => n.endsWith('.idx'));
  } catch {
    /* no packs */
  }
  const buf = Buffer.alloc(20);
  for (const name of packs) {
    let fd: number;
    try {
      // Without blocking: a FIFO in a pack index's place (a command can write .git/objects) would wait for ever.
      fd = openSync(join(objects, 'pack', name), constants.O_RDONLY | constants.O_NONBLOCK);
    } catch {
      return null; // removed while repacking: git would find the object in the new pack
    }
    try {
      if (!fstatSync(fd).isFile()) return null;
      if (readSync(fd, buf, 0, 8, 0) !== 8 || buf.readUInt32BE(0) !== 0xff744f63 || buf.readUInt32BE(4) !== 2) return null;
      rest = rest.filter((id) => !inPack(fd, Buffer.from(id, 'hex'), buf) || !held.add(id));
    } catch {
      return null;
    } finally {
      closeSync(fd);
    }
    if (rest.length === 0) break;
  }
  return held;
}
