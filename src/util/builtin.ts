/*!
 * A Node built-in module loaded when first used instead of when its bundle loads. The per-command
 * entries (shellgate-sh, the agent hooks) load node:crypto and node:child_process (a few
 * milliseconds together) only once their request is on its way to the classifier daemon, while
 * the daemon judges it, instead of before sending it. esbuild turns a static import into a
 * require() at the top of the bundle; this it leaves where it is.
 */
import { createRequire } from 'node:module';

interface Lazy {
  'node:child_process': typeof import('node:child_process');
  'node:crypto': typeof import('node:crypto');
  'node:zlib': typeof import('node:zlib');
}

/** The built-in module `id` (process.getBuiltinModule: Node ≥ 20.16; require() before that). */
export function builtin<K extends keyof Lazy>(id: K): Lazy[K] {
  const get = process.getBuiltinModule as ((id: K) => Lazy[K]) | undefined;
  return get ? get(id) : (createRequire(import.meta.url)(id) as Lazy[K]);
}
