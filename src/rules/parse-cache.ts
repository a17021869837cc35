/*!
 * A cache of parsed and validated ruleset files, so that every hook call and `shellgate-sh -c`
 * does not parse YAML again (≈70 ms). Keyed by the sha256 of the file's path and exact content
 * (and the cache format), so an edited file is never served stale. It lives in the cache
 * directory, which agent commands cannot see (config/paths.ts). Any failure to read or write it just means parsing again.
 * A long-lived process (the classifier daemon, the guarded shell) also keeps the entries it has
 * seen in memory, under the same key: reading the file and hashing it is then all a call costs.
 * Those entries are frozen, so that nothing can change the rules a later call sees.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from '../config/paths.js';
import type { RulesetFile } from './types.js';

const FORMAT = 'v1';

export interface CachedFile {
  data: RulesetFile;
  ruleLines: [string, number][];
}

/** Entries kept in memory (a process sees a handful of ruleset files; edits add new keys). */
const MEMORY_ENTRIES = 64;
const memory = new Map<string, CachedFile>();

function entryKey(path: string, text: string): string | null {
  if (process.env.SHELLGATE_RULES_CACHE === '0') return null;
  return createHash('sha256').update(`${FORMAT}\0${path}\0${text}`).digest('hex');
}

function entryPath(key: string): string {
  return join(cacheDir(), 'rules', `${key}.json`);
}

function remember(key: string, value: CachedFile): CachedFile {
  if (memory.size >= MEMORY_ENTRIES) memory.clear();
  memory.set(key, deepFreeze(value));
  return value;
}

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

export function cacheGet(path: string, text: string): CachedFile | null {
  const key = entryKey(path, text);
  if (!key) return null;
  const known = memory.get(key);
  if (known) return known;
  try {
    const c = JSON.parse(readFileSync(entryPath(key), 'utf8')) as CachedFile;
    return c && typeof c === 'object' && c.data && Array.isArray(c.ruleLines) ? remember(key, c) : null;
  } catch {
    return null;
  }
}

export function cachePut(path: string, text: string, value: CachedFile): void {
  const key = entryKey(path, text);
  if (!key) return;
  remember(key, value);
  const p = entryPath(key);
  try {
    mkdirSync(join(p, '..'), { recursive: true, mode: 0o700 });
    const tmp = `${p}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(value), { mode: 0o600 });
    renameSync(tmp, p);
  } catch {
    // read-only state dir (sandbox) or full disk: parse next time
  }
}
