/*!
 * Loading rulesets: YAML files → one merged RuleSet. Later files override earlier ones by rule
 * id, except that a `locked` rule may only be tightened (locks.ts); `programs` and
 * `environments` sections merge. Errors carry file:line:col and never leave the caller with
 * "no rules": they throw RulesetError. Which files load, in which order, is layers.ts.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheGet, cachePut } from './parse-cache.js';
import { yaml } from '../util/yaml-module.js';
import type { RuleSet, RulesetFile, Rule } from './types.js';
import { validateRulesetFile } from './validate.js';
import { lockDiagnostics, lockedIds } from './locks.js';
import { syntaxProblem } from './yaml-syntax.js';
import { nodeAt, positionOf, type DataPath } from './yaml-positions.js';
import { RulesetError, type Diagnostic, type LoadedFile } from './diagnostic.js';

export { formatDiagnostic, RulesetError, type Diagnostic, type LoadedFile } from './diagnostic.js';

/** The directory holding the built-in packs (`rulesets/` at the package root). */
export function builtinDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'rulesets');
}

/** The built-in pack files, in load order (environments and programs first). */
export function builtinFiles(): string[] {
  const dir = builtinDir();
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && !f.endsWith('.test.yaml'))
    .sort()
    .map((f) => join(dir, f));
}

/** The outcome of reading one file: the file when it is valid, and every error found. */
export interface ParsedRulesetFile {
  file: LoadedFile | null;
  diagnostics: Diagnostic[];
}

/** Reads one ruleset file (or the given text for it) and returns all its errors; never throws. */
export function parseRulesetFile(path: string, text?: string): ParsedRulesetFile {
  if (text === undefined) {
    if (!existsSync(path)) return { file: null, diagnostics: [{ file: path, line: 1, col: 1, message: 'ruleset file not found', fix: 'check the path' }] };
    text = readFileSync(path, 'utf8');
  }
  const hit = fromCache(path, text);
  if (hit) return { file: hit, diagnostics: [] };
  const parsed = parseUncached(path, text);
  if (parsed.file) cachePut(path, text, { data: parsed.file.data, ruleLines: [...parsed.file.ruleLines] });
  return parsed;
}

function parseUncached(path: string, text: string): ParsedRulesetFile {
  const { LineCounter, parseDocument } = yaml();
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) return { file: null, diagnostics: [{ file: path, ...syntaxProblem(text, doc.errors, lc) }] };
  const data = (doc.toJS() ?? {}) as RulesetFile;
  const diagnostics = validateRulesetFile(data, doc, lc, path);
  if (diagnostics.length) return { file: null, diagnostics };
  const ruleLines = new Map<string, number>();
  (data.rules ?? []).forEach((r, i) => ruleLines.set(r.id, positionOf(lc, nodeAt(doc, ['rules', i, 'id'])).line));
  for (const r of data.rules ?? []) r.source = `${path}:${ruleLines.get(r.id) ?? 1}`;
  return { file: { path, data, ruleLines, at: (p) => positionOf(lc, nodeAt(doc, p)) }, diagnostics: [] };
}

/** Reads and validates one ruleset file; throws RulesetError with positions. */
export function readRulesetFile(path: string, text?: string): LoadedFile {
  const parsed = parseRulesetFile(path, text);
  if (!parsed.file) throw new RulesetError(parsed.diagnostics);
  return parsed.file;
}

/** A file served from the parse cache; positions (for messages only) re-parse on demand. */
function fromCache(path: string, text: string): LoadedFile | null {
  const cached = cacheGet(path, text);
  if (!cached) return null;
  let positions: LoadedFile | null = null;
  const at = (p: DataPath) => (positions ??= parseUncached(path, text).file!).at(p);
  return { path, data: cached.data, ruleLines: new Map(cached.ruleLines), at };
}

/**
 * Merges files in order: later rules replace earlier ones with the same id. A rule that an
 * earlier file locked may only be tightened (else RulesetError naming both files), and it stays
 * locked.
 */
export function mergeRulesets(files: LoadedFile[]): RuleSet {
  const violations = lockDiagnostics(files);
  if (violations.length) throw new RulesetError(violations);
  const rules = new Map<string, Rule>();
  const locked = new Set<string>();
  const set: RuleSet = {
    rules: [],
    programs: {},
    environments: {
      production: { words: [], hosts: [] },
      staging: { words: [], hosts: [] },
      development: { words: [], hosts: [] },
      env_vars: [],
      url_vars: [],
      host_flags: [],
    },
  };
  for (const f of files) {
    for (const [name, info] of Object.entries(f.data.programs ?? {})) {
      const prev = set.programs[name]?.optionsWithValue ?? [];
      set.programs[name] = { optionsWithValue: [...prev, ...(info.options_with_value ?? [])] };
    }
    const e = f.data.environments;
    if (e) {
      for (const k of ['production', 'staging', 'development'] as const) {
        set.environments[k].words!.push(...(e[k]?.words ?? []));
        set.environments[k].hosts!.push(...(e[k]?.hosts ?? []));
      }
      set.environments.env_vars.push(...(e.env_vars ?? []));
      set.environments.url_vars.push(...(e.url_vars ?? []));
      set.environments.host_flags.push(...(e.host_flags ?? []));
    }
    for (const r of f.data.rules ?? []) rules.set(r.id, locked.has(r.id) && !r.locked ? { ...r, locked: true } : r);
    for (const id of lockedIds(f)) locked.add(id);
  }
  set.rules = [...rules.values()];
  keepStrictestWords(set.environments);
  return set;
}

/**
 * A word named by two environments counts for the more sensitive one only (a higher layer
 * cannot turn `prod` into a development word).
 */
function keepStrictestWords(e: RuleSet['environments']): void {
  const taken = new Set<string>();
  for (const k of ['production', 'staging', 'development'] as const) {
    const words = e[k].words!.filter((w) => !taken.has(w.toLowerCase()));
    for (const w of words) taken.add(w.toLowerCase());
    e[k].words = words;
  }
}

/** Loads the built-in packs plus extra files (later files win). */
export function loadRulesets(extraFiles: string[] = []): RuleSet {
  return mergeRulesets([...builtinFiles(), ...extraFiles].map((p) => readRulesetFile(p)));
}
