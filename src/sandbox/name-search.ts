/*!
 * Finds files by name below the project root, for bare-name masks such as `.env*`. This runs on
 * every sandboxed command, so it is bounded: breadth-first (shallow files first), never into
 * dependency, cache or VCS directories, at most MAX_DEPTH levels and MAX_ENTRIES directory
 * entries. When the budget runs out the result says so (`truncated`), and the docs tell users of
 * huge trees to add explicit masks.
 */
import { readdirSync, statSync } from 'node:fs';

/** Directories never descended into: they hold dependencies or caches, not project secrets. */
export const SKIP_DIRS: ReadonlySet<string> = new Set([
  '.git',
  'node_modules',
  '.venv',
  'venv',
  '__pycache__',
  '.tox',
  '.mypy_cache',
  '.cache',
  '.npm',
  '.cargo',
  '.rustup',
  'target',
]);
/** How deep the search goes below the root. */
export const MAX_DEPTH = 8;
/** How many directory entries the search reads at most. */
export const MAX_ENTRIES = 20_000;

/** A directory entry as the search uses it (a Dirent, or a cached one: contain/listing-cache.ts). */
export interface Listed {
  name: string;
  isDirectory(): boolean;
}

/** Makes the lister of one search below `root`; null: read every directory. */
let listerFor: ((root: string) => (dir: string) => Listed[]) | null = null;

/**
 * Lets a long-lived process (the classifier daemon) reuse the listings of directories that did not
 * change (contain/listing-cache.ts): the lister must return what a fresh read would, sorted.
 */
export function useListingCache(make: ((root: string) => (dir: string) => Listed[]) | null): void {
  listerFor = make;
}

/** Files found, and whether the budget stopped the search early. */
export interface NameSearch {
  files: string[];
  truncated: boolean;
}

/** Search bounds; the defaults are MAX_DEPTH and MAX_ENTRIES. */
export interface SearchLimits {
  depth: number;
  entries: number;
}

/** Files (or links to files) under `root` whose base name satisfies `isMatch`. */
export function findByName(
  root: string,
  isMatch: (name: string) => boolean,
  limits: SearchLimits = { depth: MAX_DEPTH, entries: MAX_ENTRIES },
  makeLister = listerFor,
): NameSearch {
  const files: string[] = [];
  const list = makeLister ? makeLister(root) : listDir;
  let level = [root];
  let seen = 0;
  for (let depth = 0; level.length > 0 && depth <= limits.depth; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      const entries = list(dir);
      seen += entries.length;
      if (seen > limits.entries) return { files: files.filter(isFileLike), truncated: true };
      // `dir` is normalized and a name has no slash: concatenation is join() without its cost per entry.
      const prefix = dir.endsWith('/') ? dir : `${dir}/`;
      for (const entry of entries) {
        if (entry.isDirectory()) {
          if (!SKIP_DIRS.has(entry.name)) next.push(prefix + entry.name);
        } else if (isMatch(entry.name)) {
          files.push(prefix + entry.name);
        }
      }
    }
    level = next;
  }
  return { files: files.filter(isFileLike), truncated: level.length > 0 };
}

function listDir(dir: string): Listed[] {
  try {
    // Code-unit order: localeCompare (ICU) costs milliseconds per directory, on every agent command.
    return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return [];
  }
}

function isFileLike(path: string): boolean {
  try {
    return !statSync(path).isDirectory();
  } catch {
    return false;
  }
}
