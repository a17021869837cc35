/*!
 * The classifier daemon of shellgate-sh (sh-daemon.ts) and its client (sh-fast.ts): where its
 * socket is, and what goes over it. One JSON line each way per call. The socket lives in the
 * state directory (0700, protected like the audit log); its name carries a hash of the daemon's
 * build, the Node version and the config directory, so that a daemon never answers for another
 * install, an upgraded one, or other rules.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { configDir, stateDir } from '../config/paths.js';
import { quickHash } from '../util/quick-hash.js';
import type { Actor } from '../classifier/verdict.js';
import type { Unit } from './claude-snapshot.js';
import type { ShOutcome } from './sh-decide.js';

export const PROTOCOL = 1;
/** Longest socket path the kernel takes (sun_path is 108 bytes on Linux, 104 on macOS). */
const MAX_SOCKET_PATH = 100;
/** Largest request or answer, in bytes. */
export const MAX_MESSAGE = 16 * 1024 * 1024;

export interface DaemonRequest {
  v: number;
  units: Unit[];
  cwd: string;
  env: Record<string, string>;
  actor: Actor;
  agent?: string;
  sessionId: string;
  /** A human is at the client's terminal: a confirm comes back as 'ask-here'. */
  human: boolean;
}

export interface DaemonAnswer {
  outcome: ShOutcome | 'error';
  /** What to print on stderr (why a unit is blocked, how to approve it). */
  stderr: string;
}

/** The daemon's socket for this install and config, or null when the path would be too long. */
export function daemonSocket(bundleDir: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const st = statSync(join(bundleDir, 'sh-daemon.cjs'));
  const id = quickHash(`${PROTOCOL}\0${st.size}\0${st.mtimeMs}\0${process.version}\0${configDir(env)}`);
  const path = join(stateDir(env), `classifier-${id}.sock`);
  return path.length <= MAX_SOCKET_PATH ? path : null;
}
