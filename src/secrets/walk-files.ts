/*!
 * Lists the files of a working tree to scan for secrets. Ignored files are scanned too (a `.env`
 * that git ignores is exactly what an agent can read); only `.git/` and `node_modules/` are
 * skipped, symlinks are not followed, and binary or very large files are left out and counted.
 */
import { closeSync, openSync, readdirSync, readSync, statSync, type Dirent } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Directory names never descended into. */
export const SKIP_DIRS: ReadonlySet<string> = new Set(['.git', 'node_modules']);
/** Files larger than this are not scanned. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** The text files under `root` (paths relative to it, `/`-separated) and how many were skipped. */
export interface FileList {
  files: string[];
  skipped: Skipped;
}

/** Files left out, by reason. */
export interface Skipped {
  binary: number;
  large: number;
  /** Files or directories that could not be read (permissions). */
  unreadable: number;
}

/** Walks `root` depth-first in name order. */
export function listTextFiles(root: string): FileList {
  const out: FileList = { files: [], skipped: { binary: 0, large: 0, unreadable: 0 } };
  const walk = (dir: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    } catch {
      out.skipped.unreadable++;
      return;
    }
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(full);
      } else if (entry.isFile()) {
        classify(full, relative(root, full).split(sep).join('/'), out);
      }
    }
  };
  walk(root);
  return out;
}

function classify(full: string, rel: string, out: FileList): void {
  try {
    if (statSync(full).size > MAX_FILE_BYTES) out.skipped.large++;
    else if (looksBinary(full)) out.skipped.binary++;
    else out.files.push(rel);
  } catch {
    out.skipped.unreadable++;
  }
}

/** A NUL byte in the first 8 KiB means binary (the heuristic git and grep use). */
function looksBinary(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(8192);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).includes(0);
  } finally {
    closeSync(fd);
  }
}
