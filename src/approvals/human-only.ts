/*!
 * Approvals are human-only. The commands that grant them (`shellgate approve`, `shellgate
 * approvals`) refuse to run inside a guarded session (SHELLGATE_SESSION, exported by shellgate-sh
 * and the guarded shell, in this process's environment or an ancestor's) or when an agent's
 * environment is detected — an agent must never approve its own request. (The engine's self-protection rules deny these commands too; this is
 * the second lock.)
 */
import { userInfo } from 'node:os';
import { detectActor } from '../config/actor.js';
import { guardEvidence } from '../config/guard-ancestry.js';
import { appendAuditEvent } from '../audit/log.js';
import { UserError } from '../core/user-error.js';
import { decideApproval, type ApprovalRequest } from './queue.js';

/** Exit status of a refused approval command (same as a blocked command). */
export const REFUSED_STATUS = 126;

/** Throws UserError when this process may be an agent or runs under a shellgate guard. */
export function assertHuman(command: string, env: NodeJS.ProcessEnv = process.env): void {
  const guarded = guardEvidence(env);
  if (guarded) {
    throw new UserError(
      `refusing to run inside a shellgate-guarded session (${guarded}): approvals must come from the human's own terminal, not from the session that asked for them`,
      REFUSED_STATUS,
    );
  }
  const who = detectActor(env);
  if (who.kind === 'agent') {
    throw new UserError(
      `refusing to run: this looks like an agent's environment (${who.agent}); run \`shellgate ${command}\` in your own terminal`,
      REFUSED_STATUS,
    );
  }
}

/** The approver's name for the record. */
export function approverName(env: NodeJS.ProcessEnv = process.env): string {
  try {
    return userInfo().username;
  } catch {
    return env.USER || env.LOGNAME || 'human';
  }
}

/** Approves (once) or denies request `id` and records it in the audit log. */
export function answerRequest(id: string, decision: 'approved' | 'denied', env: NodeJS.ProcessEnv = process.env): ApprovalRequest {
  const by = approverName(env);
  const r = decideApproval(id, decision, by, env);
  appendAuditEvent({
    event: decision === 'approved' ? 'approval-granted' : 'approval-denied',
    source: 'approvals',
    sessionId: `approvals-${process.pid}`,
    actor: { kind: 'human' },
    cwd: r.cwd,
    line: r.line,
    verdict: r.verdict,
    approval: { by, how: 'approval-queue', requestId: r.id },
  });
  return r;
}
