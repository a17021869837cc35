/*!
 * Approval queue API (contract; implemented in the agent-entry issue). A blocked-but-confirmable
 * line becomes a pending request in the state directory; a human approves it out of band; the
 * approval is for that exact line in that cwd, expires, and is used once.
 */
import type { Verdict } from '../classifier/verdict.js';

export interface ApprovalRequest {
  id: string;
  line: string;
  cwd: string;
  verdict: Verdict;
  /** Which agent asked, when known. */
  agent?: string;
  createdAt: string;
  status: 'pending' | 'approved' | 'denied' | 'used' | 'expired';
}

/** Records a pending request (or returns the existing pending one for the same line and cwd). */
export function requestApproval(_req: { line: string; cwd: string; verdict: Verdict; agent?: string }): ApprovalRequest {
  throw new Error('approval queue not implemented yet');
}

/** True (and marks it used) when an unexpired approval exists for exactly this line in this cwd. */
export function consumeApproval(_line: string, _cwd: string): boolean {
  return false;
}
