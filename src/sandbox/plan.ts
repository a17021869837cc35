/*!
 * Decides what the sandbox looks like for one start: which directories stay writable, which
 * credential stores are masked, what is bound read-only, and whether the network is cut.
 * Everything is resolved to existing real paths here, so that bwrap-args.ts stays a pure mapping.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { effectiveMasks } from './effective-masks.js';
import type { MaskedPath } from './mask-patterns.js';
import { emptyFile, protectedPaths } from './protected-paths.js';
import { SandboxError } from './sandbox-error.js';

/** What the caller asks of the sandbox (index.ts re-exports it). */
export interface SandboxOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** `none` cuts the network; default open (or `net:` from sandbox.yaml). */
  net?: 'open' | 'none';
  /** Extra paths to mask (from rulesets/config), added to DEFAULT_MASKS and sandbox.yaml. */
  mask?: string[];
  /**
   * Paths to show again although a mask matches them (e.g. `~/.npmrc`). Pass only entries from
   * human-trusted layers (user config, trusted project rulesets), never from the agent.
   */
  unmask?: string[];
  /** Extra directories to keep writable (e.g. the shell's private channel directory). */
  writable?: string[];
  /**
   * The child is an interactive shell on a PTY that shellgate owns: keep its controlling terminal
   * (job control, Ctrl-C). Otherwise (default) it runs in a new session, so that it cannot push
   * keystrokes (TIOCSTI) into the terminal of whoever started shellgate.
   */
  interactive?: boolean;
  /** Absolute path of bwrap; default: sandbox.yaml's `bwrap:`, else a root-owned system one. */
  bwrap?: string;
}

/** A fully resolved sandbox layout. */
export interface SandboxPlan {
  /** Working directory inside the sandbox (same path as outside). */
  cwd: string;
  /** Project root: writable, and searched for bare-name masks such as `.env*`. */
  projectRoot: string;
  /**
   * A directory of shellgate's bound over `/tmp` and `/var/tmp` (agent containment): the real ones
   * hold other programs' sockets (tmux, ssh-agent, X11). Null: the real ones stay (writable).
   */
  privateTmp: { source: string; targets: string[] } | null;
  /** Directories under the private /tmp that must stay visible (read-only), e.g. a HOME in /tmp. */
  reexpose: string[];
  /** Directories bound read-write on top of the read-only root. */
  writable: string[];
  /** shellgate's own directories, bound read-only. */
  readOnly: string[];
  /** Not visible at all (agent containment): an empty read-only directory or file in their place. */
  hidden: MaskedPath[];
  /** Credential stores hidden: directories get an empty tmpfs, files an empty file. */
  masks: MaskedPath[];
  /** The `.env*` search hit its budget (huge tree): callers may warn that deeper files are visible. */
  maskSearchTruncated: boolean;
  /** The zero-byte file bound over masked files (null when no file is masked). */
  emptyFile: string | null;
  net: 'open' | 'none';
  /** Run the child in a new session (no controlling terminal: no TIOCSTI keystroke injection). */
  newSession: boolean;
}

/** Resolves options, defaults and the user's sandbox.yaml into a plan. Throws SandboxError. */
export function planSandbox(opts: SandboxOptions): SandboxPlan {
  const cwd = existingDir(opts.cwd);
  const { homes, projectRoot, masks, truncated, user } = effectiveMasks({ cwd, env: opts.env, mask: opts.mask, unmask: opts.unmask });
  const candidates = [...homes, '/tmp', '/var/tmp', tmpdir(), opts.env.TMPDIR, projectRoot, cwd, ...(opts.writable ?? [])];
  const writable = unique(candidates.filter((p): p is string => !!p && isDir(p)).map((p) => realpathSync(p)));
  return {
    cwd,
    projectRoot,
    privateTmp: null,
    reexpose: [],
    writable: writable.sort((a, b) => a.length - b.length),
    readOnly: protectedPaths(opts.env, projectRoot),
    hidden: [],
    masks,
    maskSearchTruncated: truncated,
    emptyFile: masks.some((m) => m.kind === 'file') ? emptyFile() : null,
    net: opts.net ?? user.net ?? 'open',
    newSession: !opts.interactive,
  };
}

function existingDir(path: string): string {
  const full = resolve(path);
  if (!isDir(full)) throw new SandboxError(`working directory ${full} does not exist or is not a directory`);
  return realpathSync(full);
}

function isDir(path: string): boolean {
  try {
    return existsSync(path) && statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
