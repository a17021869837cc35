/*!
 * Trust for the project layer. `.shellgate/` is written by whoever edits the repository,
 * including the agent, so it is used only once a human has trusted its exact content (like
 * direnv's `allow`). The content is every ruleset file of `.shellgate/` plus every file its
 * `extends` reach (team packs in node_modules too): a changed byte anywhere means "changed".
 * Trusted hashes live in `configDir()/trusted.json`, keyed by the project's real path; that file
 * is itself protected by the self-protection rules.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { yaml } from '../util/yaml-module.js';
import { configDir } from '../config/paths.js';
import { ExtendsError, resolveExtends, rulesetFilesIn } from './extends.js';

/** A file of the project layer and the exact text that was hashed (and is then loaded). */
export interface LayerContent {
  path: string;
  text: string;
}

export interface TrustEntry {
  sha256: string;
  /** The files the hash covers, relative to the project where they are inside it. */
  files: string[];
  trustedAt: string;
  /**
   * The trusted content itself: when the files change, this version keeps applying (an agent that
   * edits `.shellgate/` gets the rules a human trusted, never no project rules).
   */
  snapshot?: TrustSnapshot;
}

/** The project layer as it was trusted: its own files and every file's exact text. */
export interface TrustSnapshot {
  own: string[];
  content: LayerContent[];
}

export type TrustState = 'trusted' | 'untrusted' | 'changed';

/** The project directory: the nearest directory with `.shellgate/`, from `cwd` up to the repo root. */
export function findProjectDir(cwd: string): string | null {
  let dir = resolve(cwd);
  for (;;) {
    const candidate = join(dir, '.shellgate');
    if (existsSync(candidate) && statSync(candidate).isDirectory()) return realpathSync(dir);
    if (existsSync(join(dir, '.git'))) return null;
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

/** The project layer's own ruleset files (`.shellgate/*.yaml`, not `*.test.yaml`). */
export function projectFiles(projectDir: string): string[] {
  return rulesetFilesIn(join(projectDir, '.shellgate')).map((f) => realpathSync(f));
}

/**
 * Reads the project layer and everything it extends, leniently (a broken file is hashed as it
 * is; an unresolvable `extends` is hashed as a marker). Never throws.
 */
export function projectContent(projectDir: string): LayerContent[] {
  const out = new Map<string, LayerContent>();
  const visit = (path: string) => {
    if (out.has(path)) return;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      text = '\0unreadable';
    }
    out.set(path, { path, text });
    for (const spec of extendsOf(text)) {
      try {
        for (const f of resolveExtends(spec, path, projectDir)) visit(f);
      } catch (err) {
        if (!(err instanceof ExtendsError)) throw err;
        out.set(`${path}\0${spec}`, { path: `${path} extends ${spec}`, text: `\0unresolved: ${err.message}` });
      }
    }
  };
  for (const f of projectFiles(projectDir)) visit(f);
  return [...out.values()];
}

function extendsOf(text: string): string[] {
  try {
    const data = yaml().parseDocument(text).toJS() as { extends?: unknown } | null;
    const e = data?.extends;
    return typeof e === 'string' ? [e] : Array.isArray(e) ? e.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** sha256 over the files' paths (relative to the project when inside it) and exact bytes. */
export function contentHash(content: LayerContent[], projectDir: string): string {
  const h = createHash('sha256');
  for (const c of [...content].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const fileHash = createHash('sha256').update(c.text).digest('hex');
    h.update(`${displayPath(c.path, projectDir)}\0${fileHash}\n`);
  }
  return h.digest('hex');
}

/** A path relative to the project when it is inside it, else absolute. */
export function displayPath(path: string, projectDir: string): string {
  const rel = relative(projectDir, path);
  return rel.startsWith('..') || rel === '' ? path : rel;
}

/** `configDir()/trusted.json`. */
export function trustStorePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), 'trusted.json');
}

/** The trusted projects; an unreadable or corrupt store trusts nothing. */
export function readTrustStore(env: NodeJS.ProcessEnv = process.env): Record<string, TrustEntry> {
  try {
    const data = JSON.parse(readFileSync(trustStorePath(env), 'utf8')) as { projects?: Record<string, TrustEntry> };
    return data && typeof data.projects === 'object' && data.projects ? data.projects : {};
  } catch {
    return {};
  }
}

/** Whether the project layer with this hash is trusted, was trusted with other content, or never. */
export function trustState(projectDir: string, hash: string, env: NodeJS.ProcessEnv = process.env): TrustState {
  const entry = readTrustStore(env)[projectDir];
  if (!entry) return 'untrusted';
  return entry.sha256 === hash ? 'trusted' : 'changed';
}

/** Records the hash of the project layer (atomically, private to the user). */
export function recordTrust(projectDir: string, hash: string, files: string[], env: NodeJS.ProcessEnv = process.env, snapshot?: TrustSnapshot): TrustEntry {
  const projects = readTrustStore(env);
  const entry: TrustEntry = { sha256: hash, files, trustedAt: new Date().toISOString(), ...(snapshot ? { snapshot } : {}) };
  projects[projectDir] = entry;
  writeStore(projects, env);
  return entry;
}

/** The last trusted version of a project layer, when the store kept one (and it is well formed). */
export function trustedSnapshot(projectDir: string, env: NodeJS.ProcessEnv = process.env): (TrustSnapshot & { trustedAt: string }) | null {
  const entry = readTrustStore(env)[projectDir];
  const snap = entry?.snapshot;
  if (!snap || !Array.isArray(snap.own) || !Array.isArray(snap.content)) return null;
  if (!snap.content.every((c) => c && typeof c.path === 'string' && typeof c.text === 'string')) return null;
  return { own: snap.own.filter((f) => typeof f === 'string'), content: snap.content, trustedAt: entry.trustedAt };
}

/** Forgets a project; false when it was not trusted. */
export function revokeTrust(projectDir: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const projects = readTrustStore(env);
  if (!projects[projectDir]) return false;
  delete projects[projectDir];
  writeStore(projects, env);
  return true;
}

function writeStore(projects: Record<string, TrustEntry>, env: NodeJS.ProcessEnv): void {
  const path = trustStorePath(env);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ version: 1, projects }, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, path);
}
