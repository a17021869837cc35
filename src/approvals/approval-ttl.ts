/*!
 * How long things live in the approval queue. An approval is valid for `SHELLGATE_APPROVAL_TTL`
 * seconds after the human grants it (default 10 minutes); a request nobody answered stays listed
 * for an hour; a denial is remembered for the approval TTL so that an agent retrying the same line
 * is told "denied" instead of queueing the same request again.
 */
import { UserError } from '../core/user-error.js';

/** Environment variable holding the approval lifetime in seconds. */
export const APPROVAL_TTL_ENV = 'SHELLGATE_APPROVAL_TTL';

/** Default approval lifetime: 10 minutes. */
export const DEFAULT_APPROVAL_TTL_MS = 10 * 60 * 1000;

/** How long an unanswered request stays pending. */
export const PENDING_TTL_MS = 60 * 60 * 1000;

/** Finished requests (used, denied, expired) are dropped from the file after this long. */
export const KEEP_FINISHED_MS = 24 * 60 * 60 * 1000;

/** The approval lifetime in milliseconds; throws UserError when the variable is not a number ≥ 0. */
export function approvalTtlMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[APPROVAL_TTL_ENV];
  if (raw === undefined || raw.trim() === '') return DEFAULT_APPROVAL_TTL_MS;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new UserError(`${APPROVAL_TTL_ENV}=${JSON.stringify(raw)} is not a number of seconds (≥ 0)`);
  }
  return Math.round(seconds * 1000);
}
