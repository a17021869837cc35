/*!
 * One request for a human's approval, as the queue stores it: the word shared by the queue API
 * (queue.ts), its file (approval-store.ts) and its signature (approval-mac.ts), kept apart so that
 * none of them imports another in a circle.
 */
import type { Verdict } from '../core/verdict.js';

/** One request for a human's approval of a command line in a directory. */
export interface ApprovalRequest {
  id: string;
  line: string;
  cwd: string;
  verdict: Verdict;
  /** Which agent asked, when known. */
  agent?: string;
  createdAt: string;
  status: 'pending' | 'approved' | 'denied' | 'used' | 'expired';
  /** Last time the same line was asked for again (retries refresh a pending request). */
  requestedAt?: string;
  /** When a human approved or denied it, and who. */
  decidedAt?: string;
  decidedBy?: string;
  /** Approved requests: the approval is void from this time on. */
  expiresAt?: string;
  /** Approved requests: when the retry consumed it. */
  usedAt?: string;
  /**
   * `command` (default): the line may run although the rules ask for confirmation. `write`: the
   * contained line may write `writable` once (it was refused a write outside the project).
   */
  kind?: 'command' | 'write' | 'credential';
  /** For `write` requests: the directories made writable for that one run. */
  writable?: string[];
  /** For `credential` requests: the vault credential the line may receive (src/vault/). */
  credential?: string;
  /** For `credential` requests: once approved, the grant lasts this long for that credential in that cwd. */
  grantTtlMs?: number;
  /** Approved requests: HMAC by the approver (approval-mac.ts); never consumed without it. */
  mac?: string;
}
