/*!
 * Which directory is "the project": the nearest ancestor of the working directory that holds
 * `.git` or `.shellgate`, so that `cat ../.env` from a subdirectory is masked too. A home
 * directory or `/` is never taken as the project (a dotfiles repository in `~` would otherwise
 * make the whole home the project); then the working directory itself is the project.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const MARKERS = ['.git', '.shellgate'];

/** The project root for `cwd`; `homes` are never chosen. */
export function findProjectRoot(cwd: string, homes: readonly string[]): string {
  const start = resolve(cwd);
  const excluded = new Set(['/', ...homes.map((h) => resolve(h))]);
  for (let dir = start; ; dir = dirname(dir)) {
    if (excluded.has(dir)) break;
    if (MARKERS.some((m) => existsSync(join(dir, m)))) return dir;
    if (dirname(dir) === dir) break;
  }
  return start;
}
