/*!
 * The user's undo settings, `<configDir>/undo.yaml` (the config directory is hidden from agent
 * commands, so an agent cannot turn undo off or shorten its history):
 *
 *   enabled: true         # record agent commands (default true)
 *   keep: 200             # snapshots kept per project: the most recent commands (default 200)
 *   max_age_days: 14      # and none older than this (default 14)
 *   max_file_mb: 16       # files larger than this are left out of snapshots (default 16)
 *   scan_limit_s: 30      # how often a long git call of a snapshot is checked for a FIFO blocking it (default 30)
 *   exclude:              # more paths never recorded (.gitignore syntax; node_modules/ etc. built in)
 *     - data/
 *   required: false       # true: refuse an agent command when no snapshot can be taken
 *
 * A broken file is an error, never ignored: agent commands are refused and the line is named.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configDir } from '../config/paths.js';
import { cachedParse } from '../config/parsed-cache.js';
import { yaml } from '../util/yaml-module.js';

/** Parsed `undo.yaml` with defaults applied. */
export interface UndoConfig {
  enabled: boolean;
  keep: number;
  maxAgeDays: number;
  maxFileBytes: number;
  /** How long a git call of a snapshot runs before it is checked for a FIFO blocking it (undo/scan-deadline.ts). */
  scanLimitMs: number;
  exclude: string[];
  required: boolean;
}

export const UNDO_DEFAULTS: UndoConfig = {
  enabled: true,
  keep: 200,
  maxAgeDays: 14,
  maxFileBytes: 16 * 1024 * 1024,
  scanLimitMs: 30_000,
  exclude: [],
  required: false,
};

/** Thrown for a broken undo.yaml. */
export class UndoConfigError extends Error {}

/** Path of the undo config file. */
export function undoConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), 'undo.yaml');
}

function positive(obj: Record<string, unknown>, key: string, fallback: number, fail: (m: string) => never): number {
  const v = obj[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) fail(`"${key}" must be a positive number`);
  return v as number;
}

/** Reads undo.yaml; a missing file gives the defaults. Throws UndoConfigError on a bad file. */
export function loadUndoConfig(env: NodeJS.ProcessEnv = process.env): UndoConfig {
  const path = undoConfigPath(env);
  if (!existsSync(path)) return { ...UNDO_DEFAULTS };
  // Parsed once per version of the file (config/parsed-cache.ts): no YAML library per command.
  return cachedParse('undo-v2', path, readFileSync(path, 'utf8'), parseUndoConfig);
}

function parseUndoConfig(path: string, text: string): UndoConfig {
  const { LineCounter, parseDocument } = yaml();
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const fail = (msg: string, offset?: number): never => {
    throw new UndoConfigError(`${path}:${offset === undefined ? 1 : lines.linePos(offset).line}: ${msg}`);
  };
  if (doc.errors.length > 0) fail(doc.errors[0].message.split('\n')[0], doc.errors[0].pos[0]);
  const raw: unknown = doc.toJS() ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    fail('expected a mapping (enabled, keep, max_age_days, max_file_mb, scan_limit_s, exclude, required)');
  const obj = raw as Record<string, unknown>;
  const known = ['enabled', 'keep', 'max_age_days', 'max_file_mb', 'scan_limit_s', 'exclude', 'required'];
  for (const key of Object.keys(obj))
    if (!known.includes(key)) fail(`unknown key "${key}" (known: ${known.join(', ')})`, (doc.get(key, true) as { range?: number[] } | undefined)?.range?.[0]);
  for (const key of ['enabled', 'required']) if (obj[key] !== undefined && typeof obj[key] !== 'boolean') fail(`"${key}" must be true or false`);
  const exclude = obj.exclude ?? [];
  if (!Array.isArray(exclude) || exclude.some((e) => typeof e !== 'string' || e.includes('\n'))) fail('"exclude" must be a list of patterns');
  const keep = positive(obj, 'keep', UNDO_DEFAULTS.keep, fail);
  if (!Number.isInteger(keep)) fail('"keep" must be a whole number');
  return {
    enabled: (obj.enabled as boolean | undefined) ?? true,
    keep,
    maxAgeDays: positive(obj, 'max_age_days', UNDO_DEFAULTS.maxAgeDays, fail),
    maxFileBytes: Math.round(positive(obj, 'max_file_mb', UNDO_DEFAULTS.maxFileBytes / 1024 / 1024, fail) * 1024 * 1024),
    scanLimitMs: Math.round(positive(obj, 'scan_limit_s', UNDO_DEFAULTS.scanLimitMs / 1000, fail) * 1000),
    exclude: exclude as string[],
    required: (obj.required as boolean | undefined) ?? false,
  };
}
