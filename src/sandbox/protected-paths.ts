/*!
 * shellgate's own files, bound read-only inside the sandbox so that self-protection does not
 * depend on parsing: the state directory (audit log, approvals), the config directory (user
 * rulesets, trusted hashes, sandbox.yaml), the installed package (built-in rulesets and code, which
 * may live under a writable home with nvm), the project's `.shellgate/` ruleset and the classifier
 * daemon's fallback socket directories.
 * Also owns the empty file that masked files are replaced with.
 */
import { existsSync, lstatSync, mkdirSync, readFileSync, realpathSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configDir, runtimeDirs, stateDir } from '../config/paths.js';
import { SandboxError } from './sandbox-error.js';

let foundRoot: string | null | undefined;

/** The installed shellgate package (nearest package.json named shellgate above this module), or null. */
export function packageRoot(): string | null {
  // Where this module is installed does not change while it runs.
  if (foundRoot === undefined) foundRoot = findPackageRoot();
  return foundRoot;
}

function findPackageRoot(): string | null {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dirname(dir) !== dir; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'shellgate') return dir;
    } catch {
      // no package.json here: keep looking upwards
    }
  }
  return null;
}

/**
 * Directories to bind read-only: shellgate's state and config directories as seen by this
 * process and by the child's environment (created first, so the agent cannot plant them),
 * the package (unless it overlaps the project, as when shellgate itself is the project being
 * worked on), and `<projectRoot>/.shellgate` when it exists.
 */
export function protectedPaths(childEnv: NodeJS.ProcessEnv, projectRoot: string): string[] {
  const own = [stateDir(process.env), configDir(process.env), stateDir(childEnv), configDir(childEnv)];
  for (const dir of own) ensureDir(dir);
  // The classifier daemon's fallback socket directories: created (so that nothing inside can
  // plant one and answer for the daemon) where they can be, and bound read-only.
  const runtime = unique([...runtimeDirs(process.env), ...runtimeDirs(childEnv)]);
  for (const dir of runtime) tryDir(dir);
  const pkg = packageRoot();
  const extra = [join(projectRoot, '.shellgate'), ...runtime];
  if (pkg && !isWithin(pkg, projectRoot) && !isWithin(projectRoot, pkg)) extra.push(pkg);
  return unique([...own, ...extra.filter((p) => existsSync(p))].map((p) => realpathSync(p)));
}

/** True when `inner` is `outer` or below it. */
export function isWithin(inner: string, outer: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * A zero-byte read-only regular file inside shellgate's state directory (itself read-only in the
 * sandbox), bound over each masked file. Re-created if anything changed it.
 */
export function emptyFile(): string {
  const path = join(stateDir(process.env), 'sandbox', 'empty');
  try {
    const st = lstatSync(path, { throwIfNoEntry: false });
    if (st && st.isFile() && st.size === 0) return path;
    if (st) unlinkSync(path);
    ensureDir(dirname(path));
    writeFileSync(path, '', { mode: 0o444 });
    return path;
  } catch (err) {
    throw new SandboxError(`cannot create the empty file used to mask credentials (${path}): ${(err as Error).message}`);
  }
}

function ensureDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new SandboxError(`cannot create shellgate's directory ${dir} to protect it: ${(err as Error).message}`);
  }
}

function tryDir(dir: string): void {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch {
    /* there already, or its parent is missing: nothing to protect then */
  }
}

function unique(paths: string[]): string[] {
  return [...new Set(paths)];
}
