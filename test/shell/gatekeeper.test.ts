/*!
 * The Gatekeeper with the real engine, the real audit log and the real approval queue (in a
 * temporary state directory). The human at the prompt is played by a scripted answer.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decideApproval } from '../../src/approvals/queue.js';
import { loadEngine, type Engine } from '../../src/engine/load-engine.js';
import type { Context } from '../../src/classifier/context.js';
import { AuditTrail } from '../../src/shell/audit-trail.js';
import { needsCode } from '../../src/gate/typed-code.js';
import { Gatekeeper } from '../../src/shell/gatekeeper.js';
import type { GateRequest } from '../../src/shell/protocol.js';
import type { ConfirmOutcome, ConfirmRequest } from '../../src/ui/confirm/confirm-types.js';

let state: string;
let home: string;
const saved = { ...process.env };

beforeEach(() => {
  state = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-gk-state-'));
  home = fs.mkdtempSync(path.join(fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'sg-gk-home-'));
  fs.mkdirSync(path.join(home, 'projects', 'demo'), { recursive: true });
  process.env.SHELLGATE_STATE_DIR = state;
  process.env.SHELLGATE_LOG_FSYNC = '0';
});

afterEach(() => {
  process.env = { ...saved };
  fs.rmSync(state, { recursive: true, force: true });
  fs.rmSync(home, { recursive: true, force: true });
});

/** What bash would send for `line`, with its real `alias -p`, `declare -F` and `declare -px` output. */
function request(line: string, setup = '', opts: Partial<GateRequest> = {}): GateRequest {
  const bash = (cmd: string) =>
    execFileSync('bash', ['--norc', '-c', `shopt -s expand_aliases; ${setup}\n${cmd}`], {
      encoding: 'utf8',
      env: { HOME: home, PATH: process.env.PATH ?? '' },
    });
  return {
    id: `1.${Math.floor(Math.random() * 1e6)}`,
    line,
    cwd: home,
    continuation: false,
    aliasText: bash('alias -p'),
    functionNamesText: bash('declare -F'),
    envText: bash('declare -px'),
    ...opts,
  };
}

function fetcherFor(setup: string) {
  return async (names: string[]) => execFileSync('bash', ['--norc', '-c', `${setup}\ndeclare -f -- ${names.join(' ')}`], { encoding: 'utf8' });
}

interface Harness {
  gk: Gatekeeper;
  notes: string[];
  asked: ConfirmRequest[];
  contexts: Partial<Context>[];
}

function harness(opts: { canPrompt?: boolean; answer?: (r: ConfirmRequest) => ConfirmOutcome; engineFor?: (cwd: string) => Engine } = {}): Harness {
  const notes: string[] = [];
  const asked: ConfirmRequest[] = [];
  const contexts: Partial<Context>[] = [];
  const engine = loadEngine({ cwd: home });
  const recording: Engine = { ...engine, classify: (line, ctx, trace) => (contexts.push(ctx), engine.classify(line, ctx, trace)) };
  const audit = new AuditTrail('test-session', { kind: 'human' }, (m) => notes.push(m));
  const gk = new Gatekeeper({
    engineFor: opts.engineFor ?? (() => recording),
    actor: opts.canPrompt === false ? { kind: 'agent', agent: 'claude-code' } : { kind: 'human' },
    canPrompt: opts.canPrompt ?? true,
    confirm: async (r) => (asked.push(r), (opts.answer ?? (() => ({ approved: false, how: 'prompt' })))(r)),
    notify: (t) => notes.push(t),
    audit,
  });
  return { gk, notes, asked, contexts };
}

const noFetch = async () => '';

function auditLines(): Array<Record<string, any>> {
  const file = path.join(state, 'audit', 'audit.jsonl');
  return fs.existsSync(file)
    ? fs
        .readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
    : [];
}

describe('Gatekeeper', () => {
  it('allows a harmless line and logs it when it finishes', async () => {
    const h = harness();
    const req = request('echo hello');
    expect(await h.gk.judge(req, noFetch)).toBe('allow');
    h.gk.done(req.id, 3);
    expect(auditLines().at(-1)).toMatchObject({ line: 'echo hello', event: 'command', exitStatus: 3, blocked: false });
  });

  it('answers more for an incomplete line', async () => {
    const h = harness();
    expect(await h.gk.judge(request('for i in 1 2; do'), noFetch)).toBe('more');
    expect(h.contexts).toHaveLength(0);
  });

  it('denies a denied line with a message, without asking', async () => {
    const h = harness();
    expect(await h.gk.judge(request('rm -rf /'), noFetch)).toBe('deny');
    expect(h.asked).toHaveLength(0);
    expect(h.notes.join('')).toMatch(/denied/);
    expect(auditLines().at(-1)).toMatchObject({ line: 'rm -rf /', blocked: true });
  });

  it('asks the human for a confirm line, and follows the answer', async () => {
    let yes = false;
    const h = harness({ answer: () => ({ approved: yes, how: 'prompt' }) });
    expect(await h.gk.judge(request('rm -rf ~/projects/demo'), noFetch)).toBe('deny');
    yes = true;
    expect(await h.gk.judge(request('rm -rf ~/projects/demo'), noFetch)).toBe('allow');
    expect(h.asked).toHaveLength(2);
    expect(h.asked[0].code).toBeNull();
    const events = auditLines().map((e) => e.event);
    expect(events).toEqual(['approval-denied', 'command', 'approval-granted']);
  });

  it('asks for a code when the line is critical', async () => {
    const h = harness({ answer: () => ({ approved: false, how: 'prompt' }) });
    await h.gk.judge(request('kubectl delete namespace shop --context production'), noFetch);
    expect(h.asked[0].verdict.risk).toBe('critical');
    expect(h.asked[0].code).toMatch(/^[A-Z0-9]{4}$/);
    expect(needsCode({ decision: 'confirm', risk: 'medium', environment: 'production', reasons: [] })).toBe(true);
  });

  it('sends the session aliases and the functions the line reaches to the engine', async () => {
    const setup = `alias zap='rm -rf'; wipe() { helper "$1"; }; helper() { rm -rf "$1"; }; unused() { :; }`;
    const h = harness();
    await h.gk.judge(request('zap ~/projects/demo && wipe ~/projects/demo', setup), fetcherFor(setup));
    const ctx = h.contexts[0];
    expect(ctx.aliases).toEqual({ zap: 'rm -rf' });
    expect(Object.keys(ctx.functions ?? {}).sort()).toEqual(['helper', 'wipe']);
    expect(ctx.functions!.helper).toContain('rm -rf "$1"');
    expect(ctx.cwd).toBe(home);
    expect(ctx.env?.HOME).toBe(home);
    expect(ctx.actor).toBe('human');
  });

  it('adds the guard rules: a line that rebinds keys needs a confirmation', async () => {
    const h = harness();
    expect(await h.gk.judge(request(`bind '"\\C-m": accept-line'`), noFetch)).toBe('deny');
    expect(h.asked[0].verdict.reasons.map((r) => r.rule)).toContain('shell.guard-tamper');
  });

  it('judges a continuation line together with the lines before it', async () => {
    const h = harness();
    const first = request('echo start');
    expect(await h.gk.judge(first, noFetch)).toBe('allow');
    await h.gk.judge(request('rm -rf ~/projects/demo', '', { continuation: true }), noFetch);
    expect(h.asked[0].line).toBe('echo start\nrm -rf ~/projects/demo');
    expect(h.notes.join('')).toMatch(/Ctrl-C/);
  });

  it('refuses the line when the rules for its directory do not load', async () => {
    const h = harness({
      engineFor: () => {
        throw new Error('bad.yaml:3: broken');
      },
    });
    expect(await h.gk.judge(request('echo hi'), noFetch)).toBe('deny');
    expect(h.notes.join('')).toMatch(/do not load: bad\.yaml:3: broken/);
  });

  it('refuses the line when the function definitions never come', async () => {
    const h = harness();
    const setup = 'wipe() { rm -rf "$1"; }';
    const answer = await h.gk.judge(request('wipe x', setup), async () => {
      throw new Error('the line was abandoned');
    });
    expect(answer).toBe('deny');
  });

  it('agent session: keystrokes cannot approve; the queue can, once', async () => {
    const h = harness({ canPrompt: false });
    const line = 'rm -rf ~/projects/demo';
    expect(await h.gk.judge(request(line), noFetch)).toBe('deny');
    expect(h.asked).toHaveLength(0);
    const id = /shellgate approve (\S+)\)/.exec(h.notes.join(''))![1];
    decideApproval(id, 'approved', 'tester');
    expect(await h.gk.judge(request(line), noFetch)).toBe('allow');
    expect(await h.gk.judge(request(line), noFetch)).toBe('deny');
  });

  it('when the audit log cannot be written: confirm lines are refused without asking, allowed lines run', async () => {
    const notADir = path.join(state, 'file');
    fs.writeFileSync(notADir, 'x');
    process.env.SHELLGATE_STATE_DIR = notADir;
    const h = harness({ answer: () => ({ approved: true, how: 'prompt' }) });
    expect(await h.gk.judge(request('echo hello'), noFetch)).toBe('allow');
    expect(await h.gk.judge(request('rm -rf ~/projects/demo'), noFetch)).toBe('deny');
    expect(h.asked).toHaveLength(0);
    expect(h.notes.join('')).toMatch(/audit log/);
  });
});
