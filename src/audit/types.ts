/*!
 * The audit log's input types: what callers (shell, shellgate-sh, hooks, approvals) hand to
 * `appendAuditEvent`. Re-exported by `log.ts`, which is the module callers import.
 */
import type { Verdict } from '../core/verdict.js';

/** Who typed or sent the line. */
export interface AuditActor {
  kind: 'human' | 'agent';
  /** Which agent, when known: `claude-code`, `gemini-cli`, `cursor`, `codex` … */
  agent?: string;
}

/** How a confirm-needing command was approved. */
export interface AuditApproval {
  /** Who approved: `human` (prompt in the terminal), or the approver's user name. */
  by: string;
  how: 'prompt' | 'code' | 'approval-queue';
  requestId?: string;
}

/** One event to record. `line` is redacted before it is stored. */
export interface AuditEventInput {
  /**
   * `containment`: what the container stopped during a command that ran (refused writes, files moved aside).
   * `credential`: a vault credential given to a command. `command-effect`: what a command changed
   * in the project (undo). `undo`: a human's `shellgate undo`.
   */
  event: 'command' | 'approval-granted' | 'approval-denied' | 'containment' | 'credential' | 'command-effect' | 'undo';
  source: 'shell' | 'shellgate-sh' | 'hook' | 'approvals' | 'undo';
  sessionId: string;
  actor: AuditActor;
  cwd: string;
  line: string;
  verdict?: Verdict;
  approval?: AuditApproval | null;
  exitStatus?: number | null;
  durationMs?: number | null;
  /**
   * The command did not run. Defaults to true for a `deny` verdict and for `approval-denied`;
   * set it when a confirm was declined or refused because the log could not be written.
   */
  blocked?: boolean;
  /** The approval request filed for this command (it did not run; a human may approve the retry). */
  requestId?: string;
  /** Free text for the record (e.g. why a command was refused); redacted like the line. */
  note?: string;
  /** The process the command was judged for, when not this one (the classifier daemon's client). */
  pid?: number;
  /** Decided by the classifier daemon (this process) for `pid`. */
  viaDaemon?: boolean;
  /** `credential` events: which vault credential the line received, never its value (src/vault/). */
  credential?: AuditCredential;
  /** `command-effect` and `undo`: what changed in the project, and the undo record (undo/journal.ts). */
  effect?: AuditEffect;
}

/** A credential given to a command: its name, environment and the human's grant (request id), if one was needed. */
export interface AuditCredential {
  name: string;
  environment: string;
  grant?: string;
}

/** Files a command (or an undo) added, modified, deleted; its undo record; why there is none. */
export interface AuditEffect {
  project: string;
  undoSeq: number | null;
  added: number;
  modified: number;
  deleted: number;
  /** The first changed paths, each with its status letter (`D src/a.ts`). */
  paths: string[];
  /** Deleted or reverted files that held uncommitted work (first paths) and how many in all. */
  lost: string[];
  lostCount: number;
  /** Set when no snapshot could be taken: the effect is unknown and cannot be undone. */
  snapshotError?: string;
}

/** Outcome of an append: callers deny confirm-needing commands when it is not ok. */
export type AuditResult = { ok: true } | { ok: false; error: string };
