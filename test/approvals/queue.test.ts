/*!
 * The approval queue (built module, real files in a temp state directory): one request per line
 * and cwd, approvals used once, expiry, denials remembered, unknown ids refused.
 */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error built JavaScript, no declarations
import * as queue from '../../src/approvals/queue.js';

const verdict = {
  decision: 'confirm',
  risk: 'high',
  environment: null,
  reasons: [{ rule: 'fs.delete-recursive', message: 'recursive delete', command: 'rm -r x', span: [0, 7], decision: 'confirm', risk: 'high' }],
};

let env: NodeJS.ProcessEnv;
beforeEach(() => {
  env = { SHELLGATE_STATE_DIR: mkdtempSync(join(tmpdir(), 'shellgate-queue-')) };
});

const ask = (line = 'rm -r x', cwd = '/p') => queue.requestApproval({ line, cwd, verdict, agent: 'claude-code' }, env);

describe('requestApproval', () => {
  it('creates a pending request with a short id and the contract fields', () => {
    const r = ask();
    expect(r).toMatchObject({ id: '1', line: 'rm -r x', cwd: '/p', verdict, agent: 'claude-code', status: 'pending' });
    expect(Number.isNaN(Date.parse(r.createdAt))).toBe(false);
  });

  it('returns the same pending request for the same line and cwd', () => {
    expect(ask().id).toBe(ask().id);
    expect(ask('rm -r x', '/q').id).not.toBe(ask().id);
    expect(ask('rm -r y').id).not.toBe(ask().id);
  });

  it('keeps the file private to the user', () => {
    ask();
    const { mode } = statSync(join(env.SHELLGATE_STATE_DIR!, 'approvals.json'));
    expect(mode & 0o077).toBe(0);
    expect(JSON.parse(readFileSync(join(env.SHELLGATE_STATE_DIR!, 'approvals.json'), 'utf8')).v).toBe(1);
  });
});

describe('consumeApproval', () => {
  it('is false while the request is pending', () => {
    ask();
    expect(queue.consumeApproval('rm -r x', '/p', env)).toBe(false);
  });

  it('is true exactly once after approval', () => {
    const r = ask();
    queue.decideApproval(r.id, 'approved', 'alice', env);
    expect(queue.consumeApproval('rm -r x', '/q', env)).toBe(false);
    expect(queue.consumeApproval('rm -r x', '/p', env)).toBe(true);
    expect(queue.consumeApproval('rm -r x', '/p', env)).toBe(false);
    expect(queue.listApprovals({ all: true }, env)[0]).toMatchObject({ status: 'used', decidedBy: 'alice' });
  });

  it('is false once the approval has expired (TTL 0)', () => {
    const r = ask();
    queue.decideApproval(r.id, 'approved', 'alice', { ...env, SHELLGATE_APPROVAL_TTL: '0' });
    expect(queue.consumeApproval('rm -r x', '/p', env)).toBe(false);
    expect(queue.listApprovals({ all: true }, env)[0].status).toBe('expired');
  });
});

describe('decideApproval', () => {
  it('refuses unknown ids and requests that are not pending', () => {
    expect(() => queue.decideApproval('99', 'approved', 'alice', env)).toThrow(/no approval request with id 99/);
    const r = ask();
    queue.decideApproval(r.id, 'denied', 'alice', env);
    expect(() => queue.decideApproval(r.id, 'approved', 'alice', env)).toThrow(/not pending \(it is denied\)/);
  });

  it('a denial is returned to the retry instead of a new request', () => {
    const r = ask();
    queue.decideApproval(r.id, 'denied', 'alice', env);
    expect(ask()).toMatchObject({ id: r.id, status: 'denied' });
    expect(queue.listApprovals({}, env)).toEqual([]);
  });

  it('rejects a malformed SHELLGATE_APPROVAL_TTL with a clear message', () => {
    const r = ask();
    expect(() => queue.decideApproval(r.id, 'approved', 'alice', { ...env, SHELLGATE_APPROVAL_TTL: 'ten' })).toThrow(
      /SHELLGATE_APPROVAL_TTL="ten" is not a number/,
    );
  });
});
