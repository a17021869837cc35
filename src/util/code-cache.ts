/*!
 * Loads a CommonJS bundle with a V8 code cache, so that the per-command entries (shellgate-sh,
 * the agent hooks) do not compile the engine again in every process. Node 20 has no
 * `module.enableCompileCache` (22.1+), so this is the same idea by hand: `vm.Script` with
 * `cachedData`, and `createCachedData()` written at exit when there was no usable cache.
 * Measured on the development machine: ≈20 ms less CPU per `shellgate-sh -c true`.
 *
 * The caller names the cache directory (shellgate uses its state directory, like the parsed-ruleset
 * cache: protected by the self-protection rules, read-only in the sandbox). It is keyed by the bundle's size and
 * mtime and by the Node version and architecture; V8 itself rejects data from another V8 or other
 * flags, and a rejected or unreadable cache only means compiling as usual. Nothing here can make
 * the bundle not load: every cache failure falls back to a plain compile.
 * The file's first byte says which code paths it covers (util/code-paths.ts): a process that ran
 * one more writes the cache again at exit, with the functions of both.
 */
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import vm from 'node:vm';
import { quickHash } from './quick-hash.js';
import { codePathsRan, loadingBundle } from './code-paths.js';

type Exports = Record<string, unknown>;

/**
 * `NAME-WHERE-WHAT.v8cache`: WHERE names the bundle's path, WHAT its build and the Node that
 * compiled it. Only caches with the same WHERE are replaced (writeCache): two installs of shellgate
 * (a global one and a project's, or git worktrees) share the cache directory without removing
 * each other's cache on every call.
 */
function cacheFileFor(file: string, dir: string): string {
  const st = statSync(file);
  const what = quickHash(`${file}\0${st.size}\0${st.mtimeMs}\0${process.version}\0${process.arch}\0paths`);
  return join(dir, `${basename(file)}-${quickHash(file)}-${what}.v8cache`);
}

function readCache(path: string | null): Buffer | undefined {
  if (!path) return undefined;
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Writes the cache atomically and removes older caches of the same bundle file. The data is made only
 * once the file could be created (a read-only state directory, as in the sandbox, costs nothing).
 * Never throws.
 */
function writeCache(path: string, data: () => Buffer): void {
  const dir = dirname(path);
  const tmp = `${path}.${process.pid}.tmp`;
  let fd: number;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    fd = openSync(tmp, 'w', 0o600);
  } catch {
    return; // a cache that cannot be written is only slower
  }
  try {
    writeSync(fd, data());
    closeSync(fd);
    renameSync(tmp, path);
    const prefix = basename(path).replace(/-[0-9a-f]{16}\.v8cache$/, '-');
    for (const f of readdirSync(dir)) {
      if (f.startsWith(prefix) && f.endsWith('.v8cache') && join(dir, f) !== path) unlinkSync(join(dir, f));
    }
  } catch {
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
  }
}

/** `require(file)` for a CommonJS bundle, compiled with a code cache in `dir` (null: none). */
export function requireCached(file: string, dir: string | null): Exports {
  let cachePath: string | null = null;
  try {
    cachePath = dir ? cacheFileFor(file, dir) : null;
  } catch {
    cachePath = null;
  }
  const source = readFileSync(file, 'utf8');
  const cached = readCache(cachePath);
  // [the paths it covers][V8's data]
  const covered = cached && cached.length > 1 ? cached[0] : 0;
  const cachedData = cached && cached.length > 1 ? cached.subarray(1) : undefined;
  const script = new vm.Script(Module.wrap(source), {
    filename: file,
    cachedData,
  });
  const mod = { exports: {} as Exports };
  loadingBundle(file);
  const wrapper = script.runInThisContext() as (e: Exports, r: NodeJS.Require, m: typeof mod, f: string, d: string) => void;
  wrapper.call(mod.exports, mod.exports, createRequire(file), mod, file, dirname(file));
  if (cachePath) {
    const path = cachePath;
    const fresh = !cachedData || script.cachedDataRejected;
    // At exit the functions that ran are compiled too, so the cache covers them.
    process.once('exit', () => {
      const ran = codePathsRan(file);
      if (!fresh && (ran & ~covered) === 0) return;
      writeCache(path, () => Buffer.concat([Buffer.from([(fresh ? 0 : covered) | ran]), script.createCachedData()]));
    });
  }
  return mod.exports;
}
