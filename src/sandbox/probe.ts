/*!
 * Finds bubblewrap and checks once per process that it can really build a sandbox here (a
 * missing binary, disabled user namespaces or a seccomp profile that forbids `unshare` all show
 * up as a failed probe). A failure becomes a SandboxError that says why and what to do.
 */
import { spawnSync } from 'node:child_process';
import { delimiter, isAbsolute, join } from 'node:path';
import { executableFile, rootOwnedPath } from '../config/trusted-bash.js';
import { SandboxError } from './sandbox-error.js';

const INSTALL_HINT = 'install it (Debian/Ubuntu: apt-get install bubblewrap; Fedora: dnf install bubblewrap; Arch: pacman -S bubblewrap)';

const probed = new Map<string, string | null>();

/** Absolute path of `bwrap`: `explicit` if given, else the first one on `PATH`. */
export function findBwrap(explicit?: string, path = process.env.PATH ?? ''): string {
  if (explicit !== undefined) {
    if (isAbsolute(explicit) && executableFile(explicit)) return explicit;
    throw new SandboxError(`bubblewrap was configured as ${explicit}, which is not an executable file; ${INSTALL_HINT}`);
  }
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'bwrap');
    if (executableFile(candidate)) return candidate;
  }
  throw new SandboxError(`bubblewrap (bwrap) is not installed or not on PATH; ${INSTALL_HINT}`);
}

/**
 * bubblewrap as a human configured it (`bwrap:` in sandbox.yaml), else a root-owned one in a system
 * directory; never from a user-writable PATH entry (a fake `bwrap` there would "contain" nothing).
 */
export function trustedBwrap(configured?: string): string {
  if (configured) return findBwrap(configured);
  for (const dir of ['/usr/bin', '/bin', '/usr/local/bin']) {
    try {
      const p = findBwrap(undefined, dir);
      if (rootOwnedPath(p)) return p;
    } catch {
      /* not there */
    }
  }
  throw new SandboxError(`bubblewrap (bwrap) is not installed in /usr/bin (or is not root's); ${INSTALL_HINT}`);
}

/**
 * The namespace options every sandbox uses; the probe runs `true` with exactly these. Each one
 * protects something (docs/sandbox.md, "Each bubblewrap option"): keep them all.
 */
export function baseIsolationArgs(net: 'open' | 'none'): string[] {
  return ['--unshare-pid', '--die-with-parent', '--cap-drop', 'ALL', ...(net === 'none' ? ['--unshare-net'] : [])];
}

/** Runs a trivial sandbox once per (bwrap, net) and throws SandboxError if it fails. */
export function probeBwrap(bwrap: string, net: 'open' | 'none'): void {
  const key = `${bwrap}\0${net}`;
  if (!probed.has(key)) probed.set(key, runProbe(bwrap, net));
  const failure = probed.get(key);
  if (failure) throw new SandboxError(failure);
}

function runProbe(bwrap: string, net: 'open' | 'none'): string | null {
  const args = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', ...baseIsolationArgs(net), '--', 'true'];
  const res = spawnSync(bwrap, args, { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'ignore', 'pipe'], env: { PATH: '/usr/bin:/bin' } });
  if (res.error) return `cannot run ${bwrap}: ${res.error.message}`;
  if (res.status === 0) return null;
  const said = (res.stderr || '').trim().split('\n')[0] || `exit status ${res.status ?? res.signal}`;
  return `bubblewrap cannot create a sandbox on this machine (${said}). ${namespaceHint(said)}`;
}

function namespaceHint(said: string): string {
  if (/namespace|permission|not permitted|unshare|setting up uid map/i.test(said)) {
    return 'User namespaces look disabled or blocked: enable them (sysctl kernel.unprivileged_userns_clone=1; on Ubuntu 24.04+ allow bwrap under kernel.apparmor_restrict_unprivileged_userns), or in a container allow unshare (e.g. a seccomp profile that permits it).';
  }
  return 'Check that bwrap works: bwrap --ro-bind / / --dev /dev --proc /proc true';
}
