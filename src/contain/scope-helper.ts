/*!
 * The Landlock scope helper (native/scope-exec.c), the program an agent's container is started
 * through: its processes cannot connect to the host's abstract unix sockets (D-Bus, X11's
 * @/tmp/.X11-unix/X0 …: the network is shared, so bubblewrap alone leaves them reachable) nor
 * signal a process outside the container.
 * It is built on first use with a root-owned system C compiler into shellgate's cache directory,
 * not at `npm install`: that directory is hidden from agent commands (a command cannot swap the
 * program that starts every later container), the binary is named by the hash of its source (an
 * upgrade builds the new one, whatever install scripts npm ran or skipped), and no Node headers
 * are needed. Then it is probed once per kernel and boot. What failed is remembered in a status
 * file next to it, so that a machine without a compiler or with an old kernel pays nothing per
 * command; `shellgate doctor` retries. When it is unavailable the caller still contains the
 * command with bubblewrap and says that sockets and signals are not scoped (contain/index.ts).
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { release } from 'node:os';
import { join } from 'node:path';
import { cacheDir } from '../config/paths.js';
import { executableFile, rootOwnedPath } from '../config/trusted-bash.js';
import { insideSandbox } from '../sandbox/inside.js';
import { packageRoot } from '../sandbox/protected-paths.js';
import { bootId } from './probe-cache.js';

/** The helper to start bwrap through, or why there is none and what a human can do. */
export type ScopeHelper = { kind: 'ready'; path: string } | { kind: 'unavailable'; why: string; fix: string };

/** The exit status of the helper when it cannot scope (nothing was run): native/scope-exec.c. */
export const UNSCOPED_STATUS = 125;

const COMPILERS = ['/usr/bin/cc', '/usr/bin/gcc', '/usr/bin/clang', '/bin/cc'];
const INSTALL_CC =
  'install a C compiler and the C library headers (Debian/Ubuntu: apt-get install gcc libc6-dev; Fedora: dnf install gcc glibc-devel), then run `shellgate doctor`, which builds it';
const NEWER_KERNEL = 'run Linux 6.12 or later with Landlock enabled (the lsm= boot parameter lists landlock); docs/sandbox.md';
const CLEAN_ENV = { PATH: '/usr/bin:/bin', LANG: 'C' };

let source: { path: string; hash: string } | null | undefined;
/** A helper this process found ready, with the probe key it was found under. */
let memo: { path: string; key: string } | null = null;

/** native/scope-exec.c of this install and the hash of its text (read once per process). */
function sourceOf(): { path: string; hash: string } | null {
  if (source !== undefined) return source;
  const root = packageRoot();
  const path = root ? join(root, 'native', 'scope-exec.c') : '';
  try {
    source = { path, hash: createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16) };
  } catch {
    source = null;
  }
  return source;
}

/**
 * The helper, built and probed if needed. `retry` (shellgate doctor) ignores remembered failures.
 * Never throws: any failure is `unavailable`.
 */
export function scopeHelper(opts: { retry?: boolean } = {}): ScopeHelper {
  if (process.platform !== 'linux')
    return { kind: 'unavailable', why: `Landlock exists on Linux only (this is ${process.platform})`, fix: 'none on this system' };
  const src = sourceOf();
  if (!src) return { kind: 'unavailable', why: 'native/scope-exec.c is missing from this install', fix: 'reinstall shellgate' };
  try {
    const dir = cacheDir(process.env);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const bin = join(dir, `scope-exec-${src.hash}`);
    const status = new StatusFile(`${bin}.status`);
    if (!existsSync(bin)) {
      const failed = build(src.path, bin, status, opts.retry === true);
      if (failed) return failed;
    }
    return probe(bin, status, opts.retry === true);
  } catch (err) {
    return {
      kind: 'unavailable',
      why: `cannot prepare the scope helper: ${(err as Error).message}`,
      fix: "check that shellgate's cache directory is writable",
    };
  }
}

/** The audit note of a command contained without the scope helper. */
export function unscopedNote(why: string): string {
  return `contained, but abstract unix sockets and signals are not scoped: ${why}`;
}

/**
 * The note for a command about to be contained by this install, known before its container is
 * planned (the classifier daemon and the hooks judge and log a command first): undefined when the
 * helper is ready, or when already inside a container (the outer one's domain holds).
 */
export function scopeNote(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (insideSandbox(env)) return undefined;
  const s = scopeHelper();
  return s.kind === 'ready' ? undefined : unscopedNote(s.why);
}

/** Compiles the helper into `bin` (atomically); returns why not, or null when it was built. */
function build(src: string, bin: string, status: StatusFile, retry: boolean): ScopeHelper | null {
  const cc = trustedCompiler();
  if (!cc) return { kind: 'unavailable', why: 'no root-owned C compiler to build the scope helper with', fix: INSTALL_CC };
  const st = statSync(cc);
  const key = `cc ${cc} ${st.size} ${st.mtimeMs}`;
  const known = status.get(key);
  if (known !== null && !retry) return { kind: 'unavailable', why: `the scope helper did not build: ${known}`, fix: INSTALL_CC };
  const tmp = `${bin}.tmp-${process.pid}`;
  const res = spawnSync(cc, ['-O2', '-o', tmp, src], { encoding: 'utf8', env: CLEAN_ENV, timeout: 60_000, stdio: ['ignore', 'ignore', 'pipe'] });
  if (res.status === 0) {
    renameSync(tmp, bin);
    return null;
  }
  rmSync(tmp, { force: true });
  const said =
    res.error?.message ??
    (res.stderr
      .trim()
      .split('\n')
      .find((l) => /error/.test(l)) ||
      `${cc} exit status ${res.status ?? res.signal}`);
  status.put(key, said);
  return { kind: 'unavailable', why: `the scope helper did not build: ${said}`, fix: INSTALL_CC };
}

/** `bin --probe` once per (binary, kernel, boot): can this kernel scope at all? */
function probe(bin: string, status: StatusFile, retry: boolean): ScopeHelper {
  const st = statSync(bin);
  const key = `probe ${st.size} ${st.mtimeMs} ${release()} ${bootId()}`;
  if (memo?.path === bin && memo.key === key) return { kind: 'ready', path: bin };
  let known = status.get(key);
  if (known === null || retry) {
    const res = spawnSync(bin, ['--probe'], { encoding: 'utf8', env: CLEAN_ENV, timeout: 10_000, stdio: ['ignore', 'pipe', 'pipe'] });
    known =
      res.status === 0 ? '' : (res.error?.message ?? (res.stderr.trim().replace(/^shellgate scope-exec: /, '') || `exit status ${res.status ?? res.signal}`));
    status.put(key, known);
  }
  if (known === '') {
    memo = { path: bin, key };
    return { kind: 'ready', path: bin };
  }
  // Not started at all (a cache directory on a `noexec` mount), or started and unable to scope.
  const fix = /^spawnSync /.test(known)
    ? `keep shellgate's cache directory (${cacheDir(process.env)}) on a file system that allows running programs`
    : NEWER_KERNEL;
  return { kind: 'unavailable', why: known.replace(/; nothing was run$/, ''), fix };
}

/** A root-owned system C compiler (never one from PATH: the agent's PATH can name its own `cc`). */
function trustedCompiler(): string | null {
  for (const p of COMPILERS) {
    try {
      const real = realpathSync(p);
      if (executableFile(real) && rootOwnedPath(real)) return real;
    } catch {
      /* not there */
    }
  }
  return null;
}

/** Remembered outcomes, one `key<TAB>outcome` line each ('' = ok, else what failed). */
class StatusFile {
  constructor(private readonly path: string) {}

  get(key: string): string | null {
    let text = '';
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      return null;
    }
    // The last line for a key wins (a retry appends).
    const line = text
      .split('\n')
      .filter((l) => l.startsWith(`${key}\t`))
      .at(-1);
    return line === undefined ? null : line.slice(key.length + 1);
  }

  put(key: string, outcome: string): void {
    try {
      appendFileSync(this.path, `${key}\t${outcome.replace(/[\t\n]/g, ' ')}\n`, { mode: 0o600 });
    } catch {
      /* not remembered: tried again next time */
    }
  }
}
