/*!
 * Finds the paths a contained command was refused writing, in what it printed on stderr: the
 * container makes everything outside the writable area read-only, so the kernel answers EROFS and
 * programs print "Read-only file system" (C tools, bash, Python) or "EROFS" (Node) next to the
 * path. shellgate then tells the agent which path, why, and how a human allows it. A command can
 * print such a line without a real refusal: the result is only ever a request a human decides on.
 */

import { resolve } from 'node:path';

/** How much of stderr is searched (the tail is kept). */
const KEEP = 64 * 1024;

const PATTERNS: RegExp[] = [
  // cp: cannot create regular file '/home/u/x': Read-only file system
  // touch: cannot touch '/home/u/x': Read-only file system
  /['‘"]([^'’"\n]+)['’"]: Read-only file system/g,
  // bash: /home/u/x: Read-only file system   /bin/bash: line 1: /home/u/x: Read-only file system
  /^[^\s:]+: (?:line \d+: )?([^:'‘’"\n]+): Read-only file system/gm,
  // OSError: [Errno 30] Read-only file system: '/home/u/x'
  /Read-only file system: ['"]([^'"\n]+)['"]/g,
  // Error: EROFS: read-only file system, open '/home/u/x'
  /EROFS: read-only file system, \w+ '([^'\n]+)'/g,
];

/** Collects stderr text (bounded) and reports the refused paths. */
export class RefusedWrites {
  private tail = '';
  private seen = false;

  /** Feed a chunk of the command's stderr. */
  add(chunk: string): void {
    this.tail = (this.tail + chunk).slice(-KEEP);
    if (!this.seen && /Read-only file system|EROFS/i.test(this.tail)) this.seen = true;
  }

  /** The paths named in refusals (relative ones taken from `cwd`), first seen first, at most `max`. */
  paths(cwd: string, max = 5): string[] {
    if (!this.seen) return [];
    return refusedPaths(this.tail, cwd).slice(0, max);
  }
}

/** Paths named by "Read-only file system" / EROFS messages in `text`, made absolute from `cwd`. */
export function refusedPaths(text: string, cwd: string): string[] {
  const found = new Set<string>();
  for (const re of PATTERNS) {
    for (const m of text.matchAll(re)) {
      const p = m[1].trim();
      if (p && !p.includes('\0')) found.add(resolve(cwd, p));
    }
  }
  return [...found];
}
