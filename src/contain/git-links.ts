/*!
 * The submodule paths (gitlinks, mode 160000) recorded in a git index, read straight from the
 * file (versions 2 to 4, SHA-1 or SHA-256 ids) without running git: the human's `git status` in
 * the project recurses into each of them and obeys that repository's own config
 * (git-metadata.ts checks those). The answer is kept in shellgate's cache directory (hidden from
 * agent commands) for as long as the index file is the same (inode, size, times): most commands
 * do not change it, and reading a 50,000-file index costs a cold process about 10 ms.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { withRegularFile } from '../util/regular-file.js';
import { join } from 'node:path';

/**
 * How much of an index is read at first. Its entries come first and git ignores an optional
 * extension after them, so a command can pad the file to any size: the rest is read only when the
 * entries themselves go on past this (a project of hundreds of thousands of files).
 */
const FIRST_READ_BYTES = 64 << 20;

const GITLINK = 0o160000;

/** Git's varint of index version 4 (offset encoding). */
function varint(buf: Buffer, at: number): [number, number] {
  let c = buf[at++];
  let value = c & 0x7f;
  while (c & 0x80) {
    c = buf[at++];
    value = ((value + 1) << 7) | (c & 0x7f);
  }
  return [value, at];
}

/**
 * Up to `max` bytes of the regular file at `path` (null: none, or not a regular file). Opened
 * without blocking: a FIFO put in place of the index must not stop the check (it would wait for
 * ever for a writer).
 */
function readHead(path: string, max: number): { buf: Buffer; size: number } | null {
  return withRegularFile(path, (fd, st) => {
    const buf = Buffer.alloc(Math.min(st.size, max));
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, got);
      if (n === 0) break;
      got += n;
    }
    return { buf: buf.subarray(0, got), size: st.size };
  });
}

/** The gitlink paths of the index at `path` (empty when there is none or it cannot be read). */
export function gitlinkPaths(path: string, hashBytes = 20): string[] {
  const head = readHead(path, FIRST_READ_BYTES);
  if (!head) return [];
  const first = parseGitlinks(head.buf, hashBytes);
  if (first.complete || head.size <= head.buf.length) return first.links;
  return parseGitlinks(readHead(path, head.size)?.buf ?? head.buf, hashBytes).links;
}

/** The gitlinks of the index bytes `buf`; complete: every entry the header counts was in `buf`. */
function parseGitlinks(buf: Buffer, hashBytes: number): { links: string[]; complete: boolean } {
  const none = { links: [], complete: true };
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== 'DIRC') return none;
  const version = buf.readUInt32BE(4);
  const count = buf.readUInt32BE(8);
  if (version < 2 || version > 4) return none;
  const out: string[] = [];
  let at = 12;
  let name: Buffer = Buffer.alloc(4096); // version 4: the previous name, in name[0, length)
  let length = 0;
  let i = 0;
  for (; i < count && at + 40 + hashBytes + 2 <= buf.length; i++) {
    const start = at;
    const mode = buf.readUInt32BE(at + 24);
    const flags = buf.readUInt16BE(at + 40 + hashBytes);
    const p = at + 40 + hashBytes + 2 + (version >= 3 && flags & 0x4000 ? 2 : 0);
    if (version === 4) {
      // Names are prefix-compressed: strip that many bytes of the previous name, add the rest.
      const [strip, next] = varint(buf, p);
      const end = buf.indexOf(0, next);
      if (end < 0) break;
      const keep = Math.max(0, length - strip);
      if (keep + end - next > name.length) name = Buffer.concat([name.subarray(0, keep), Buffer.alloc(keep + end - next)]);
      buf.copy(name, keep, next, end);
      length = keep + end - next;
      if ((mode & 0o170000) === GITLINK) out.push(name.toString('utf8', 0, length));
      at = end + 1;
      continue;
    }
    // The name's length is in the flags (0xFFF: that long or longer, then look for its NUL).
    const short = flags & 0xfff;
    const end = short < 0xfff ? p + short : buf.indexOf(0, p);
    if (end < 0 || end > buf.length) break;
    if ((mode & 0o170000) === GITLINK) out.push(buf.toString('utf8', p, end));
    at = start + ((end - start + 8) & ~7); // NUL padding to a multiple of 8
  }
  return { links: out, complete: i === count };
}

/** gitlinkPaths, kept in `cacheDir` for as long as the index at `path` is unchanged. */
export function gitlinkPathsCached(path: string, hashBytes: number, cacheDir: string): string[] {
  let key: string;
  try {
    const st = statSync(path, { bigint: true });
    key = `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}:${hashBytes}`;
  } catch {
    return [];
  }
  const file = join(cacheDir, 'gitlinks', createHash('sha256').update(path).digest('hex').slice(0, 24));
  try {
    const kept = JSON.parse(readFileSync(file, 'utf8')) as { key: string; links: string[] };
    if (kept.key === key && Array.isArray(kept.links)) return kept.links;
  } catch {
    /* not kept yet */
  }
  const links = gitlinkPaths(path, hashBytes);
  try {
    mkdirSync(join(cacheDir, 'gitlinks'), { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify({ key, links }));
  } catch {
    /* read again next time */
  }
  return links;
}
