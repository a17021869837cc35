/*!
 * Approval queue API. A blocked-but-confirmable line becomes a pending request in the state
 * directory; a human approves it out of band (`shellgate approvals` / `shellgate approve ID`, in
 * their own terminal); the approval is for that exact line in that cwd, expires, and is used once.
 * Everything here is synchronous and safe against concurrent processes (see approval-store.ts).
 */
import type { Verdict } from '../core/verdict.js';
import { UserError } from '../core/user-error.js';
import { KEEP_FINISHED_MS, PENDING_TTL_MS, approvalTtlMs } from './approval-ttl.js';
import { signApproval, verifyApproval } from './approval-mac.js';
import { readApprovalFile, updateApprovalFile, type ApprovalFile } from './approval-store.js';
import type { ApprovalRequest } from './approval-request.js';

export type { ApprovalRequest } from './approval-request.js';

/** Marks what has expired and drops long-finished entries. Returns true when anything changed. */
function refresh(data: ApprovalFile, now: number): boolean {
  let changed = false;
  for (const r of data.requests) {
    const askedAt = Date.parse(r.requestedAt ?? r.createdAt);
    if (r.status === 'pending' && askedAt + PENDING_TTL_MS <= now) {
      r.status = 'expired';
      changed = true;
    } else if (r.status === 'approved' && Date.parse(r.expiresAt ?? r.createdAt) <= now) {
      r.status = 'expired';
      changed = true;
    }
  }
  const keep = data.requests.filter((r) => {
    if (r.status === 'pending' || r.status === 'approved') return true;
    const last = Date.parse(r.usedAt ?? r.decidedAt ?? r.requestedAt ?? r.createdAt);
    return last + KEEP_FINISHED_MS > now;
  });
  if (keep.length !== data.requests.length) {
    data.requests = keep;
    changed = true;
  }
  return changed;
}

type Kind = NonNullable<ApprovalRequest['kind']>;

function sameLine(r: ApprovalRequest, line: string, cwd: string, kind: Kind = 'command', credential?: string): boolean {
  return r.line === line && r.cwd === cwd && (r.kind ?? 'command') === kind && r.credential === credential;
}

/**
 * Records a pending request (or returns the existing pending one for the same line and cwd).
 * A denial of the same line within the approval TTL is returned as is (status `denied`), so that
 * retrying does not pester the human with the request they just refused.
 */
export function requestApproval(
  req: { line: string; cwd: string; verdict: Verdict; agent?: string; kind?: Kind; writable?: string[]; credential?: string; grantTtlMs?: number },
  env: NodeJS.ProcessEnv = process.env,
): ApprovalRequest {
  const ttl = approvalTtlMs(env);
  return updateApprovalFile(env, (data) => {
    const now = Date.now();
    refresh(data, now);
    const mine = data.requests.filter((r) => sameLine(r, req.line, req.cwd, req.kind, req.credential));
    const pending = mine.find((r) => r.status === 'pending' || r.status === 'approved');
    if (pending) {
      pending.requestedAt = new Date(now).toISOString();
      return { value: { ...pending }, changed: true };
    }
    const denied = mine.find((r) => r.status === 'denied' && Date.parse(r.decidedAt ?? r.createdAt) + ttl > now);
    if (denied) return { value: { ...denied }, changed: true };
    const created: ApprovalRequest = {
      id: String(data.nextId++),
      line: req.line,
      cwd: req.cwd,
      verdict: req.verdict,
      createdAt: new Date(now).toISOString(),
      status: 'pending',
    };
    if (req.agent) created.agent = req.agent;
    if (req.kind === 'write') Object.assign(created, { kind: 'write', writable: req.writable ?? [] });
    if (req.kind === 'credential')
      Object.assign(created, { kind: 'credential', credential: req.credential, ...(req.grantTtlMs ? { grantTtlMs: req.grantTtlMs } : {}) });
    data.requests.push(created);
    return { value: { ...created }, changed: true };
  });
}

/** True (and marks it used) when an unexpired approval exists for exactly this line in this cwd. */
export function consumeApproval(line: string, cwd: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (takeApproval(line, cwd, 'command', env) !== null) return true;
  // A human who let this exact line have a credential let it run: the vault then uses that grant.
  // (Not a lasting grant: that covers the credential for a while, not repeated runs of a confirm-needing line.)
  return takeMatching((r) => r.kind === 'credential' && !r.grantTtlMs && r.line === line && r.cwd === cwd, env, false) !== null;
}

/** The approved, signed request of `kind` for this line and cwd, marked used; null when none. */
export function takeApproval(line: string, cwd: string, kind: 'command' | 'write', env: NodeJS.ProcessEnv = process.env): ApprovalRequest | null {
  return takeMatching((r) => sameLine(r, line, cwd, kind), env);
}

/**
 * A human's signed grant of `credential` for this line in this cwd: used once; or, when it was
 * granted with a lifetime (`vault set --ttl`), any in-scope line of that credential in that cwd
 * until it expires (not marked used). Null when there is none.
 */
export function takeCredentialApproval(credential: string, line: string, cwd: string, env: NodeJS.ProcessEnv = process.env): ApprovalRequest | null {
  const lasting = takeMatching((r) => r.kind === 'credential' && r.credential === credential && r.cwd === cwd && !!r.grantTtlMs, env, false);
  return lasting ?? takeMatching((r) => sameLine(r, line, cwd, 'credential', credential) && !r.grantTtlMs, env);
}

function takeMatching(match: (r: ApprovalRequest) => boolean, env: NodeJS.ProcessEnv, once = true): ApprovalRequest | null {
  return updateApprovalFile(env, (data) => {
    const now = Date.now();
    let changed = refresh(data, now);
    const hit = data.requests.find((r) => r.status === 'approved' && match(r) && verifyApproval(r, env));
    if (hit && once) {
      hit.status = 'used';
      hit.usedAt = new Date(now).toISOString();
      changed = true;
    }
    return { value: hit ? { ...hit } : null, changed };
  });
}

/**
 * A human's answer to a pending request. Throws UserError when the id is unknown or the request
 * is no longer pending. `by` names the approver (user name) for the audit log.
 */
export function decideApproval(id: string, decision: 'approved' | 'denied', by: string, env: NodeJS.ProcessEnv = process.env): ApprovalRequest {
  const ttl = approvalTtlMs(env);
  return updateApprovalFile(env, (data) => {
    const now = Date.now();
    refresh(data, now);
    const r = data.requests.find((x) => x.id === id);
    if (!r) throw new UserError(`no approval request with id ${id}`);
    if (r.status !== 'pending') throw new UserError(`request ${id} is not pending (it is ${r.status})`);
    r.status = decision;
    r.decidedAt = new Date(now).toISOString();
    r.decidedBy = by;
    if (decision === 'approved') {
      r.expiresAt = new Date(now + (r.kind === 'credential' && r.grantTtlMs ? r.grantTtlMs : ttl)).toISOString();
      r.mac = signApproval(r, env);
    }
    return { value: { ...r }, changed: true };
  });
}

/** The requests a human may still act on (pending), or every kept request with `all`. Read-only. */
export function listApprovals(opts: { all?: boolean } = {}, env: NodeJS.ProcessEnv = process.env): ApprovalRequest[] {
  const data = readApprovalFile(env);
  refresh(data, Date.now());
  return opts.all ? data.requests : data.requests.filter((r) => r.status === 'pending');
}
