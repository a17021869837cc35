/*!
 * Git objects written without a git process, for the snapshot of a few changed files
 * (fast-snapshot.ts): a blob from a file's bytes, a tree from its entries.
 * Objects go in the store as loose objects (zlib level 1, as git writes them), each written to a
 * temporary file and renamed into place; one already there as a loose object is not written again
 * (one in a pack is written again as a loose object: harmless, `git gc` drops the copy).
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtin } from '../util/builtin.js';

/** The id of a git object of `type` with `body`, and the bytes git stores for it (header + body). */
function objectOf(type: 'blob' | 'tree', body: Buffer): { id: Buffer; raw: Buffer } {
  const raw = Buffer.concat([Buffer.from(`${type} ${body.length}\0`, 'latin1'), body]);
  return { id: createHash('sha1').update(raw).digest(), raw };
}

/** The id (hex) of a blob with `bytes`, not stored. */
export function blobId(bytes: Buffer): string {
  return objectOf('blob', bytes).id.toString('hex');
}

/** Writes an object into `objectsDir` unless it is there as a loose object already. */
function store(objectsDir: string, id: Buffer, raw: Buffer): void {
  const hex = id.toString('hex');
  const dir = join(objectsDir, hex.slice(0, 2));
  const file = join(dir, hex.slice(2));
  if (existsSync(file)) return;
  const tmp = join(dir, `tmp_obj_${randomBytes(6).toString('hex')}`);
  // node:zlib (≈1.5 ms to load) only once an object is written: most snapshots write none.
  const data = builtin('node:zlib').deflateSync(raw, { level: 1 });
  try {
    writeFileSync(tmp, data, { mode: 0o444, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    mkdirSync(dir, { recursive: true, mode: 0o700 }); // its fan-out directory's first object
    writeFileSync(tmp, data, { mode: 0o444, flag: 'wx' });
  }
  renameSync(tmp, file);
}

/** Stores `bytes` as a blob; returns its id (20 bytes). */
export function writeBlob(objectsDir: string, bytes: Buffer): Buffer {
  const { id, raw } = objectOf('blob', bytes);
  store(objectsDir, id, raw);
  return id;
}

/** Stores a tree with `body` (its entries, already in git's order); returns its id (20 bytes). */
export function writeTree(objectsDir: string, body: Buffer): Buffer {
  const { id, raw } = objectOf('tree', body);
  store(objectsDir, id, raw);
  return id;
}
