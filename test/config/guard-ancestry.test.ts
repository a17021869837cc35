/*!
 * guardEvidence: the guard variable in the environment, or an ancestor process started inside a
 * guarded session (read from a /proc tree; here a fake one, so that the walk itself is tested).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { guardEvidence } from '../../src/config/guard-ancestry.js';

/** A fake /proc: pid → [name, ppid, environment]. */
function fakeProc(procs: Record<number, [string, number, Record<string, string>]>): string {
  const root = mkdtempSync(join(tmpdir(), 'sg-proc-'));
  for (const [pid, [name, ppid, env]] of Object.entries(procs)) {
    mkdirSync(join(root, pid));
    writeFileSync(join(root, pid, 'stat'), `${pid} (${name}) S ${ppid} ${pid} ${pid} 0 -1`);
    writeFileSync(
      join(root, pid, 'environ'),
      Object.entries(env)
        .map(([k, v]) => `${k}=${v}\0`)
        .join(''),
    );
  }
  return root;
}

describe('guardEvidence', () => {
  it('names the variable when it is set', () => {
    expect(guardEvidence({ SHELLGATE_SESSION: 'abc' }, 1, '/nonexistent')).toBe('SHELLGATE_SESSION is set');
  });

  it('finds a guarded ancestor several levels up, even with an odd process name', () => {
    const root = fakeProc({
      40: ['node', 30, { PATH: '/bin' }],
      30: ['my (odd) sh', 20, { PATH: '/bin' }],
      20: ['bash', 10, { SHELLGATE_SESSION: 'sess-7', PATH: '/bin' }],
      10: ['node', 1, { PATH: '/bin' }],
    });
    expect(guardEvidence({}, 40, root)).toBe('its ancestor process 20 (bash) was started in guarded session sess-7');
  });

  it('says nothing for an unguarded tree, an empty value, or a missing /proc', () => {
    const root = fakeProc({
      40: ['node', 30, { SHELLGATE_SESSION: '' }],
      30: ['bash', 1, { HOME: '/home/dev' }],
    });
    expect(guardEvidence({}, 40, root)).toBeUndefined();
    expect(guardEvidence({}, 40, '/nonexistent')).toBeUndefined();
  });

  it('stops at a loop in the tree', () => {
    const root = fakeProc({ 5: ['a', 6, {}], 6: ['b', 5, {}] });
    expect(guardEvidence({}, 5, root)).toBeUndefined();
  });
});
