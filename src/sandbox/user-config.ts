/*!
 * The user's sandbox settings, `<configDir>/sandbox.yaml` (human-trusted: the config directory is
 * read-only inside the sandbox, so the agent cannot edit it from there):
 *
 *   enabled: true          # optional; the human's interactive shell runs sandboxed too
 *   net: none              # optional; open (default) or none
 *   agents: enforce        # agent commands: enforce (default: contained or refused) or advisory
 *                          # (run uncontained when bubblewrap is unavailable, logged "uncontained")
 *   bash: /usr/bin/bash    # optional; the bash to run (default: a root-owned /bin/bash)
 *   bwrap: /usr/bin/bwrap  # optional; bubblewrap (default: a root-owned one in /usr/bin, /bin)
 *   writable:              # extra directories agent commands may write (besides the project,
 *     - ~/.gradle          # its private /tmp and the build caches)
 *   mask:                  # extra paths to hide (pattern syntax: mask-patterns.ts)
 *     - ~/.config/stripe
 *   unmask:                # defaults to show again (this layer is trusted to remove)
 *     - ~/.npmrc
 *
 * A broken file is an error, never ignored: the sandbox refuses to start and names the line.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Document } from 'yaml';
import { yaml } from '../util/yaml-module.js';
import { configDir } from '../config/paths.js';
import { cachedParse } from '../config/parsed-cache.js';
import { SandboxError } from './sandbox-error.js';

/** Parsed `sandbox.yaml`; every field optional in the file. */
export interface SandboxConfig {
  enabled?: boolean;
  net?: 'open' | 'none';
  /** How agent commands run when containment is unavailable: refused (enforce) or uncontained. */
  agents?: 'enforce' | 'advisory';
  /** Absolute path of the bash to run. */
  bash?: string;
  /** Absolute path of bubblewrap. */
  bwrap?: string;
  mask: string[];
  unmask: string[];
  /** Extra writable directories for agent commands (pattern syntax of mask-patterns.ts, no bare names). */
  writable: string[];
}

const KEYS = new Set(['enabled', 'net', 'agents', 'bash', 'bwrap', 'mask', 'unmask', 'writable']);

/** Path of the user's sandbox config file. */
export function sandboxConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), 'sandbox.yaml');
}

/**
 * Reads `sandbox.yaml`; a missing file is an empty config. Throws SandboxError on a bad file.
 * Every agent command reads it: a valid file's parsed form is cached (config/parsed-cache.ts), so
 * that the YAML library is loaded only when the file changed.
 */
export function loadSandboxConfig(env: NodeJS.ProcessEnv = process.env): SandboxConfig {
  const path = sandboxConfigPath(env);
  if (!existsSync(path)) return { mask: [], unmask: [], writable: [] };
  return cachedParse('sandbox-v1', path, readFileSync(path, 'utf8'), parseSandboxConfig);
}

function parseSandboxConfig(path: string, text: string): SandboxConfig {
  const { LineCounter, parseDocument } = yaml();
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const fail = (offset: number | undefined, msg: string): never => {
    const line = offset === undefined ? 1 : lines.linePos(offset).line;
    throw new SandboxError(`${path}:${line}: ${msg}`);
  };
  if (doc.errors.length > 0) fail(doc.errors[0].pos[0], doc.errors[0].message.split('\n')[0]);
  const raw: unknown = doc.toJS() ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail(0, 'expected a mapping with mask/unmask/net/enabled');
  const obj = raw as Record<string, unknown>;
  const offsetOf = (key: string): number | undefined => (doc.get(key, true) as { range?: number[] } | undefined)?.range?.[0];
  for (const key of Object.keys(obj)) {
    if (!KEYS.has(key)) fail(offsetOf(key), `unknown key "${key}" (known: ${[...KEYS].join(', ')})`);
  }
  const list = (key: string): string[] => {
    const value = obj[key] ?? [];
    if (!Array.isArray(value)) fail(offsetOf(key), `"${key}" must be a list of paths`);
    const bad = (value as unknown[]).findIndex((v) => typeof v !== 'string');
    if (bad >= 0) fail(itemOffset(doc, key, bad) ?? offsetOf(key), `"${key}" must be a list of paths (item ${bad + 1} is not a path)`);
    return value as string[];
  };
  if (obj.net !== undefined && obj.net !== 'open' && obj.net !== 'none') fail(offsetOf('net'), '"net" must be open or none');
  if (obj.enabled !== undefined && typeof obj.enabled !== 'boolean') fail(offsetOf('enabled'), '"enabled" must be true or false');
  if (obj.agents !== undefined && obj.agents !== 'enforce' && obj.agents !== 'advisory') fail(offsetOf('agents'), '"agents" must be enforce or advisory');
  for (const key of ['bash', 'bwrap']) {
    const v = obj[key];
    if (v !== undefined && (typeof v !== 'string' || !v.startsWith('/'))) fail(offsetOf(key), `"${key}" must be an absolute path`);
  }
  return {
    enabled: obj.enabled as boolean | undefined,
    net: obj.net as SandboxConfig['net'],
    agents: obj.agents as SandboxConfig['agents'],
    bash: obj.bash as string | undefined,
    bwrap: obj.bwrap as string | undefined,
    mask: list('mask'),
    unmask: list('unmask'),
    writable: list('writable'),
  };
}

/** Start offset of item `index` of the sequence under `key`, if there is one. */
function itemOffset(doc: Document, key: string, index: number): number | undefined {
  const seq = doc.get(key, true);
  if (!yaml().isSeq(seq)) return undefined;
  return (seq.items[index] as { range?: number[] } | undefined)?.range?.[0];
}

/**
 * Appends paths to `mask:` in `sandbox.yaml`, keeping the file's comments and order; creates the
 * file if needed. Returns the paths that were not already listed.
 */
export function appendMasks(paths: readonly string[], env: NodeJS.ProcessEnv = process.env): string[] {
  const current = loadSandboxConfig(env);
  const added = [...new Set(paths)].filter((p) => !current.mask.includes(p));
  if (added.length === 0) return [];
  const path = sandboxConfigPath(env);
  const { isMap, isSeq, parseDocument } = yaml();
  const doc: Document = existsSync(path) ? parseDocument(readFileSync(path, 'utf8')) : parseDocument('mask: []\n');
  if (!isMap(doc.contents)) doc.contents = doc.createNode({}) as typeof doc.contents;
  const seq = doc.get('mask', true);
  if (isSeq(seq)) {
    seq.flow = false;
    for (const p of added) seq.add(doc.createNode(p));
  } else {
    doc.set('mask', doc.createNode(added));
  }
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, doc.toString());
  return added;
}
