/*!
 * `extends:` targets → ruleset files. A relative path (`./team.yaml`, `../packs/`) is resolved
 * from the extending file; anything else is an npm package name (`@acme/shellgate-rules`,
 * optionally with a subpath), found with Node's resolution from the extending file, then from the
 * project. A package names its ruleset(s) in the `shellgate` field of its package.json, or ships
 * `shellgate.yaml` or `index.yaml`. Packages are only read, never imported: no package code runs.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/** A target that cannot be resolved; the caller adds the position of the `extends` entry. */
export class ExtendsError extends Error {
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(message);
    this.name = 'ExtendsError';
  }
}

/** True for targets written as paths rather than package names. */
export function isPathSpec(spec: string): boolean {
  return spec.startsWith('./') || spec.startsWith('../') || isAbsolute(spec) || spec === '.' || spec === '..';
}

/** Ruleset files (`*.yaml`, `*.yml`, not `*.test.yaml`) of a directory, sorted. */
export function rulesetFilesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && !/\.test\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}

/** The files an `extends` entry names, as real paths, in load order. Throws ExtendsError. */
export function resolveExtends(spec: string, fromFile: string, projectDir: string | null): string[] {
  if (isPathSpec(spec)) return fileOrDir(resolve(dirname(fromFile), spec), spec);
  const { name, subpath } = splitPackage(spec);
  const dir = packageDir(name, [fromFile, ...(projectDir ? [join(projectDir, 'package.json')] : [])]);
  if (!dir) {
    const install = projectDir
      ? `install it in the project (npm install --save-dev ${name})`
      : `install it next to this file (npm install --prefix ${dirname(fromFile)} ${name})`;
    throw new ExtendsError(
      `cannot find the npm package "${name}" (looked from ${dirname(fromFile)}${projectDir ? ` and ${projectDir}` : ''})`,
      `${install}, or write a relative path such as ./${name.split('/').pop()}.yaml`,
    );
  }
  if (subpath) return fileOrDir(join(dir, subpath), spec);
  return packageEntries(dir, name);
}

function fileOrDir(path: string, spec: string): string[] {
  if (!existsSync(path)) throw new ExtendsError(`"${spec}" not found (${path})`, 'check the path; relative paths start from the directory of this file');
  if (statSync(path).isDirectory()) {
    const files = rulesetFilesIn(path);
    if (files.length === 0)
      throw new ExtendsError(`"${spec}" is a directory without ruleset files (${path})`, 'point at a .yaml file or a directory holding some');
    return files.map((f) => realpathSync(f));
  }
  return [realpathSync(path)];
}

/** `@scope/name/sub/x.yaml` → name `@scope/name`, subpath `sub/x.yaml`. */
function splitPackage(spec: string): { name: string; subpath: string } {
  const parts = spec.split('/');
  const n = spec.startsWith('@') ? 2 : 1;
  return { name: parts.slice(0, n).join('/'), subpath: parts.slice(n).join('/') };
}

function packageDir(name: string, bases: string[]): string | null {
  for (const base of bases) {
    const req = createRequire(base);
    try {
      return dirname(req.resolve(`${name}/package.json`));
    } catch {
      // `exports` may hide package.json: look in the same node_modules directories by hand.
      for (const p of req.resolve.paths(name) ?? []) {
        if (existsSync(join(p, name, 'package.json'))) return join(p, name);
      }
    }
  }
  return null;
}

function packageEntries(dir: string, name: string): string[] {
  let field: unknown;
  try {
    field = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { shellgate?: unknown }).shellgate;
  } catch {
    throw new ExtendsError(`the package.json of "${name}" is not valid JSON (${dir})`, 'reinstall the package');
  }
  if (field !== undefined) {
    const list = typeof field === 'string' ? [field] : Array.isArray(field) && field.every((f) => typeof f === 'string') ? (field as string[]) : null;
    if (!list) throw new ExtendsError(`the "shellgate" field of ${name}'s package.json must be a path or a list of paths`, 'e.g. "shellgate": "rules.yaml"');
    return list.flatMap((f) => fileOrDir(join(dir, f), `${name}/${f}`));
  }
  for (const f of ['shellgate.yaml', 'index.yaml']) if (existsSync(join(dir, f))) return [realpathSync(join(dir, f))];
  throw new ExtendsError(`the package "${name}" has no ruleset (${dir})`, 'add "shellgate": "rules.yaml" to its package.json, or ship shellgate.yaml');
}
