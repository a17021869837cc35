/*!
 * `shellgate rules lint`: every problem of the rulesets at once, each as file:line:col with a
 * fix. Syntax and schema errors per file; then the files are loaded as layers (extends,
 * cycles, locked rules); then likely mistakes (lint-checks.ts), ids repeated within a layer, and
 * `not_match` examples that match. Without paths: the built-in, user and project files (the
 * project even when it is not trusted yet: reading it is harmless, and the author needs it).
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { configDir } from '../config/paths.js';
import { loadEngine } from './load-engine.js';
import { builtinDir, builtinFiles, formatDiagnostic, parseRulesetFile, RulesetError, type Diagnostic, type LoadedFile } from '../rules/load.js';
import { rulesetFilesIn } from '../rules/extends.js';
import { loadLayers, userFiles, type Layers } from '../rules/layers.js';
import { findProjectDir, projectFiles } from '../rules/trust.js';
import { caseFilesIn, readCaseFile, TEST_CONTEXT } from './rule-tests.js';
import { lintFile } from './lint-checks.js';

export interface LintOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Files or directories; default: every layer's files. */
  paths?: string[];
}

export interface LintResult {
  diagnostics: Diagnostic[];
  /** Ruleset and case files that were linted. */
  files: string[];
}

/** Lints rulesets; resolves with every diagnostic (errors and warnings), sorted by position. */
export async function lintRulesets(opts: LintOptions): Promise<LintResult> {
  const env = opts.env ?? process.env;
  const { rulesets, cases } = opts.paths?.length ? expandPaths(opts.paths) : defaultTargets(opts.cwd, env);
  const diags: Diagnostic[] = [];
  const valid: LoadedFile[] = [];
  for (const p of rulesets) {
    const parsed = parseRulesetFile(p);
    if (parsed.file) valid.push(parsed.file);
    diags.push(...parsed.diagnostics);
  }
  for (const p of cases) diags.push(...readCaseFile(p).diagnostics);
  const layers = tryLayers(
    opts.cwd,
    env,
    valid.map((f) => f.path),
    diags,
  );
  if (layers) {
    const loaded = new Map(layers.files.map((lf, i) => [lf.file.path, i]));
    for (const f of valid) {
      const idx = loaded.get(f.path) ?? layers.files.length;
      const lower = new Set(layers.files.slice(0, idx).flatMap((lf) => (lf.file.data.rules ?? []).map((r) => r.id)));
      diags.push(...lintFile(f, lower));
    }
    diags.push(...sameLayerDuplicates(layers, new Set(valid.map((f) => f.path))));
    diags.push(...(await notMatchMatches(layers, valid)));
    if (layers.project && layers.project.trust !== 'trusted' && layers.project.files.length) {
      diags.push({
        file: layers.project.files[0],
        line: 1,
        col: 1,
        severity: 'warning',
        message: `the project layer in ${layers.project.dir} is ${layers.project.trust === 'changed' ? 'changed since it was trusted' : 'not trusted yet'}, so shellgate ignores it`,
        fix: `run \`shellgate trust\` in ${layers.project.dir} from your own terminal once it is right`,
      });
    }
  }
  return { diagnostics: dedupe(diags), files: [...rulesets, ...cases] };
}

function expandPaths(paths: string[]): { rulesets: string[]; cases: string[] } {
  const rulesets: string[] = [];
  const cases: string[] = [];
  for (const p of paths) {
    if (existsSync(p) && statSync(p).isDirectory()) {
      rulesets.push(...rulesetFilesIn(p));
      cases.push(...caseFilesIn(p));
    } else if (/\.test\.ya?ml$/.test(p)) cases.push(p);
    else rulesets.push(p);
  }
  return { rulesets: rulesets.map(real), cases };
}

function defaultTargets(cwd: string, env: NodeJS.ProcessEnv): { rulesets: string[]; cases: string[] } {
  const project = findProjectDir(cwd);
  return {
    rulesets: [...builtinFiles(), ...userFiles(env), ...(project ? projectFiles(project) : [])].map(real),
    cases: [
      ...caseFilesIn(builtinDir()),
      ...caseFilesIn(configDir(env)),
      ...caseFilesIn(join(configDir(env), 'rules')),
      ...(project ? caseFilesIn(join(project, '.shellgate')) : []),
    ],
  };
}

/** All layers with the valid targets on top; on failure, the built-ins with them; else none. */
function tryLayers(cwd: string, env: NodeJS.ProcessEnv, extra: string[], diags: Diagnostic[]): Layers | null {
  for (const builtinOnly of [false, true]) {
    try {
      return loadLayers({ cwd, env, extraFiles: extra, assumeProjectTrusted: true, builtinOnly });
    } catch (err) {
      if (!(err instanceof RulesetError)) throw err;
      diags.push(...err.diagnostics);
    }
  }
  return null;
}

function sameLayerDuplicates(layers: Layers, targets: Set<string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const first = new Map<string, string>();
  for (const { kind, file } of layers.files) {
    (file.data.rules ?? []).forEach((r, i) => {
      const key = `${kind}\0${r.id}`;
      const prev = first.get(key);
      if (prev && prev !== file.path && targets.has(file.path)) {
        out.push({
          file: file.path,
          ...file.at(['rules', i, 'id']),
          severity: 'warning',
          message: `rule "${r.id}" is also defined in ${prev} of the same layer (${kind}); this file wins because it loads later`,
          fix: 'keep one definition, or rename one of them',
        });
      }
      if (!prev) first.set(key, file.path);
    });
  }
  return out;
}

async function notMatchMatches(layers: Layers, targets: LoadedFile[]): Promise<Diagnostic[]> {
  const engine = loadEngine({ ruleset: layers.ruleset });
  await engine.ready();
  const inEffect = new Set(layers.ruleset.rules.map((r) => r.source));
  const out: Diagnostic[] = [];
  for (const file of targets) {
    (file.data.rules ?? []).forEach((rule, i) => {
      if (!inEffect.has(rule.source)) return;
      (rule.examples?.not_match ?? []).forEach((line, j) => {
        const hit = engine.classify(line, TEST_CONTEXT).reasons.find((r) => r.rule === rule.id);
        if (hit)
          out.push({
            file: file.path,
            ...file.at(['rules', i, 'examples', 'not_match', j]),
            message: `rule "${rule.id}": not_match example ${JSON.stringify(line)} matches (${hit.message})`,
            fix: 'narrow the match (e.g. `unless:` or `not_flags:`), or move the line to `examples.match`',
          });
      });
    });
  }
  return out;
}

function dedupe(diags: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diags
    .filter((d) => {
      const k = formatDiagnostic(d);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.col - b.col));
}

function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
