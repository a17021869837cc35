/*!
 * Which ruleset files apply, in which order. Layers, lowest first:
 *   built-in packs < team packs (what the user and project layers `extends`) < user
 *   (`configDir()/rules.yaml`, `configDir()/rules/*.yaml`) < project (`.shellgate/*.yaml`,
 *   nearest from the cwd up to the repo root) < extra files (`check --ruleset`).
 * Later files override rules by id (locked rules only tighten: locks.ts). The project layer and
 * its team packs load only when their exact content is trusted (trust.ts); untrusted ones are
 * ignored with a warning, and changed ones keep their last trusted version (with a warning; when no
 * copy was kept, agents are refused). Any error in what does load throws RulesetError: never "no rules".
 */
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { configDir } from '../config/paths.js';
import { builtinFiles, mergeRulesets, parseRulesetFile, RulesetError, type Diagnostic, type LoadedFile } from './load.js';
import { ExtendsError, resolveExtends, rulesetFilesIn } from './extends.js';
import { contentHash, findProjectDir, projectContent, projectFiles, trustedSnapshot, trustState, type LayerContent, type TrustState } from './trust.js';
import type { RuleSet } from './types.js';

export type LayerKind = 'builtin' | 'team' | 'user' | 'project' | 'extra';

/** A loaded file and the layer it belongs to. */
export interface LayerFile {
  kind: LayerKind;
  file: LoadedFile;
}

/** The project layer as found, whether or not it was loaded. */
export interface ProjectLayer {
  dir: string;
  files: string[];
  content: LayerContent[];
  hash: string;
  trust: TrustState;
  loaded: boolean;
  /** Changed since trusted: the last trusted version is what loaded (when this is set). */
  trustedAt?: string;
}

export interface Layers {
  ruleset: RuleSet;
  /** Every loaded file, in load order. */
  files: LayerFile[];
  /** Untrusted or changed project layers that were ignored, in words for a human. */
  warnings: string[];
  project: ProjectLayer | null;
}

export interface LayerOptions {
  cwd: string;
  /** Topmost files (`--ruleset`), above the project layer. */
  extraFiles?: string[];
  /** Environment for `configDir()` (SHELLGATE_CONFIG_DIR). */
  env?: NodeJS.ProcessEnv;
  /** Load the project layer even when untrusted (`trust` checks it loads; `rules lint`). */
  assumeProjectTrusted?: boolean;
  /** Leave out the user and project layers (testing a pack on its own). */
  builtinOnly?: boolean;
}

/** The user layer's files. */
export function userFiles(env: NodeJS.ProcessEnv = process.env): string[] {
  const dir = configDir(env);
  return [...rulesetFilesIn(dir).filter((f) => /\/rules\.ya?ml$/.test(f)), ...rulesetFilesIn(join(dir, 'rules'))];
}

/** Loads every layer that applies to `cwd`. Throws RulesetError with all errors found. */
export function loadLayers(opts: LayerOptions): Layers {
  const env = opts.env ?? process.env;
  const warnings: string[] = [];
  const project = opts.builtinOnly ? null : describeProject(opts.cwd, env, opts.assumeProjectTrusted ?? false);
  if (project && (!project.loaded || project.trustedAt)) warnings.push(untrustedWarning(project));
  const ex = new Expander(new Map(project?.loaded ? project.content.map((c) => [c.path, c.text]) : []));
  // Packages are found from the extending file; only the project layer (covered by its trust
  // hash) and --ruleset files also look in the project's node_modules, which an agent can write.
  const builtin = ex.expand(builtinFiles().map(real), null);
  const user = opts.builtinOnly ? EMPTY : ex.expand(userFiles(env).map(real), null);
  const proj = project?.loaded ? ex.expand(project.files, project.dir) : EMPTY;
  const extra = ex.expand(
    (opts.extraFiles ?? []).map((f) => real(f)),
    project?.dir ?? real(opts.cwd),
  );
  if (ex.diagnostics.length) throw new RulesetError(ex.diagnostics);
  const files: LayerFile[] = [
    ...tag('builtin', [...builtin.team, ...builtin.own]),
    ...tag('team', [...user.team, ...proj.team]),
    ...tag('user', user.own),
    ...tag('project', proj.own),
    ...tag('team', extra.team),
    ...tag('extra', extra.own),
  ];
  return { ruleset: mergeRulesets(files.map((f) => f.file)), files, warnings, project };
}

/** Finds the project layer for `cwd` and decides whether it loads. */
export function describeProject(cwd: string, env: NodeJS.ProcessEnv, assumeTrusted: boolean): ProjectLayer | null {
  const dir = findProjectDir(cwd);
  if (!dir) return null;
  const files = projectFiles(dir);
  if (files.length === 0) return null;
  const content = projectContent(dir);
  const hash = contentHash(content, dir);
  const trust = trustState(dir, hash, env);
  // Changed since a human trusted it: that trusted version keeps applying (never no project rules).
  const snap = trust === 'changed' && !assumeTrusted ? trustedSnapshot(dir, env) : null;
  if (snap) return { dir, files: snap.own, content: snap.content, hash, trust, loaded: true, trustedAt: snap.trustedAt };
  return { dir, files, content, hash, trust, loaded: trust === 'trusted' || assumeTrusted };
}

function untrustedWarning(p: ProjectLayer): string {
  const fix = `  Fix: review them, then run \`shellgate trust\` in ${p.dir} from your own terminal (outside the guarded session).`;
  if (p.trustedAt)
    return `shellgate: warning: the project rules in ${join(p.dir, '.shellgate')} changed since they were trusted; the version trusted at ${p.trustedAt} still applies.\n${fix}`;
  if (p.trust === 'changed')
    return `shellgate: warning: the project rules in ${join(p.dir, '.shellgate')} changed since they were trusted and no trusted copy was kept, so agents are refused.\n${fix}`;
  return `shellgate: warning: the project rules in ${join(p.dir, '.shellgate')} are not trusted yet, so they are ignored.\n${fix}`;
}

const EMPTY = { team: [] as LoadedFile[], own: [] as LoadedFile[] };

function tag(kind: LayerKind, files: LoadedFile[]): LayerFile[] {
  return files.map((file) => ({ kind, file }));
}

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Loads a layer's files and, depth first, what they extend; each file once; cycles are errors. */
class Expander {
  readonly diagnostics: Diagnostic[] = [];
  private readonly loaded = new Set<string>();

  private projectDir: string | null = null;

  constructor(private readonly texts: Map<string, string>) {}

  /** Loads a layer's files; npm packages are also looked up from `projectDir` when given. */
  expand(paths: string[], projectDir: string | null): { team: LoadedFile[]; own: LoadedFile[] } {
    this.projectDir = projectDir;
    const out = { team: [] as LoadedFile[], own: [] as LoadedFile[] };
    const own = new Set(paths);
    for (const p of paths) this.visit(p, [], own, out);
    return out;
  }

  private visit(path: string, stack: string[], own: Set<string>, out: { team: LoadedFile[]; own: LoadedFile[] }): void {
    if (this.loaded.has(path)) return;
    this.loaded.add(path);
    const parsed = parseRulesetFile(path, this.texts.get(path));
    if (!parsed.file) {
      this.diagnostics.push(...parsed.diagnostics);
      return;
    }
    const file = parsed.file;
    const specs = file.data.extends === undefined ? [] : typeof file.data.extends === 'string' ? [file.data.extends] : file.data.extends;
    specs.forEach((spec, i) => {
      const at = file.at(typeof file.data.extends === 'string' ? ['extends'] : ['extends', i]);
      for (const target of this.resolve(spec, file, at)) {
        if (target === path || stack.includes(target)) {
          const chain = [...stack, path, target].join(' → ');
          this.diagnostics.push({
            file: path,
            ...at,
            message: `extends "${spec}" makes a cycle: ${chain}`,
            fix: 'remove one of the `extends` entries of the cycle',
          });
          continue;
        }
        this.visit(target, [...stack, path], own, out);
      }
    });
    (own.has(path) ? out.own : out.team).push(file);
  }

  private resolve(spec: string, file: LoadedFile, at: { line: number; col: number }): string[] {
    try {
      return resolveExtends(spec, file.path, this.projectDir);
    } catch (err) {
      if (!(err instanceof ExtendsError)) throw err;
      this.diagnostics.push({ file: file.path, ...at, message: `extends: ${err.message}`, fix: err.fix });
      return [];
    }
  }
}
