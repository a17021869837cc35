/*!
 * The classifier daemon of shellgate-sh (daemon/server.ts) and its client (sh/fast.ts): where its
 * socket is, and what goes over it. One JSON line each way per call. The socket lives in the
 * state directory (0700, protected like the audit log) or, when that path is too long for a socket,
 * in a private runtime directory; its name carries a hash of the daemon's build, the Node version,
 * the config and the state directory, so that a daemon never answers for another
 * install, an upgraded one, or other rules.
 */
import { lstatSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { configDir, runtimeDirs, stateDir } from '../config/paths.js';
import { quickHash } from '../util/quick-hash.js';
import type { Actor } from '../core/verdict.js';
import type { Unit } from '../sh/claude-snapshot.js';
import type { ShOutcome } from '../sh/decide.js';
import type { Containment } from '../contain/index.js';
import type { AuditEventInput } from '../audit/types.js';
import type { WireAfterJob } from '../undo/record-after.js';

export const PROTOCOL = 1;
/** Longest socket path the kernel takes (sun_path is 108 bytes on Linux, 104 on macOS). */
const MAX_SOCKET_PATH = 100;
/** Largest request or answer, in bytes. */
export const MAX_MESSAGE = 16 * 1024 * 1024;

/** shellgate-sh's question: may these units run? */
export interface DaemonRequest {
  v: number;
  kind?: 'sh';
  units: Unit[];
  cwd: string;
  env: Record<string, string>;
  actor: Actor;
  agent?: string;
  sessionId: string;
  /** A human is at the client's terminal: a confirm comes back as 'ask-here'. */
  human: boolean;
  /** The client's pid, for the audit log. */
  pid?: number;
  /** Said in the audit entries (e.g. that the commands run uncontained). */
  note?: string;
  /** Set when a vault exists: whether this call may receive credentials (sh/vault.ts); the answer names them. */
  vault?: boolean;
  /** Fresh per request; the answer's MAC covers it (daemon/auth.ts). */
  nonce?: string;
  /** Set when the daemon may plan the command's containment (daemon/contain.ts): what it runs. */
  contain?: DaemonContainRequest;
}

/** What the daemon needs to plan a client's containment. */
export interface DaemonContainRequest {
  /** The arguments of the trusted bash (as shellgate-sh was given them). */
  argv: string[];
  /** What a human's one-time write grant is matched by (null: none applies). */
  key: string | null;
  /** The agent process (contain/session-anchor.ts), whose first project stays its writable one. */
  agentProcess: string | null;
  /**
   * The client reads `agents: advisory` in the user's config: the daemon plans before judging, so
   * that the audit entries of a run without a container say "uncontained".
   */
  advisory?: boolean;
}

/**
 * `shellgate-contain`'s question (sh/contain-main.ts): the container for a command that an agent
 * hook already judged and logged. Nothing is judged; the answer only ever takes rights away.
 */
export interface DaemonContainOnlyRequest {
  v: number;
  kind: 'contain';
  cwd: string;
  env: Record<string, string>;
  /** The client's pid. */
  pid?: number;
  /** Fresh per request; the answer's MAC covers it (daemon/auth.ts). */
  nonce?: string;
  contain: DaemonContainRequest;
}

/** `shellgate hook AGENT`'s question: the agent's payload, to be answered in its format. */
export interface DaemonHookRequest {
  v: number;
  kind: 'hook';
  agent: string;
  /** The payload as the agent sent it on stdin. */
  raw: string;
  cwd: string;
  env: Record<string, string>;
  /** The client's pid, for the audit log. */
  pid?: number;
  /** Fresh per request; the answer's MAC covers it (daemon/auth.ts). */
  nonce?: string;
}

/**
 * shellgate-sh's entry of what a command it ran changed (undo/record-command.ts): written to the
 * audit log by the daemon, in its batch, so that the client does not wait for the log's disk
 * sync and anchor as it exits. Only `command-effect` entries are taken.
 */
export interface DaemonAuditRequest {
  v: number;
  kind: 'audit';
  event: AuditEventInput;
  /** Fresh per request; the answer's MAC covers it (daemon/auth.ts). */
  nonce?: string;
}

/**
 * shellgate-sh's snapshot after a recorded command (undo/record-after.ts), once its scan listed
 * what differs: taken by the daemon when it can do so without git on the work tree and without
 * waiting for the store's lock (answer `recorded`, stderr: what to tell the agent); else `error`
 * and the client takes it itself.
 */
export interface DaemonUndoAfterRequest {
  v: number;
  kind: 'undo-after';
  job: WireAfterJob;
  /** Fresh per request; the answer's MAC covers it (daemon/auth.ts). */
  nonce?: string;
}

/** Any request a client sends. */
export type DaemonQuestion = DaemonRequest | DaemonHookRequest | DaemonContainOnlyRequest | DaemonAuditRequest | DaemonUndoAfterRequest;

export interface DaemonAnswer {
  outcome: ShOutcome | 'hook' | 'contain' | 'logged' | 'recorded' | 'error';
  /** What to print on stderr (why a unit is blocked, how to approve it). */
  stderr: string;
  /** For a hook: what to print on stdout, and the exit status. */
  stdout?: string;
  exitCode?: number;
  /** For `run`: the vault credentials (names, never values) the client gives this command (src/sh/vault-plan.ts). */
  inject?: { name: string; grant?: string }[];
  /** For `run` (and `contain`), when the request asked: the containment the daemon planned (absent: the client plans). */
  containment?: Containment;
}

/**
 * A directory of ours for the socket when the state directory's path is too long for one: a real
 * directory (not a link), owned by us, that nobody else can enter. Created 0700 when missing.
 */
function privateDir(dir: string): boolean {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return false;
  }
  try {
    const st = lstatSync(dir);
    const uid = typeof process.getuid === 'function' ? process.getuid() : st.uid;
    return st.isDirectory() && st.uid === uid && (st.mode & 0o077) === 0;
  } catch {
    return false;
  }
}

/**
 * The daemon's socket for this install, config and state, or null when there is no place for it.
 * In the state directory when its path fits in a socket address; else in one of runtimeDirs(),
 * only when that directory is private to us.
 */
export function daemonSocket(bundleDir: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const st = statSync(join(bundleDir, 'sh-daemon.cjs'));
  const state = stateDir(env);
  const id = quickHash(`${PROTOCOL}\0${st.size}\0${st.mtimeMs}\0${process.version}\0${configDir(env)}\0${state}`);
  const name = `classifier-${id}.sock`;
  const inState = join(state, name);
  if (inState.length <= MAX_SOCKET_PATH) return inState;
  for (const dir of runtimeDirs(env)) {
    if (join(dir, name).length <= MAX_SOCKET_PATH && privateDir(dir)) return join(dir, name);
  }
  return null;
}
