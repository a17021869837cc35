/*!
 * Approvals carry a MAC: an HMAC-SHA256 over what was approved (id, kind, line, cwd, extra
 * writable paths, expiry), keyed with a secret in the state directory. The state directory is not
 * visible to contained agent commands, so a program an agent wrote cannot mint a grant by editing
 * approvals.json: a request marked "approved" without a valid MAC is never consumed.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stateDir } from '../config/paths.js';
import type { ApprovalRequest } from './approval-request.js';

function keyPath(env: NodeJS.ProcessEnv): string {
  return join(stateDir(env), 'keys', 'approvals.key');
}

/** The key, created (0600) on first use. */
function approvalKey(env: NodeJS.ProcessEnv): Buffer {
  const path = keyPath(env);
  try {
    const key = readFileSync(path);
    if (key.length >= 32) return key;
  } catch {
    /* first use */
  }
  mkdirSync(join(stateDir(env), 'keys'), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(path, key, { mode: 0o600 });
  return key;
}

function material(r: ApprovalRequest): string {
  const base = [r.id, r.kind ?? 'command', r.line, r.cwd, r.writable ?? [], r.status, r.expiresAt ?? '', r.decidedBy ?? ''];
  return JSON.stringify(r.kind === 'credential' ? [...base, r.credential ?? '', r.grantTtlMs ?? 0] : base);
}

/** The MAC of an approved request. */
export function signApproval(r: ApprovalRequest, env: NodeJS.ProcessEnv): string {
  return createHmac('sha256', approvalKey(env)).update(material(r)).digest('hex');
}

/** True when `r` carries the MAC the approver wrote. */
export function verifyApproval(r: ApprovalRequest, env: NodeJS.ProcessEnv): boolean {
  if (typeof r.mac !== 'string' || r.mac.length !== 64) return false;
  const want = Buffer.from(signApproval(r, env), 'hex');
  return timingSafeEqual(want, Buffer.from(r.mac, 'hex'));
}
