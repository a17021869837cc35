/*!
 * The per-command entries (`shellgate-sh`, `shellgate hook AGENT`) are CommonJS bundles next to
 * this file, loaded with a V8 code cache in the cache directory (src/util/code-cache.ts).
 * `SHELLGATE_CODE_CACHE=0` turns the cache off. Their `import()` calls (Ink, the interactive
 * shell, libpg-query) come back here as `globalThis.__sgImport` (see scripts/bundle.mjs).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cacheDir } from '../config/paths.js';
import { requireCached } from '../util/code-cache.js';

// import.meta.dirname: Node ≥ 20.11, and free in the CommonJS bundles (scripts/bundle.mjs).
const here = import.meta.dirname ?? dirname(fileURLToPath(import.meta.url));

declare global {
  // eslint-disable-next-line no-var
  var __sgImport: ((specifier: string) => Promise<unknown>) | undefined;
}

/** import() for the CommonJS bundles: `./x.js` from dist/bundle, packages as from here. */
function importForBundle(specifier: string): Promise<unknown> {
  return specifier.startsWith('./') ? import(pathToFileURL(join(here, specifier)).href) : import(specifier);
}

/** Loads dist/bundle/NAME.cjs (built by scripts/bundle.mjs). */
export function loadEntry(name: 'sh' | 'sh-plan' | 'sh-full' | 'sh-daemon' | 'hook' | 'hook-fast' | 'contain'): Record<string, unknown> {
  globalThis.__sgImport ??= importForBundle;
  const dir = process.env.SHELLGATE_CODE_CACHE === '0' ? null : join(cacheDir(), 'code');
  return requireCached(join(here, `${name}.cjs`), dir);
}
