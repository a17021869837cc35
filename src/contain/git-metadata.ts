/*!
 * Git repositories inside the project that the human's git will obey after an agent's command.
 * `.git/config` and `.git/hooks` of the project are bound read-only (protected-files.ts), but git
 * finds its config by other ways too, all writable by a contained command:
 * - `.git/commondir` (git reads `config` and `hooks/` from the directory it names);
 * - a `.git` *file* (`gitdir: somewhere`) in place of the directory;
 * - a new `.git` in a project that had none (`git init`, then `git config core.fsmonitor …`);
 * - submodules: `git status` in the project runs `git status` in every gitlink of the index, with
 *   that repository's config (`sub/.git/config`, `.git/modules/sub/config`) and hooks.
 * So after each contained command, every repository git reaches from the project root is looked
 * at: a redirect (`.git` file, `commondir`) or config the command wrote (changed since it started)
 * that leads to a config with keys that run programs, or a hook the command wrote, is returned to
 * be moved aside (watch.ts). Nested repositories git does not reach from the root (one the human
 * would have to enter) are not covered: docs/sandbox.md says so.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { isWithin } from '../sandbox/protected-paths.js';
import { withRegularFile } from '../util/regular-file.js';
import { cacheDir } from '../config/paths.js';
import { gitlinkPathsCached } from './git-links.js';
import { configMayRun } from './git-config-keys.js';

/**
 * How far into `.git/modules` (nested submodules) is looked. Every gitlink of the index is looked
 * at (one lstat each when it holds no repository): a cap would be a count a command can exceed.
 */
const MAX_DEPTH = 4;

/** True when `path` was created or changed (ctime) at or after `sinceMs`. */
function changedSince(path: string, sinceMs: number): boolean {
  try {
    return lstatSync(path).ctimeMs >= sinceMs;
  } catch {
    return false;
  }
}

/** The text of the regular file at `path` (not through a link), read without blocking on a FIFO swapped in meanwhile. */
function readText(path: string): string | null {
  try {
    return lstatSync(path).isFile() ? withRegularFile(path, (fd) => readFileSync(fd, 'utf8')) : null;
  } catch {
    return null;
  }
}

/** Hooks (not git's `*.sample`) in `dir` changed since `sinceMs`. */
function newHooks(dir: string, sinceMs: number): string[] {
  try {
    return readdirSync(dir)
      .filter((n) => !n.endsWith('.sample'))
      .map((n) => join(dir, n))
      .filter((p) => changedSince(p, sinceMs));
  } catch {
    return [];
  }
}

/** A repository as git finds it from a work tree's `.git` entry. */
interface Repo {
  /** The `.git` file (a redirect), when `.git` is one. */
  gitFile: string | null;
  gitDir: string;
  /** `commondir` in gitDir, when there is one (a redirect too). */
  commonFile: string | null;
  common: string;
}

/** Resolves the repository of the `.git` entry at `dotGit` (null: none, or unreadable). */
function repoAt(dotGit: string): Repo | null {
  let st;
  try {
    st = lstatSync(dotGit);
  } catch {
    return null;
  }
  let gitFile: string | null = null;
  let gitDir = dotGit;
  if (st.isFile()) {
    const m = /^gitdir:\s*(.+?)\s*$/m.exec(readText(dotGit) ?? '');
    if (!m) return null;
    gitFile = dotGit;
    gitDir = resolve(dirname(dotGit), m[1]);
  } else if (!st.isDirectory()) return null;
  const commonText = readText(join(gitDir, 'commondir'));
  const commonFile = commonText === null ? null : join(gitDir, 'commondir');
  const c = commonText?.trim();
  const common = c ? (isAbsolute(c) ? c : resolve(gitDir, c)) : gitDir;
  return { gitFile, gitDir, commonFile, common };
}

/** What in `repo` must be moved aside: paths, given `sinceMs` the command's start. */
function hostileParts(repo: Repo, sinceMs: number, inProject: (p: string) => boolean): string[] {
  const config = join(repo.common, 'config');
  const hooks = [...newHooks(join(repo.common, 'hooks'), sinceMs), ...newHooks(join(repo.gitDir, 'hooks'), sinceMs)];
  const runs = configMayRun(readText(config) ?? '') || readdirHooks(join(repo.common, 'hooks')).length > 0;
  const out: string[] = [];
  // A redirect the command wrote that leads to a config (or hooks) that runs programs: the redirect goes.
  for (const redirect of [repo.gitFile, repo.commonFile]) if (redirect && changedSince(redirect, sinceMs) && runs) out.push(redirect);
  if (out.length > 0) return out;
  if (inProject(config) && changedSince(config, sinceMs) && configMayRun(readText(config) ?? '')) out.push(config);
  return [...out, ...hooks.filter(inProject)];
}

/** Every hook (not `*.sample`) in `dir`. */
function readdirHooks(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => !n.endsWith('.sample'));
  } catch {
    return [];
  }
}

/** The `.git` entries of the absorbed submodules under `modules` (`.git/modules/<name>/…`). */
function absorbed(modules: string, depth: number, out: string[]): void {
  if (depth > MAX_DEPTH) return;
  let names: string[];
  try {
    names = readdirSync(modules);
  } catch {
    return;
  }
  for (const name of names) {
    const dir = join(modules, name);
    if (readText(join(dir, 'HEAD')) !== null) out.push(dir);
    absorbed(join(dir, 'modules'), depth + 1, out);
    if (readText(join(dir, 'HEAD')) === null) absorbed(dir, depth + 1, out); // names with slashes
  }
}

/**
 * The paths of git metadata in `projectRoot` that the command started at `sinceMs` (ms since the
 * epoch) wrote and that would run a program outside the container through the human's git.
 */
export function hostileGitMetadata(projectRoot: string, sinceMs: number): string[] {
  const inProject = (p: string) => isWithin(p, projectRoot);
  const top = repoAt(join(projectRoot, '.git'));
  if (!top) return [];
  const out = new Set(hostileParts(top, sinceMs, inProject));
  const sha256 = /objectformat\s*=\s*sha256/i.test(readText(join(top.common, 'config')) ?? '');
  const links = gitlinkPathsCached(join(top.gitDir, 'index'), sha256 ? 32 : 20, cacheDir(process.env));
  const dotGits = links.map((l) => join(projectRoot, l, '.git')).filter(inProject);
  const modules: string[] = [];
  absorbed(join(top.common, 'modules'), 0, modules);
  for (const dotGit of dotGits) {
    const repo = repoAt(dotGit);
    if (repo) for (const p of hostileParts(repo, sinceMs, inProject)) out.add(p);
  }
  for (const dir of modules.filter(inProject)) {
    for (const p of hostileParts({ gitFile: null, gitDir: dir, commonFile: null, common: dir }, sinceMs, inProject)) out.add(p);
    const c = repoAt(dir);
    if (c?.commonFile && changedSince(c.commonFile, sinceMs)) out.add(c.commonFile);
  }
  return [...out];
}
