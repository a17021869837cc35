/*!
 * The audit log's input types: what callers (shell, shellgate-sh, hooks, approvals) hand to
 * `appendAuditEvent`. Re-exported by `log.ts`, which is the module callers import.
 */
import type { Verdict } from '../classifier/verdict.js';

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
  event: 'command' | 'approval-granted' | 'approval-denied' | 'command-effect' | 'undo';
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
  /** Free text for the record (e.g. why a command was refused); redacted like the line. */
  note?: string;
  /** The process the command was judged for, when not this one (the classifier daemon's client). */
  pid?: number;
  /** Decided by the classifier daemon (this process) for `pid`. */
  viaDaemon?: boolean;
  /** `command-effect` and `undo`: what changed in the project, and the undo record (undo/journal.ts). */
  effect?: AuditEffect;
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
