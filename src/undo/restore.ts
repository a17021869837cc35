/*!
 * Puts files back as a snapshot has them. Given the changes from the current snapshot to the
 * target one, it deletes what the target does not have, then writes what it does, byte for byte
 * (blobs read with `git cat-file --batch`, modes and symbolic links as recorded). It never
 * follows a symbolic link inside the project (every parent directory is checked with lstat and a
 * file is created with O_EXCL), never writes outside the project, and never touches a path listed
 * as `keep` (the user's changes) unless told to set it aside first, nor a protected path
 * (protected.ts: what an agent could plant there runs outside the container).
 */
import {
  constants,
  copyFileSync,
  fchmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  closeSync,
  readdirSync,
  renameSync,
  rmdirSync,
  symlinkSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { gitOk, type Store } from './git-store.js';
import type { Change } from './snapshot.js';
import { protectedWhy } from './protected.js';

/** What restoring did. */
export interface RestoreReport {
  written: string[];
  removed: string[];
  /** Paths not restored: the user's (kept as they are) or blocked (reason given). */
  skipped: { path: string; why: string }[];
  /** Where the user's versions were set aside (force), when any were. */
  keptDir?: string;
}

/** Reads blobs by id (one git process for all). */
function readBlobs(store: Store, ids: string[]): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const unique = [...new Set(ids)];
  if (unique.length === 0) return out;
  const buf = gitOk(store, ['cat-file', '--batch'], unique.join('\n') + '\n');
  let at = 0;
  for (const id of unique) {
    const nl = buf.indexOf(0x0a, at);
    const header = buf.subarray(at, nl).toString('utf8').split(' ');
    if (header[1] === 'missing') throw new Error(`the snapshot store lacks object ${id} (run \`shellgate undo --gc\`? the store may be damaged)`);
    const size = Number(header[2]);
    out.set(id, buf.subarray(nl + 1, nl + 1 + size));
    at = nl + 1 + size + 1;
  }
  return out;
}

/** Makes sure every parent of `rel` is a real directory inside root (creating missing ones). */
function parentsOk(root: string, rel: string): string | null {
  const parts = rel.split('/').slice(0, -1);
  let at = root;
  for (const part of parts) {
    at = join(at, part);
    let st;
    try {
      st = lstatSync(at);
    } catch {
      mkdirSync(at, { mode: 0o755 });
      continue;
    }
    if (!st.isDirectory()) return `${at.slice(root.length + 1)} is ${st.isSymbolicLink() ? 'a symbolic link' : 'a file'} not recorded in the snapshot`;
  }
  return null;
}

function setAside(root: string, rel: string, keptDir: string): void {
  const from = join(root, rel);
  const to = join(keptDir, rel);
  mkdirSync(dirname(to), { recursive: true, mode: 0o700 });
  try {
    renameSync(from, to);
  } catch {
    copyFileSync(from, to);
    unlinkSync(from);
  }
}

function removeEmptyParents(root: string, rel: string): void {
  for (let d = dirname(join(root, rel)); d.startsWith(root + sep); d = dirname(d)) {
    try {
      if (readdirSync(d).length > 0) return;
      rmdirSync(d);
    } catch {
      return;
    }
  }
}

function writeEntry(root: string, c: Change, data: Buffer): void {
  const path = join(root, c.path);
  if (c.toMode === '120000') {
    symlinkSync(data.toString('utf8'), path);
    return;
  }
  // O_NOFOLLOW, and the mode set on the descriptor: never through a link put there meanwhile.
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    for (let off = 0; off < data.length; ) off += writeSync(fd, data, off, data.length - off);
    fchmodSync(fd, c.toMode === '100755' ? 0o755 : 0o644);
  } finally {
    closeSync(fd);
  }
}

/** Removes what is at `rel` now (a file, a link, or a directory left empty). */
function clear(root: string, rel: string): void {
  const path = join(root, rel);
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return;
  }
  if (st.isDirectory())
    rmdirSync(path); // throws when not empty: the caller reports it
  else unlinkSync(path);
}

/**
 * Applies `changes` (current → target). Paths in `keep` are left as they are unless `keptDir` is
 * given: then the current file is moved there first and the path is restored too.
 */
export function restore(store: Store, changes: Change[], keep: Set<string>, keptDir: string | null): RestoreReport {
  const root = store.root;
  const report: RestoreReport = { written: [], removed: [], skipped: [] };
  const todo: Change[] = [];
  for (const c of changes) {
    if (c.toMode === '160000' || c.fromMode === '160000') {
      report.skipped.push({ path: c.path, why: 'a nested repository (not recorded)' });
    } else if (keep.has(c.path) && !keptDir) {
      report.skipped.push({ path: c.path, why: 'changed by you after the command' });
    } else todo.push(c);
  }
  // Read before anything is removed: a protected path (protected.ts) is left whole, never half done.
  const blobs = readBlobs(
    store,
    todo.filter((c) => c.status !== 'D').map((c) => c.to),
  );
  for (const c of [...todo]) {
    const why = protectedWhy(c, blobs.get(c.to));
    if (why === null) continue;
    report.skipped.push({ path: c.path, why });
    todo.splice(todo.indexOf(c), 1);
  }
  const aside = (rel: string) => {
    if (!keptDir || !existsSync(join(root, rel))) return;
    setAside(root, rel, keptDir);
    report.keptDir = keptDir;
  };
  // Deletions first (deepest paths first), so that a directory can take a file's place and back.
  for (const c of [...todo].filter((c) => c.status !== 'A').sort((a, b) => b.path.length - a.path.length)) {
    try {
      if (keep.has(c.path)) aside(c.path);
      clear(root, c.path);
      if (c.status === 'D') report.removed.push(c.path);
      removeEmptyParents(root, c.path);
    } catch (err) {
      report.skipped.push({ path: c.path, why: (err as Error).message });
    }
  }
  const writes = todo.filter((c) => c.status !== 'D' && !report.skipped.some((s) => s.path === c.path));
  for (const c of writes) {
    const bad = parentsOk(root, c.path);
    if (bad) {
      report.skipped.push({ path: c.path, why: bad });
      continue;
    }
    try {
      if (existsSync(join(root, c.path)) || isLink(join(root, c.path))) {
        if (!keptDir) throw new Error('a file not recorded in the snapshot is in the way');
        aside(c.path);
      }
      writeEntry(root, c, blobs.get(c.to)!);
      report.written.push(c.path);
    } catch (err) {
      report.skipped.push({ path: c.path, why: (err as Error).message });
    }
  }
  return report;
}

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}
