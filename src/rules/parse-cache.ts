/*!
 * A cache of parsed and validated ruleset files, so that every hook call and `shellgate-sh -c`
 * does not parse YAML again (≈70 ms). Keyed by the sha256 of the file's path and exact content
 * (and the cache format), so an edited file is never served stale. It lives in the state
 * directory, which the guard protects like the approvals and the log (self-protection rules,
 * read-only in the sandbox). Any failure to read or write it just means parsing again.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stateDir } from '../config/paths.js';
import type { RulesetFile } from './types.js';

const FORMAT = 'v1';

export interface CachedFile {
  data: RulesetFile;
  ruleLines: [string, number][];
}

function entryPath(path: string, text: string): string | null {
  if (process.env.SHELLGATE_RULES_CACHE === '0') return null;
  const key = createHash('sha256').update(`${FORMAT}\0${path}\0${text}`).digest('hex');
  return join(stateDir(), 'rules-cache', `${key}.json`);
}

export function cacheGet(path: string, text: string): CachedFile | null {
  const p = entryPath(path, text);
  if (!p) return null;
  try {
    const c = JSON.parse(readFileSync(p, 'utf8')) as CachedFile;
    return c && typeof c === 'object' && c.data && Array.isArray(c.ruleLines) ? c : null;
  } catch {
    return null;
  }
}

export function cachePut(path: string, text: string, value: CachedFile): void {
  const p = entryPath(path, text);
  if (!p) return;
  try {
    mkdirSync(join(p, '..'), { recursive: true, mode: 0o700 });
    const tmp = `${p}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(value), { mode: 0o600 });
    renameSync(tmp, p);
  } catch {
    // read-only state dir (sandbox) or full disk: parse next time
  }
}
