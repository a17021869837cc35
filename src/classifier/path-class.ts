/*!
 * Where a path points, relative to what matters: the root, the home directory, system
 * directories, the working directory and its parents, scratch/build output, temp space.
 */
import { posix } from 'node:path';
import { DYN } from '../parser/model.js';
import type { Context } from './context.js';

export type PathClass =
  | 'root'
  | 'home'
  | 'home-sub'
  | 'system'
  | 'system-file'
  | 'device'
  | 'parent'
  | 'cwd'
  | 'wildcard'
  | 'scratch'
  | 'tmp'
  | 'outside'
  | 'inside'
  | 'dynamic'
  /** A path of a fresh container's own filesystem (set by analyzers, never by classifyPath). */
  | 'container';

/** Build output and caches that are safe to delete inside a project. */
export const SCRATCH = new Set([
  'node_modules',
  'dist',
  'build',
  'out',
  'target',
  '.cache',
  'coverage',
  '__pycache__',
  '.next',
  '.nuxt',
  '.turbo',
  '.parcel-cache',
  '.pytest_cache',
  '.mypy_cache',
  '.ruff_cache',
  '.tox',
  '.nox',
  'tmp',
  '.tmp',
  'temp',
  '.gradle',
  '.svelte-kit',
  '.angular',
  '.vite',
  '.eslintcache',
  'bin',
  'obj',
  '.venv',
  'venv',
  '.terraform',
  'storybook-static',
  '.docusaurus',
  '.expo',
  'vendor',
  '.dart_tool',
  'htmlcov',
  '.hypothesis',
  '.sass-cache',
  'logs',
  'log',
  'cache',
  '.build',
  'DerivedData',
  'lib-cov',
  '.nyc_output',
  'public/build',
  'artifacts',
  'cdk.out',
  '.serverless',
  '.aws-sam',
  'Pods',
  'test-results',
  'playwright-report',
  'package-lock.json',
  'yarn.lock',
  'pnpm-lock.yaml',
]);

const SYSTEM_TOP = new Set([
  'bin',
  'boot',
  'dev',
  'etc',
  'lib',
  'lib32',
  'lib64',
  'libx32',
  'opt',
  'proc',
  'root',
  'sbin',
  'srv',
  'sys',
  'usr',
  'var',
  'snap',
  'mnt',
  'media',
  'run',
  'home',
  'Applications',
  'System',
  'Library',
  'Users',
  'private',
]);

/** Top-level directories that hold data rather than the system: only the directory itself is "system". */
const DATA_TOP = new Set(['srv', 'opt', 'mnt', 'media', 'home', 'Users', 'Volumes']);

export function homeOf(ctx: Context): string {
  if (ctx.env.HOME) return ctx.env.HOME.replace(/\/+$/, '') || '/';
  const m = /^(\/home\/[^/]+|\/root|\/Users\/[^/]+)/.exec(ctx.cwd);
  return m ? m[1] : '/home/user';
}

/** `~root` → `/root`, `~alice/x` → `/home/alice/x`, `~+` → the working directory, `~-` (the last one): the home. */
function otherTilde(p: string, ctx: Context, home: string): string {
  const m = /^~([A-Za-z_][\w.-]*|[+-])(?=\/|$)/.exec(p);
  if (!m) return p;
  const dir = m[1] === 'root' ? '/root' : m[1] === '+' ? ctx.cwd : m[1] === '-' ? home : `/home/${m[1]}`;
  return dir + p.slice(m[0].length);
}

/** Absolute, normalized form of a path value (`~`, `~user` and relative paths resolved). */
export function absolutePath(value: string, ctx: Context): string {
  const home = homeOf(ctx);
  let p = value;
  if (p === '~' || p.startsWith('~/')) p = home + p.slice(1);
  else if (p.charCodeAt(0) === 126 /* ~ */) p = otherTilde(p, ctx, home);
  if (!p.startsWith('/')) p = `${ctx.cwd}/${p}`;
  if (p === '~' || p.startsWith('~/')) p = home + p.slice(1);
  // Most paths are already normal (no `//`, `.` or `..` segment, no trailing slash): as they are.
  if (p.charCodeAt(0) === 47 /* / */ && !NOT_NORMAL.test(p)) return p;
  return posix.normalize(p).replace(/(.)\/+$/, '$1');
}

/** What posix.normalize (and the trailing-slash strip) would change in an absolute path. */
const NOT_NORMAL = /\/\/|\/\.\.?(\/|$)|.\/$/;

const GLOB = /[*?[]/;
/** Name patterns whose every match is build output: `*.egg-info`, `*.pyc`, `*.o`. */
const SCRATCH_GLOB = /^\*\.(egg-info|pyc|pyo|o|class|tsbuildinfo)$/;

/**
 * Names that are build output or caches wherever they sit in the project (`src/__pycache__`,
 * `packages/web/node_modules`); names that may be sources at depth (`bin`, `build`, `lib`, `tmp`) are not.
 */
const NESTED_SCRATCH = new Set([
  'node_modules',
  '__pycache__',
  '.pytest_cache',
  '.mypy_cache',
  '.ruff_cache',
  '.next',
  '.nuxt',
  '.turbo',
  '.parcel-cache',
  '.tox',
  '.nox',
  '.svelte-kit',
  '.angular',
  '.vite',
  '.eslintcache',
  '.nyc_output',
  'coverage',
  'dist',
  '.cache',
  'cdk.out',
  '.gradle',
  'DerivedData',
  'htmlcov',
  '.hypothesis',
  '.sass-cache',
  '.dart_tool',
  '.docusaurus',
  '.expo',
  'storybook-static',
  '.serverless',
  '.aws-sam',
  'generated',
  '__generated__',
  'Pods',
  'test-results',
  'playwright-report',
]);

/**
 * The working directory can be a project: not `/`, a system directory, or a home directory or
 * above one (from `/`, every `bin` one level down is `/usr/bin`, not build output).
 */
function projectCwd(ctx: Context): boolean {
  const cwd = posix.normalize(ctx.cwd).replace(/(.)\/+$/, '$1');
  const home = homeOf(ctx);
  return cwd !== '/' && !systemDir(cwd) && cwd !== home && !home.startsWith(cwd + '/');
}

/** A relative glob that stays below the working directory (no `..`, no absolute or home start). */
function inProjectGlob(value: string): boolean {
  return !/^[/~]/.test(value) && !value.split('/').includes('..');
}

/** Caches below a home directory (as `/home/~/…`), which their tools rebuild. */
const USER_CACHE =
  /^\/home\/~\/(\.cache|Library\/Caches|\.npm\/(_cacache|_npx|_logs)|\.gradle\/caches|\.cargo\/registry\/cache|\.m2\/repository|\.pnpm-store|\.yarn\/cache|go\/pkg\/mod\/cache)(\/|$)/;
/** The temp directories themselves: what is below them is temp space (`/tmp/*`). */
export const TEMP_ROOT = /^(\/private)?\/(var\/)?tmp\/?$/;
/** Credential and agent-config directories below a home: writing or moving there is never routine. */
const CREDENTIAL_DIR = /^(\/home\/[^/]+|\/Users\/[^/]+|\/root)\/\.(ssh|gnupg|aws|kube|docker)(\/|$)/;
/** Git internals that run code: hooks, and the config that names programs (core.fsmonitor, core.sshCommand). */
const GIT_CODE = /(^|\/)\.git\/(config|hooks(\/.*)?)$/;
/** Git's own state (`HEAD`, refs, the index, objects): writing it by hand corrupts the repository. */
const GIT_STATE = /(^|\/)\.git\/(HEAD|ORIG_HEAD|index|packed-refs|refs|objects)(\/.*)?$/;

export function classifyPath(value: string, ctx: Context): PathClass {
  if (value === '') return 'dynamic';
  if (value.includes(DYN)) return classifyDynamic(value, ctx);
  const lastSlash = value.lastIndexOf('/');
  const last = value.slice(lastSlash + 1);
  if (GLOB.test(last)) {
    const dir = lastSlash < 0 ? '.' : value.slice(0, lastSlash) || '/';
    const dirClass = classifyPath(dir, ctx);
    if (/^\.?\*$/.test(last) || last === '.[!.]*' || last === '.??*')
      return dirClass === 'cwd' ? (tempWorkDir(ctx) ? 'tmp' : movedInto(ctx)) : TEMP_ROOT.test(dir) ? 'tmp' : dirClass;
    if (TEMP_ROOT.test(dir)) return 'tmp';
    if ((dirClass === 'cwd' || dirClass === 'inside') && SCRATCH_GLOB.test(last) && projectCwd(ctx)) return 'scratch';
    return ['scratch', 'tmp'].includes(dirClass) ? dirClass : dirClass === 'cwd' || dirClass === 'inside' ? 'wildcard' : dirClass;
  }
  // `*/__pycache__`, `packages/*/node_modules`: every match is a build or cache directory in the project.
  if (GLOB.test(value) && SCRATCH.has(last) && inProjectGlob(value) && projectCwd(ctx)) return 'scratch';
  if (GLOB.test(value)) return 'wildcard';
  return classifyAbsolute(absolutePath(value, ctx), ctx);
}

/**
 * Everything in a directory the line moved into (`cd dist && rm -rf *`) is judged as that directory's
 * contents seen from where the line started: build output is scratch; anything else (temp space too:
 * `cd /tmp && rm -rf *` is asked) stays a wildcard over the working directory.
 */
function movedInto(ctx: Context): PathClass {
  if (ctx.lineCwd === undefined) return 'wildcard';
  return classifyPath(ctx.cwd, { ...ctx, cwd: ctx.lineCwd, lineCwd: undefined }) === 'scratch' ? 'scratch' : 'wildcard';
}

/**
 * The working directory is a directory in temp space (`cd "$(mktemp -d)"`), not the temp root,
 * and not a home directory that happens to live there (sandboxes, CI).
 */
function tempWorkDir(ctx: Context): boolean {
  const cwd = posix.normalize(ctx.cwd).replace(/(.)\/+$/, '$1');
  const home = homeOf(ctx);
  return (
    /^(\/private)?\/(var\/)?tmp\/./.test(cwd) && !(cwd === home || home.startsWith(cwd + '/') || cwd.startsWith(home + '/')) && !tmpProjectOf(cwd, cwd, ctx)
  );
}

/** A fresh temp directory's name (`mktemp -d`: `tmp.Xa3…`, Python's `tmpk2j…`): scratch, not a project. */
const FRESH_TEMP = /^(tmp\.[A-Za-z0-9]{6,}|tmp[a-z0-9_]{6,}|[A-Za-z0-9]{10,})$/;

/**
 * The project a path under `/tmp` belongs to: a directory holding `.git` or `.shellgate`
 * (`ctx.projectRoot`), or the working directory itself unless it is a fresh temp directory.
 * A project under `/tmp` is a project: its sources are not scratch.
 */
function tmpProjectOf(abs: string, cwd: string, ctx: Context): string | undefined {
  // `/tmp/app/.git`: the path itself names a repository.
  const gitAt = abs.indexOf('/.git');
  if (gitAt > 0 && /^\/\.git(\/|$)/.test(abs.slice(gitAt)) && /^(\/private)?\/(var\/)?tmp\/./.test(abs.slice(0, gitAt))) return abs.slice(0, gitAt);
  const marked = ctx.projectRoot?.(abs);
  if (marked && /^(\/private)?\/(var\/)?tmp\/./.test(marked)) return marked;
  const inCwd = abs === cwd || abs.startsWith(cwd + '/');
  if (inCwd && /^(\/private)?\/(var\/)?tmp\/./.test(cwd) && !cwd.split('/').some((seg) => FRESH_TEMP.test(seg))) return cwd;
  return undefined;
}

/** How a path under `/tmp` is judged when it belongs to a project there; undefined when it is plain temp space. */
function tmpProjectClass(abs: string, cwd: string, ctx: Context): PathClass | undefined {
  const project = tmpProjectOf(abs, cwd, ctx);
  if (!project) {
    // Next to a working directory that is a project (`/tmp/work/web` → `../api`): another checkout, not scratch.
    const up = posix.dirname(cwd);
    return tmpProjectOf(cwd, cwd, ctx) && !TEMP_ROOT.test(up) && abs.startsWith(up + '/') ? 'outside' : undefined;
  }
  const cwdInProject = cwd === project || cwd.startsWith(project + '/');
  if (abs === cwd) return 'cwd';
  if (abs === project) return cwd.startsWith(abs + '/') ? 'parent' : 'outside';
  const rel = abs.slice(project.length + 1);
  const first = rel.split('/')[0]!;
  if (SCRATCH.has(first) || SCRATCH.has(rel) || /\.egg-info$/.test(first) || rel.split('/').some((seg) => NESTED_SCRATCH.has(seg))) return 'scratch';
  return cwdInProject ? 'inside' : 'outside';
}

function classifyAbsolute(abs: string, ctx: Context): PathClass {
  const home = homeOf(ctx);
  const cwd = posix.normalize(ctx.cwd).replace(/(.)\/+$/, '$1');
  if (abs === '/') return 'root';
  const homeRel = abs.startsWith(home + '/') ? '/home/~' + abs.slice(home.length) : abs;
  if (CREDENTIAL_DIR.test(homeRel) || GIT_CODE.test(abs) || GIT_STATE.test(abs)) return 'system-file';
  if (home.startsWith(abs + '/') || abs === home) return 'home';
  if (abs === cwd) return 'cwd';
  if (cwd.startsWith(abs + '/')) return abs === home ? 'home' : 'parent';
  const inCwd = abs.startsWith(cwd + '/') && !systemDir(cwd);
  // Below the home directory, a path is judged against the project only when the working
  // directory is that project (inside home); seen from outside or above home (cwd /tmp with a
  // home under /tmp, as in sandboxes and CI, or cwd /home) it is the user's data.
  const cwdInHome = cwd === home || cwd.startsWith(home + '/');
  // Per-user caches (`~/.cache/pip`, `~/Library/Caches/x`, npm's and gradle's): rebuilt on demand.
  if (USER_CACHE.test(homeRel)) return 'scratch';
  if (abs.startsWith(home + '/') && !(inCwd && cwdInHome)) return 'home-sub';
  if (/^(\/private)?\/(var\/)?tmp\/./.test(abs)) return tmpProjectClass(abs, cwd, ctx) ?? 'tmp';
  if (inCwd) {
    const rel = abs.slice(cwd.length + 1);
    const first = rel.split('/')[0];
    return SCRATCH.has(first) || SCRATCH.has(rel) || /\.egg-info$/.test(first) || rel.split('/').some((seg) => NESTED_SCRATCH.has(seg)) ? 'scratch' : 'inside';
  }
  if (abs.startsWith('/dev/')) return 'device';
  if (TEMP_ROOT.test(abs)) return 'outside';
  const parts = abs.split('/').slice(1);
  // Another user's home directory is a home directory too.
  if ((parts[0] === 'home' || parts[0] === 'Users') && parts.length === 2 && parts[1] !== 'Shared') return 'home';
  // Another user's dotfiles and dot-directories are their configuration; the rest of their home is data outside the project.
  if ((parts[0] === 'home' || parts[0] === 'Users') && parts.length > 2 && parts[1] !== 'Shared' && parts[2].startsWith('.')) return 'home-sub';
  if (SYSTEM_TOP.has(parts[0]) && parts.length <= (DATA_TOP.has(parts[0]) ? 1 : 2)) return 'system';
  if (SYSTEM_TOP.has(parts[0]) && !DATA_TOP.has(parts[0]) && parts[0] !== 'var') return 'system-file';
  return 'outside';
}

/** A working directory that is part of the system (`cd /etc`, `cd /usr/lib`): what is in it is not a project's. */
const SYSTEM_ONLY = new Set(['etc', 'bin', 'sbin', 'boot', 'dev', 'proc', 'sys', 'lib', 'lib32', 'lib64', 'libx32']);
function systemDir(dir: string): boolean {
  const parts = dir.split('/').slice(1);
  return SYSTEM_ONLY.has(parts[0]) || (SYSTEM_TOP.has(parts[0]) && !DATA_TOP.has(parts[0]) && parts.length <= 2 && parts[1] !== 'tmp');
}

function classifyDynamic(value: string, ctx: Context): PathClass {
  const prefix = value.slice(0, value.indexOf(DYN));
  if (/^\/(var\/)?tmp\/./.test(prefix)) return 'tmp';
  // `/etc/d-$$/passwd`: whatever the unknown part is, the path is inside a system directory.
  if (/^\/[^/]+\//.test(prefix)) {
    const cls = classifyPath(prefix.slice(0, prefix.lastIndexOf('/')), ctx);
    if (cls === 'system' || cls === 'system-file') return 'system-file';
  }
  if (prefix.includes('/') && !prefix.startsWith('/') && !prefix.startsWith('~') && !prefix.startsWith('..')) {
    const cls = classifyPath(prefix.slice(0, prefix.lastIndexOf('/')) || '.', ctx);
    if (cls === 'scratch') return 'scratch';
  }
  return 'dynamic';
}
