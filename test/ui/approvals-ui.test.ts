/*!
 * The `shellgate approvals` Ink list (built component) against a real queue in a temp state dir:
 * live refresh, arrow keys, `a` approves once, `d` denies, `q` quits.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createElement } from 'react';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error built JavaScript, no declarations
import { ApprovalsApp } from '../../src/ui/approvals/ApprovalsApp.js';
// @ts-expect-error built JavaScript, no declarations
import * as queue from '../../src/approvals/queue.js';

const verdict = {
  decision: 'confirm',
  risk: 'high',
  environment: null,
  reasons: [{ rule: 'git.push-force', message: 'force push', command: 'x', span: [0, 1], decision: 'confirm', risk: 'high' }],
};

const ARROW_DOWN = '\u001B[B';
let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

function setup() {
  const env = { SHELLGATE_STATE_DIR: mkdtempSync(join(tmpdir(), 'shellgate-ui-')) };
  const file = (line: string) => queue.requestApproval({ line, cwd: '/work/app', verdict, agent: 'gemini-cli' }, env);
  const load = () => queue.listApprovals({}, env);
  const answer = (id: string, d: 'approved' | 'denied') => queue.decideApproval(id, d, 'tester', env);
  return { env, file, load, answer };
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`never happened: ${what}`);
}

describe('ApprovalsApp', () => {
  it('lists pending requests with their rule and agent, and shows new ones live', async () => {
    const s = setup();
    s.file('git push --force origin main');
    const app = render(createElement(ApprovalsApp, { load: s.load, answer: s.answer, refreshMs: 50 }));
    unmount = app.unmount;
    expect(app.lastFrame()).toContain('#1 git push --force origin main');
    expect(app.lastFrame()).toContain('gemini-cli');
    expect(app.lastFrame()).toContain('[git.push-force]');
    s.file('git push --force origin dev');
    await until(() => (app.lastFrame() ?? '').includes('#2 git push --force origin dev'), 'live refresh');
  });

  it('a approves the selected request once; the retry can consume it', async () => {
    const s = setup();
    s.file('git push --force origin main');
    const app = render(createElement(ApprovalsApp, { load: s.load, answer: s.answer, refreshMs: 50 }));
    unmount = app.unmount;
    app.stdin.write('a');
    await until(() => (app.lastFrame() ?? '').includes('approved once: #1'), 'approval note');
    expect(queue.consumeApproval('git push --force origin main', '/work/app', s.env)).toBe(true);
    expect(queue.consumeApproval('git push --force origin main', '/work/app', s.env)).toBe(false);
    expect(app.lastFrame()).toContain('0 pending');
  });

  it('arrow down then d (typed at once) denies the second request', async () => {
    const s = setup();
    s.file('git push --force origin main');
    s.file('git push --force origin dev');
    const app = render(createElement(ApprovalsApp, { load: s.load, answer: s.answer, refreshMs: 50 }));
    unmount = app.unmount;
    app.stdin.write(ARROW_DOWN);
    app.stdin.write('d');
    await until(() => (app.lastFrame() ?? '').includes('denied: #2'), 'deny note');
    const all = queue.listApprovals({ all: true }, s.env);
    expect(all.find((r: { id: string }) => r.id === '2').status).toBe('denied');
    expect(all.find((r: { id: string }) => r.id === '1').status).toBe('pending');
  });

  it('shows an empty state and quits on q', async () => {
    const s = setup();
    const app = render(createElement(ApprovalsApp, { load: s.load, answer: s.answer, refreshMs: 50 }));
    unmount = app.unmount;
    expect(app.lastFrame()).toContain('No pending requests');
    app.stdin.write('q');
    await app.waitUntilExit?.();
  });
});
