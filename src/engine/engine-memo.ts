/*!
 * The loaded engine, kept by a long-lived process (the classifier daemon, the guarded shell)
 * across calls: loading the rulesets reads, hashes and merges every layer's files, on every
 * command. A kept engine is used again only when every file and directory its layers came from
 * is provably the same (load-engine.ts asks here):
 * - same device, inode, size, mtime and ctime (nanoseconds), for the link and what it points to:
 *   each ruleset file, the built-in, config and `.shellgate` directories (a file added or removed
 *   changes the directory), the trust store; a path that was missing must still be missing;
 * - every one of those was last changed more than SETTLED_NS before the load started, so that a
 *   change made during or just after the load cannot carry a timestamp that was already seen
 *   (coarse kernel clock, file systems that round to seconds). A program can put back an mtime,
 *   never a ctime.
 * Layers that reach further are never kept: an `extends` (its npm resolution looks through
 * node_modules directories that are not tracked) and a project layer in force as its trusted
 * snapshot. The project directory itself is found afresh on every call (part of the key).
 */
import { lstatSync, statSync, type BigIntStats } from 'node:fs';
import { join } from 'node:path';
import type { Layers } from '../rules/layers.js';
import { builtinDir } from '../rules/load.js';
import { trustStorePath } from '../rules/trust.js';
import { configDir } from '../config/paths.js';

const SETTLED_NS = 3_000_000_000n;
const MAX_KEPT = 32;

/** What was at a path: its identity, or null when nothing was there. */
interface Dep {
  path: string;
  id: string | null;
  /** Latest mtime/ctime seen (link and target), for the settled rule. */
  changedNs: bigint;
}

function stamp(st: BigIntStats): string {
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
}

function depOf(path: string): Dep {
  const l = lstatSync(path, { bigint: true, throwIfNoEntry: false });
  if (!l) return { path, id: null, changedNs: 0n };
  let id = stamp(l);
  // biome-ignore lint/complexity/useMathMinMax: bigint nanoseconds; Math.max does not take bigints
  let changedNs = l.mtimeNs > l.ctimeNs ? l.mtimeNs : l.ctimeNs;
  if (l.isSymbolicLink()) {
    const t = statSync(path, { bigint: true, throwIfNoEntry: false });
    id += t ? `>${stamp(t)}` : '>dangling';
    if (t) for (const n of [t.mtimeNs, t.ctimeNs]) if (n > changedNs) changedNs = n;
  }
  return { path, id, changedNs };
}

function unchanged(d: Dep): boolean {
  try {
    return depOf(d.path).id === d.id;
  } catch {
    return false;
  }
}

/** The paths `layers` came from, or null when they cannot be tracked (see the header). */
function trackedPaths(layers: Layers, env: NodeJS.ProcessEnv): string[] | null {
  if (layers.files.some((f) => f.file.data.extends !== undefined)) return null;
  const p = layers.project;
  const paths = [builtinDir(), configDir(env), join(configDir(env), 'rules'), trustStorePath(env), ...layers.files.map((f) => f.file.path)];
  if (p) {
    if (p.trustedAt || p.content.length !== p.files.length || p.content.some((c) => !p.files.includes(c.path))) return null;
    paths.push(join(p.dir, '.shellgate'), ...p.files);
  }
  return [...new Set(paths)];
}

interface Kept<E> {
  engine: E;
  deps: Dep[];
}

/** Engines kept by key (config directory and project directory). */
export class EngineMemo<E> {
  private readonly kept = new Map<string, Kept<E>>();

  /** The engine kept for `key`, when nothing it came from changed. */
  get(key: string): E | null {
    const k = this.kept.get(key);
    if (k && k.deps.every(unchanged)) return k.engine;
    this.kept.delete(key);
    return null;
  }

  /** Keeps `engine` (loaded from `layers`, the load having started at `startedNs`) when it can be tracked and is settled. */
  put(key: string, engine: E, layers: Layers, startedNs: bigint, env: NodeJS.ProcessEnv = process.env): void {
    const paths = trackedPaths(layers, env);
    if (!paths) return;
    let deps: Dep[];
    try {
      deps = paths.map(depOf);
    } catch {
      return;
    }
    if (deps.some((d) => d.changedNs >= startedNs - SETTLED_NS)) return;
    if (this.kept.size >= MAX_KEPT) this.kept.clear();
    this.kept.set(key, { engine, deps });
  }
}

/** Now, in nanoseconds of the wall clock (file timestamps' clock). */
export function wallClockNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}
