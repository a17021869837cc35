/*!
 * Turns mask patterns into the concrete paths that exist right now. Pattern forms:
 * - `~/x`  under each home directory (the user's and the child's HOME, when they differ);
 * - `/x`   absolute;
 * - `a/b`  relative to the project root;
 * - `name` a bare name (no `/`): files of that name anywhere in the project (`.env*`), searched
 *   as name-search.ts says. Bare names match files only, so a virtualenv called `.env/` stays.
 * `*`, `?` and `[…]` glob within one segment. Symlinks are resolved, so the file that is really
 * read gets masked; dangling links and missing paths are skipped (nothing to hide).
 */
import { lstatSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { findByName } from './name-search.js';

/** Where patterns are anchored. */
export interface PatternContext {
  /** Home directories `~` stands for (usually one). */
  homes: string[];
  /** Project root that relative and bare-name patterns are searched under. */
  projectRoot: string;
}

/** One existing path to mask, after resolving symlinks. */
export interface MaskedPath {
  path: string;
  kind: 'dir' | 'file';
}

const GLOB = /[*?[\]]/;

/** The distinct existing paths, sorted; `truncated` when the project search hit its budget. */
export interface Expansion {
  masks: MaskedPath[];
  truncated: boolean;
}

/** Expands every pattern against the file system. */
export function expandPatterns(patterns: readonly string[], ctx: PatternContext): Expansion {
  const trimmed = patterns.map((p) => p.trim()).filter(Boolean);
  const bare = trimmed.filter(isBareName);
  const paths = trimmed.filter((p) => !isBareName(p)).flatMap((p) => candidates(p, ctx));
  // One search of the project for all bare names together.
  const search = bare.length > 0 ? findByName(ctx.projectRoot, matcherFor(bare)) : { files: [], truncated: false };
  const found = new Map<string, MaskedPath>();
  for (const candidate of [...paths, ...search.files]) {
    const masked = resolveExisting(candidate);
    if (masked) found.set(masked.path, masked);
  }
  return { masks: [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), truncated: search.truncated };
}

/** Compiled bare-name matchers (a long-lived process, the classifier daemon, sees the same few lists). */
const matchers = new Map<string, (name: string) => boolean>();

function matcherFor(bare: string[]): (name: string) => boolean {
  const key = bare.join('\0');
  let m = matchers.get(key);
  if (!m) {
    if (matchers.size >= 64) matchers.clear();
    m = picomatch(bare, { dot: true });
    matchers.set(key, m);
  }
  return m;
}

function isBareName(pattern: string): boolean {
  return !pattern.includes('/') && pattern !== '~';
}

/** Masks minus unmasks, compared by real path. */
export function subtractPaths(masks: MaskedPath[], unmasks: MaskedPath[]): MaskedPath[] {
  const removed = new Set(unmasks.map((u) => u.path));
  return masks.filter((m) => !removed.has(m.path));
}

/** Paths for a pattern that contains `/` (or is `~`). */
function candidates(pattern: string, ctx: PatternContext): string[] {
  if (pattern === '~' || pattern.startsWith('~/')) {
    return ctx.homes.flatMap((home) => globPath(join(home, pattern.slice(1))));
  }
  if (pattern.startsWith('/')) return globPath(resolve(pattern));
  return globPath(resolve(ctx.projectRoot, pattern));
}

/** Expands glob segments of an absolute path against the file system. */
function globPath(absolute: string): string[] {
  if (!GLOB.test(absolute)) return [absolute];
  let current: string[] = [sep];
  for (const segment of absolute.split(sep).filter(Boolean)) {
    if (!GLOB.test(segment)) {
      current = current.map((dir) => join(dir, segment));
      continue;
    }
    const isMatch = picomatch(segment, { dot: true });
    current = current.flatMap((dir) =>
      listDir(dir)
        .filter((e) => isMatch(e.name))
        .map((e) => join(dir, e.name)),
    );
  }
  return current;
}

function listDir(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** The real path and its kind, or null when nothing exists there. */
function resolveExisting(path: string): MaskedPath | null {
  try {
    // No exception for the common case (most patterns match nothing): a thrown error costs its stack.
    if (!lstatSync(path, { throwIfNoEntry: false })) return null;
    const real = realpathSync(path);
    return { path: real, kind: statSync(real).isDirectory() ? 'dir' : 'file' };
  } catch {
    return null;
  }
}
