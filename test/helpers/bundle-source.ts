/*!
 * For the tests whose child processes need shellgate's own modules (a writer process, a nested
 * shellgate inside the sandbox, a fresh node loading the code cache): bundles a source file
 * (src/ or a fixture importing src/) with esbuild into one ESM file, so that those children run
 * the code under test and never a stale dist/. Packages stay external and resolve from the
 * repository's node_modules (the bundles are written inside it). One bundle per entry and process.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// Not inside the sandboxes' project (test/helpers/cli.ts): a bundle written during a test
// would count as a change there.
const OUT = join(ROOT, 'node_modules', '.cache', 'shellgate-src-bundles', String(process.pid));
const built = new Map<string, string>();
process.once('exit', () => rmSync(OUT, { recursive: true, force: true }));

/** The path of an ESM bundle of `entry` (relative to the repository root), built once per process. */
export function bundleSource(entry: string): string {
  const known = built.get(entry);
  if (known) return known;
  const outfile = join(OUT, `${relative('.', entry).replace(/[/\\.]/g, '_')}.mjs`);
  mkdirSync(OUT, { recursive: true });
  buildSync({
    entryPoints: [join(ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
    // CommonJS packages imported by the bundle (createRequire for `require` inside ESM).
    banner: { js: "import { createRequire as __sgCreateRequire } from 'node:module'; const require = __sgCreateRequire(import.meta.url);" },
  });
  built.set(entry, outfile);
  return outfile;
}
