/*!
 * The build tools' caches an agent command may write although they lie in the (read-only) home
 * directory: without them `npm install`, `pip install` into a venv, `cargo build` or `go build`
 * fail. `~/.cache` and `~/.npm` are created when missing (most tools need them); the others are
 * bound only when they exist. More can be added with `writable:` in sandbox.yaml.
 * These are shared with later commands run by the human: a poisoned cache is a way code written
 * by an agent can run later outside the container (docs/sandbox.md says so).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Created when missing. */
export const CREATED_CACHES = ['.cache', '.npm'];

/** Bound when they exist (home-relative). */
export const OPTIONAL_CACHES = [
  '.pnpm-store',
  '.local/share/pnpm/store',
  '.yarn/berry/cache',
  '.bun/install/cache',
  '.cargo/registry',
  '.cargo/git',
  'go/pkg/mod',
  '.m2/repository',
  '.gradle/caches',
  '.gradle/wrapper',
  '.nuget/packages',
  '.composer/cache',
  '.deno',
  '.pub-cache',
  '.cabal/packages',
  '.stack',
];

/** Cache directories under each home (existing ones; the common ones created first). */
export function cacheDirs(homes: readonly string[]): string[] {
  const out: string[] = [];
  for (const home of homes) {
    for (const rel of CREATED_CACHES) {
      try {
        mkdirSync(join(home, rel), { recursive: true, mode: 0o700 });
      } catch {
        /* a read-only home: then it is simply not there */
      }
    }
    for (const rel of [...CREATED_CACHES, ...OPTIONAL_CACHES]) out.push(join(home, rel));
  }
  return out;
}
