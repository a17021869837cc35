/*!
 * What a package manager runs from the project's package.json: `npm run X` / `npm test` /
 * `npm start`, `pnpm X`, `yarn X`, `bun run X`, and the lifecycle scripts of a bare
 * `npm install`. The script text (with its pre/post scripts) is returned for the caller to parse
 * like any command line, so `npm test` is judged by what `"test"` does. Pure: files come through
 * the context's reader; a package.json that cannot be read or parsed yields nothing.
 */
import { posix } from 'node:path';
import type { Word } from './model.js';
import { DYN } from './model.js';
import { dict } from '../util/dict.js';

export interface ProjectScript {
  label: string;
  text: string;
}

type Reader = (path: string) => string | undefined;

/** Commands of each manager that are not scripts (`pnpm X` / `yarn X` / `bun X` run script X otherwise). */
const BUILTINS: Record<string, Set<string>> = dict({
  pnpm: new Set([
    'add',
    'install',
    'i',
    'update',
    'up',
    'remove',
    'rm',
    'uninstall',
    'link',
    'ln',
    'unlink',
    'import',
    'rebuild',
    'rb',
    'prune',
    'fetch',
    'install-test',
    'it',
    'patch',
    'patch-commit',
    'exec',
    'dlx',
    'create',
    'list',
    'ls',
    'll',
    'outdated',
    'why',
    'audit',
    'licenses',
    'publish',
    'pack',
    'store',
    'server',
    'setup',
    'root',
    'bin',
    'config',
    'c',
    'get',
    'set',
    'env',
    'init',
    'deploy',
    'doctor',
    'help',
    'self-update',
    'recursive',
    'm',
    'multi',
    'dedupe',
    'approve-builds',
    'cat-file',
    'cat-index',
    'find-hash',
    'ignored-builds',
    'sbom',
    'version',
    'login',
    'logout',
    'whoami',
    'catalogs',
  ]),
  yarn: new Set([
    'add',
    'install',
    'remove',
    'upgrade',
    'upgrade-interactive',
    'up',
    'info',
    'init',
    'login',
    'logout',
    'link',
    'unlink',
    'pack',
    'publish',
    'global',
    'cache',
    'config',
    'why',
    'workspace',
    'workspaces',
    'dlx',
    'exec',
    'node',
    'set',
    'plugin',
    'version',
    'versions',
    'audit',
    'bin',
    'check',
    'import',
    'licenses',
    'list',
    'outdated',
    'owner',
    'policies',
    'tag',
    'team',
    'autoclean',
    'generate-lock-entry',
    'help',
    'constraints',
    'explain',
    'npm',
    'patch',
    'patch-commit',
    'rebuild',
    'search',
    'stage',
    'unplug',
    'dedupe',
    'create',
    'import',
  ]),
  bun: new Set([
    'install',
    'i',
    'add',
    'a',
    'remove',
    'rm',
    'update',
    'link',
    'unlink',
    'pm',
    'build',
    'test',
    'x',
    'create',
    'c',
    'init',
    'upgrade',
    'repl',
    'exec',
    'outdated',
    'publish',
    'patch',
    'patch-commit',
    'audit',
    'info',
    'why',
    'completions',
    'discord',
    'help',
    'feedback',
  ]),
});

/** npm's own aliases for `run` and the scripts it runs by a command of its own. */
const NPM_RUN = new Set(['run', 'run-script', 'rum', 'urn']);
const DIRECT = new Set(['test', 't', 'tst', 'start', 'stop', 'restart']);
const INSTALL = new Set([
  'install',
  'i',
  'in',
  'ins',
  'inst',
  'insta',
  'instal',
  'isnt',
  'isnta',
  'isntal',
  'isntall',
  'add',
  'ci',
  'clean-install',
  'ic',
  'install-clean',
  'isntall-clean',
]);
/** What a bare install runs from the project itself. */
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepublish', 'preprepare', 'prepare', 'postprepare'];
/** Options that move the project directory, per manager. */
const DIR_OPTIONS: Record<string, string[]> = dict({ npm: ['--prefix', '-C'], pnpm: ['-C', '--dir'], yarn: ['--cwd'], bun: ['--cwd'] });
/** Options that take a value (not a script name). */
const WITH_VALUE = new Set(['-w', '--workspace', '--filter', '-F', '--loglevel', '--registry', '--userconfig', '--cache', '--reporter', '--script-shell']);

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The nearest package.json at or above `dir`, parsed; undefined when none is readable. */
function nearestPackage(dir: string, read: Reader): { dir: string; scripts: Record<string, unknown> } | undefined {
  let d = posix.normalize(dir);
  for (let i = 0; i < 32; i++) {
    const text = read(posix.join(d, 'package.json'));
    if (text !== undefined) {
      try {
        const pkg = JSON.parse(text) as { scripts?: unknown };
        const scripts = pkg && typeof pkg.scripts === 'object' && pkg.scripts !== null ? (pkg.scripts as Record<string, unknown>) : {};
        return { dir: d, scripts };
      } catch {
        return undefined;
      }
    }
    const up = posix.dirname(d);
    if (up === d) return undefined;
    d = up;
  }
  return undefined;
}

interface Request {
  names: string[];
  extra: string[];
  dir?: string;
}

/** Which scripts `program args` runs, before looking at package.json; null when none. */
function request(program: string, args: Word[]): Request | null {
  const words = args.map((w) => w.value);
  if (args.some((w) => w.value.includes(DYN))) return null;
  if (
    words.includes('--ignore-scripts') ||
    words.some(
      (w) =>
        w === '--workspace' ||
        w === '-w' ||
        w.startsWith('--workspace=') ||
        w === '--filter' ||
        w === '-F' ||
        w === '-r' ||
        w === '--recursive' ||
        w === '-ws' ||
        w === '--workspaces',
    )
  )
    return null;
  let dir: string | undefined;
  const positionals: string[] = [];
  let rest: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '--') {
      rest = words.slice(i + 1);
      break;
    }
    const eq = w.indexOf('=');
    if (DIR_OPTIONS[program]?.includes(w)) dir = words[++i];
    else if (eq > 0 && DIR_OPTIONS[program]?.includes(w.slice(0, eq))) dir = w.slice(eq + 1);
    else if (WITH_VALUE.has(w)) i++;
    else if (!w.startsWith('-') || positionals.length >= 2) positionals.push(w);
  }
  const [sub, name, ...after] = positionals;
  const extra = [...after, ...rest];
  if (sub === undefined) return program === 'yarn' ? { names: INSTALL_SCRIPTS, extra: [], dir } : null;
  if (program === 'npm' || program === 'pnpm' || program === 'yarn' || program === 'bun') {
    if (NPM_RUN.has(sub) || sub === 'run') return name ? { names: [name], extra, dir } : null;
    if (program !== 'bun' && DIRECT.has(sub)) return { names: [sub === 't' || sub === 'tst' ? 'test' : sub], extra: name ? [name, ...extra] : extra, dir };
    if (INSTALL.has(sub)) return name === undefined && program !== 'bun' ? { names: INSTALL_SCRIPTS, extra: [], dir } : null;
    if (program !== 'npm' && !BUILTINS[program]?.has(sub)) return { names: [sub], extra: name ? [name, ...extra] : extra, dir };
  }
  return null;
}

/**
 * Where the local program starts in `yarn X …` / `pnpm X …`: X is not a command of the manager, so it
 * runs script X, or the package binary X when package.json has no such script (`yarn knex migrate:down`,
 * `pnpm prisma migrate reset`). -1 when the words name a command of the manager.
 */
export function localBinAt(program: string, args: Word[]): number {
  if (program !== 'yarn' && program !== 'pnpm') return -1;
  for (let i = 0; i < args.length; i++) {
    const w = args[i].value;
    if (DIR_OPTIONS[program]?.includes(w) || WITH_VALUE.has(w)) {
      i++;
      continue;
    }
    if (w.startsWith('-')) continue;
    if (args[i].dynamic || NPM_RUN.has(w) || DIRECT.has(w) || INSTALL.has(w) || BUILTINS[program]?.has(w)) return -1;
    return i;
  }
  return -1;
}

/**
 * The scripts that `program args` (run in `cwd`) takes from package.json, each with its pre and
 * post scripts, extra arguments appended as the manager does.
 */
export function packageScripts(program: string, args: Word[], cwd: string, read: Reader): ProjectScript[] {
  const req = request(program, args);
  if (!req) return [];
  const start = req.dir ? posix.resolve(cwd, req.dir) : cwd;
  const pkg = nearestPackage(start, read);
  if (!pkg) return [];
  const out: ProjectScript[] = [];
  const add = (name: string, extra: string[]) => {
    const text = pkg.scripts[name];
    if (typeof text !== 'string' || text.trim() === '') return;
    out.push({ label: `${program} run ${name}`, text: [text, ...extra.map(quote)].join(' ') });
  };
  for (const name of req.names) {
    add(`pre${name}`, []);
    add(name, req.extra);
    add(`post${name}`, []);
    if (name === 'restart' && typeof pkg.scripts.restart !== 'string') ['stop', 'start'].forEach((n) => add(n, []));
  }
  return out;
}
