/*!
 * Audit log API (contract). The implementation (hash chain, locking, rotation, redaction) is
 * issue 7; until then events are accepted and dropped.
 */
import type { Verdict } from '../classifier/verdict.js';

export interface AuditActor {
  kind: 'human' | 'agent';
  /** Which agent, when known: `claude-code`, `gemini-cli`, `cursor`, `codex` … */
  agent?: string;
}

export interface AuditApproval {
  /** Who approved: `human` (prompt in the terminal), or the approver's user name. */
  by: string;
  how: 'prompt' | 'code' | 'approval-queue';
  requestId?: string;
}

export interface AuditEventInput {
  event: 'command' | 'approval-granted' | 'approval-denied';
  source: 'shell' | 'shellgate-sh' | 'hook' | 'approvals';
  sessionId: string;
  actor: AuditActor;
  cwd: string;
  line: string;
  verdict?: Verdict;
  approval?: AuditApproval | null;
  exitStatus?: number | null;
  durationMs?: number | null;
}

export type AuditResult = { ok: true } | { ok: false; error: string };

export function appendAuditEvent(_event: AuditEventInput, _opts: { dir?: string } = {}): AuditResult {
  return { ok: true };
}
