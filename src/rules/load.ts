/*!
 * Loading rulesets: YAML files → one merged RuleSet. Later files override earlier ones by rule
 * id; `programs` and `environments` sections merge. Errors carry file:line:col and never leave
 * the caller with "no rules": they throw RulesetError.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';
import type { RuleSet, RulesetFile, Rule } from './types.js';
import { validateRulesetFile } from './validate.js';

export interface Diagnostic {
  file: string;
  line: number;
  col: number;
  message: string;
  fix?: string;
}

export class RulesetError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'RulesetError';
  }
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.col}: ${d.message}${d.fix ? `\n  Fix: ${d.fix}` : ''}`;
}

/** The directory holding the built-in packs (`rulesets/` at the package root). */
export function builtinDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'rulesets');
}

/** The built-in pack files, in load order (environments and programs first). */
export function builtinFiles(): string[] {
  const dir = builtinDir();
  return readdirSync(dir).filter((f) => f.endsWith('.yaml') && !f.endsWith('.test.yaml')).sort().map((f) => join(dir, f));
}

export interface LoadedFile {
  path: string;
  data: RulesetFile;
  /** Line numbers of rule ids, for messages and `rules test`. */
  ruleLines: Map<string, number>;
}

/** Reads and validates one ruleset file; throws RulesetError with positions. */
export function readRulesetFile(path: string): LoadedFile {
  if (!existsSync(path)) throw new RulesetError([{ file: path, line: 1, col: 1, message: 'ruleset file not found', fix: 'check the path' }]);
  const text = readFileSync(path, 'utf8');
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  if (doc.errors.length) {
    throw new RulesetError(doc.errors.map((e) => {
      const pos = lc.linePos(e.pos[0]);
      return { file: path, line: pos.line, col: pos.col, message: `YAML syntax error: ${e.message.split('\n')[0]}`, fix: 'correct the YAML syntax at this position' };
    }));
  }
  const data = (doc.toJS() ?? {}) as RulesetFile;
  const diags = validateRulesetFile(data, doc, lc, path);
  if (diags.length) throw new RulesetError(diags);
  const ruleLines = new Map<string, number>();
  const rules = doc.get('rules', true) as { items?: { get(k: string, keep: boolean): { range?: number[] } | undefined; range?: number[] }[] } | undefined;
  rules?.items?.forEach((item, i) => {
    const id = data.rules?.[i]?.id;
    const range = item.get('id', true)?.range ?? item.range;
    if (id && range) ruleLines.set(id, lc.linePos(range[0]).line);
  });
  for (const r of data.rules ?? []) r.source = `${path}:${ruleLines.get(r.id) ?? 1}`;
  return { path, data, ruleLines };
}

/** Merges files in order: later rules replace earlier ones with the same id. */
export function mergeRulesets(files: LoadedFile[]): RuleSet {
  const rules = new Map<string, Rule>();
  const set: RuleSet = {
    rules: [],
    programs: {},
    environments: {
      production: { words: [], hosts: [] }, staging: { words: [], hosts: [] }, development: { words: [], hosts: [] },
      env_vars: [], url_vars: [], host_flags: [],
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
    for (const r of f.data.rules ?? []) rules.set(r.id, r);
  }
  set.rules = [...rules.values()];
  return set;
}

/** Loads the built-in packs plus extra files (later files win). */
export function loadRulesets(extraFiles: string[] = []): RuleSet {
  return mergeRulesets([...builtinFiles(), ...extraFiles].map(readRulesetFile));
}
