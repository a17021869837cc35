/*!
 * The parsed form of a small YAML config file (sandbox.yaml, undo.yaml), kept in shellgate's cache
 * directory (hidden from every container) under the sha256 of the file's path and text. Agent
 * commands read these files on every call; with the cache the YAML library (≈10–30 ms to load in
 * a fresh process) is loaded only when a file changed. A file that fails to parse is never cached:
 * its error is raised again on every read.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cacheDir } from './paths.js';
import { builtin } from '../util/builtin.js';

/** `parse(path, text)`, or its cached result for this very text (`kind` names the cache entry and its format version). */
export function cachedParse<T>(kind: string, path: string, text: string, parse: (path: string, text: string) => T): T {
  const digest = builtin('node:crypto').createHash('sha256').update(`${kind}\0${path}\0${text}`).digest('hex');
  const cache = join(cacheDir(process.env), 'config', `${kind}-${digest}.json`);
  try {
    return JSON.parse(readFileSync(cache, 'utf8')) as T;
  } catch {
    /* not cached yet */
  }
  const parsed = parse(path, text);
  try {
    mkdirSync(dirname(cache), { recursive: true, mode: 0o700 });
    writeFileSync(cache, JSON.stringify(parsed), { mode: 0o600 });
  } catch {
    /* parsed again next time */
  }
  return parsed;
}
