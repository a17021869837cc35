/*!
 * The code cache of the per-command bundles (src/util/code-cache.ts), in real processes: the
 * first load writes a cache at exit, the next one is served from it, and a broken or foreign
 * cache only means compiling again. Plus the built entries themselves (bin/ → dist/bundle/*.cjs).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundleSource } from '../helpers/bundle-source.js';

const CODE_CACHE = pathToFileURL(bundleSource('src/util/code-cache.ts')).href;
const CODE_PATHS = pathToFileURL(bundleSource('src/util/code-paths.ts')).href;

/** Loads `bundle` in a fresh node with the cache in `dir`; prints what the bundle returns. `ran`: code paths it then takes. */
function load(bundle: string, dir: string, ran = 0) {
  const script = `import { requireCached } from ${JSON.stringify(CODE_CACHE)}; import { ranCodePath } from ${JSON.stringify(CODE_PATHS)}; console.log(requireCached(${JSON.stringify(bundle)}, ${JSON.stringify(dir)}).answer()); if (${ran}) ranCodePath(${ran});`;
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
}

function fixture(): { bundle: string; dir: string } {
  const root = mkdtempSync(join(tmpdir(), 'sg-code-cache-'));
  const bundle = join(root, 'b.cjs');
  writeFileSync(bundle, "const path = require('node:path');\nexports.answer = () => `${path.basename(__filename)} ${typeof module} ${40 + 2}`;\n");
  return { bundle, dir: join(root, 'cache') };
}

describe('requireCached', () => {
  it('runs the bundle as CommonJS, writes a cache at exit, and reuses it', () => {
    const { bundle, dir } = fixture();
    const first = load(bundle, dir);
    expect(first.stdout).toBe('b.cjs object 42\n');
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^b\.cjs-[0-9a-f]{16}-[0-9a-f]{16}\.v8cache$/);
    const cache = readFileSync(join(dir, files[0]));
    expect(cache.length).toBeGreaterThan(0);
    const second = load(bundle, dir);
    expect(second.stdout).toBe('b.cjs object 42\n');
    // Served from the cache: not rewritten.
    expect(readFileSync(join(dir, files[0])).equals(cache)).toBe(true);
  });

  it('a garbage cache is rejected by V8, the bundle still runs, and the cache is rewritten', () => {
    const { bundle, dir } = fixture();
    load(bundle, dir);
    const [file] = readdirSync(dir);
    writeFileSync(join(dir, file), 'not a code cache');
    const r = load(bundle, dir);
    expect(r.stdout).toBe('b.cjs object 42\n');
    expect(readFileSync(join(dir, file), 'utf8')).not.toBe('not a code cache');
  });

  it('a changed bundle gets a new cache and the old one is removed', () => {
    const { bundle, dir } = fixture();
    load(bundle, dir);
    const [old] = readdirSync(dir);
    writeFileSync(bundle, "exports.answer = () => 'changed';\n");
    expect(load(bundle, dir).stdout).toBe('changed\n');
    const now = readdirSync(dir);
    expect(now).toHaveLength(1);
    expect(now[0]).not.toBe(old);
  });

  it("two installs share the directory without removing each other's cache", () => {
    const a = fixture();
    const b = fixture(); // the same file name in another directory
    load(a.bundle, a.dir);
    const [mine] = readdirSync(a.dir);
    const cache = readFileSync(join(a.dir, mine));
    expect(load(b.bundle, a.dir).stdout).toBe('b.cjs object 42\n');
    expect(readdirSync(a.dir)).toHaveLength(2);
    load(a.bundle, a.dir);
    // Still served from its own cache: not rewritten.
    expect(readFileSync(join(a.dir, mine)).equals(cache)).toBe(true);
  });

  it('is written again when a process takes a code path the cache does not cover, and only then', () => {
    const { bundle, dir } = fixture();
    load(bundle, dir);
    const [file] = readdirSync(dir);
    const at = join(dir, file);
    expect(readFileSync(at)[0]).toBe(0); // covers no path: the first process took none
    load(bundle, dir, 1);
    const one = readFileSync(at);
    expect(one[0]).toBe(1);
    load(bundle, dir, 1);
    expect(readFileSync(at).equals(one)).toBe(true); // covered: served, not rewritten
    expect(load(bundle, dir, 2).stdout).toBe('b.cjs object 42\n');
    expect(readFileSync(at)[0]).toBe(3); // both paths now
  });

  it('an unwritable cache directory only means no cache', () => {
    const { bundle } = fixture();
    const r = load(bundle, join(bundle, 'cache')); // below a regular file: ENOTDIR
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('b.cjs object 42\n');
  });
});
