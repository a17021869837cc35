/*!
 * Which bash shellgate runs. Never the first `bash` on PATH and never a variable from the
 * environment: a script an agent copied to `~/.local/bin/bash` would otherwise become the shell
 * that runs every later command. The bash is the one a human named in sandbox.yaml (`bash:`, in
 * the config directory, which agent commands cannot see), else `/bin/bash` or `/usr/bin/bash` when
 * the file and every directory above it are owned by root (or by the user when the user is root)
 * and writable by nobody else.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** Standard places, in order. */
export const SYSTEM_BASHES = ['/bin/bash', '/usr/bin/bash'];

/** True for an executable regular file (the check bash and bwrap paths share). */
export function executableFile(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** True when `p` and its ancestors are root's (uid 0) and not group- or world-writable. */
export function rootOwnedPath(p: string): boolean {
  try {
    for (let at = p; ; at = dirname(at)) {
      const st = statSync(at);
      if (st.uid !== 0 || (st.mode & 0o022) !== 0) return false;
      if (dirname(at) === at) return true;
    }
  } catch {
    return false;
  }
}

/** The trusted bash: `configured` (from sandbox.yaml) when given, else a root-owned system bash. */
export function trustedBash(configured?: string): string {
  if (configured) {
    if (!configured.startsWith('/') || !executableFile(configured)) {
      throw new Error(`sandbox.yaml: bash: ${configured} is not an executable file given by its absolute path; fix the path or remove the line`);
    }
    return configured;
  }
  for (const p of SYSTEM_BASHES) if (executableFile(p) && rootOwnedPath(p)) return p;
  throw new Error(
    `no trusted bash: neither ${SYSTEM_BASHES.join(' nor ')} is a root-owned executable; name one with "bash: /path/to/bash" in sandbox.yaml (shellgate config directory)`,
  );
}

/** A root-owned POSIX sh (for the small gate scripts: undo/scan.ts, sh/run.ts), or null. */
export function trustedSh(): string | null {
  for (const p of ['/bin/sh', '/usr/bin/sh']) if (rootOwnedPath(p)) return p;
  return null;
}
