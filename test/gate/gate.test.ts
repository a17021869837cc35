/*!
 * The one gate (src/gate/): the confirm policy every surface follows, the typed-code rule, the
 * could-not-judge verdict, and the production escalation. The policy is pure over its ports, so
 * the ports here are scripted; the surfaces' own tests (shell/gatekeeper, sh/*,
 * hooks/*) drive it with the real queue, log and prompt.
 */
import { describe, expect, it } from 'vitest';
import { couldNotJudge } from '../../src/classifier/could-not-judge.js';
import type { Verdict } from '../../src/core/verdict.js';
import { confirmAsking, confirmLine, type ConfirmPorts, type ConfirmRecord, type ConfirmWay, type FiledRequest } from '../../src/gate/confirm-policy.js';
import { judgeLine } from '../../src/gate/judge-line.js';
import { needsCode } from '../../src/gate/typed-code.js';
import { ruleOutcome } from '../../src/rules/resolve-action.js';
import { loadEngine } from '../../src/engine/load-engine.js';

const high: Verdict = { decision: 'confirm', risk: 'high', environment: null, reasons: [] };
const critical: Verdict = { ...high, risk: 'critical' };
const prod: Verdict = { ...high, environment: 'production' };

interface Script {
  way: ConfirmWay;
  approved?: boolean | 'throws';
  file?: 'throws';
  unwritable?: string;
  recordFails?: ConfirmRecord<FiledRequest>['kind'];
}

function ports(s: Script) {
  const log: string[] = [];
  const p: ConfirmPorts<FiledRequest> = {
    way: s.way,
    consumeApproval: () => {
      if (s.approved === 'throws') throw new Error('queue unreadable');
      return s.approved === true;
    },
    fileRequest: () => {
      if (s.file) throw new Error('queue unwritable');
      log.push('filed');
      return { id: '7', status: 'pending' };
    },
    auditWritable: () => s.unwritable,
    record: (r) => (log.push(`record ${r.kind}`), s.recordFails === r.kind ? 'disk full' : undefined),
  };
  return { p, log };
}

describe('the confirm policy', () => {
  it('uses a human approval from the queue once, recorded before the line runs', () => {
    const { p, log } = ports({ way: 'queue', approved: true });
    expect(confirmLine(high, p)).toEqual({ kind: 'run', approval: { by: 'human', how: 'approval-queue' } });
    expect(log).toEqual(['record approved']);
  });

  it('an approval the log cannot record does not run', () => {
    const { p } = ports({ way: 'prompt', approved: true, recordFails: 'approved' });
    expect(confirmLine(high, p).kind).toBe('unaudited');
  });

  it('an unreadable queue holds no approval: the line is filed as a request, not run', () => {
    const { p, log } = ports({ way: 'queue', approved: 'throws' });
    expect(confirmLine(high, p)).toEqual({ kind: 'queued', request: { id: '7', status: 'pending' } });
    expect(log).toEqual(['filed', 'record queued']);
  });

  it('files first, so that the "not run" entry names the request; a request that cannot be filed or logged refuses', () => {
    expect(confirmLine(high, ports({ way: 'queue', file: 'throws' }).p).kind).toBe('queue-unavailable');
    expect(confirmLine(high, ports({ way: 'queue', recordFails: 'queued' }).p).kind).toBe('unaudited');
  });

  it('a log port that throws counts as a log that cannot record: the line does not run', () => {
    const { p } = ports({ way: 'queue', approved: true });
    const throwing = {
      ...p,
      record: () => {
        throw new Error('EIO');
      },
    };
    expect(confirmLine(high, throwing)).toMatchObject({ kind: 'unaudited', error: 'EIO' });
  });

  it('does not ask a human whose answer the log cannot record', async () => {
    let asked = 0;
    const r = await confirmAsking(high, ports({ way: 'prompt', unwritable: 'read-only' }).p, async () => (asked++, { approved: true, how: 'prompt' }));
    expect(r).toEqual({ kind: 'unaudited', error: 'read-only' });
    expect(asked).toBe(0);
  });

  it.each([
    ['high risk: y/N', high, false],
    ['critical: the typed code', critical, true],
    ['production: the typed code', prod, true],
  ])('asks the human at this terminal (%s); a yes runs, a no does not', async (_, verdict, code) => {
    const codes: (string | null)[] = [];
    const yes = await confirmAsking(verdict, ports({ way: 'prompt' }).p, async (c) => (codes.push(c), { approved: true, how: c ? 'code' : 'prompt' }));
    expect(yes.kind).toBe('run');
    const no = await confirmAsking(verdict, ports({ way: 'prompt' }).p, async (c) => (codes.push(c), { approved: false, how: 'prompt' }));
    expect(no.kind).toBe('declined');
    for (const c of codes) expect(c === null).toBe(!code);
    expect(needsCode(verdict)).toBe(code);
  });

  it("hands a line to the agent's own prompt only when a yes/no may approve it; a line that needs the code is queued", () => {
    const asked = ports({ way: 'agent-ask' });
    expect(confirmLine(high, asked.p)).toEqual({ kind: 'ask' });
    expect(asked.log).toEqual(['record asked']);
    expect(confirmLine(critical, ports({ way: 'agent-ask' }).p).kind).toBe('queued');
    expect(confirmLine(prod, ports({ way: 'agent-ask' }).p).kind).toBe('queued');
    expect(confirmLine(high, ports({ way: 'agent-ask', recordFails: 'asked' }).p).kind).toBe('unaudited');
  });

  it("stops before the question when the human is at another process's terminal (the daemon's client)", () => {
    const { p, log } = ports({ way: 'prompt-there' });
    expect(confirmLine(high, p)).toEqual({ kind: 'prompt-there' });
    expect(log).toEqual([]);
  });
});

describe('a line that could not be judged', () => {
  it.each([
    ['rules-broken', 'human', 'deny', 'engine.load-error'],
    ['rules-broken', 'agent', 'deny', 'engine.load-error'],
    ['classifier-failed', 'human', 'confirm', 'engine.internal-error'],
    ['classifier-failed', 'agent', 'deny', 'engine.internal-error'],
  ] as const)('%s, facing a %s: %s', (cause, actor, decision, rule) => {
    const v = couldNotJudge('x', cause, 'boom', actor);
    expect(v.decision).toBe(decision);
    expect(v.risk).toBe('high');
    expect(v.reasons[0].rule).toBe(rule);
  });

  it('judgeLine turns rules that do not load, and a classifier that throws, into that verdict', () => {
    const broken = judgeLine(
      () => {
        throw new Error('bad.yaml:3: broken');
      },
      { line: 'ls', cwd: '/tmp', actor: 'human' },
    );
    expect(broken.decision).toBe('deny');
    expect(broken.reasons[0].message).toMatch(/do not load: bad\.yaml:3: broken/);
    const engine = loadEngine({ cwd: '/tmp' });
    const throwing = {
      ...engine,
      classify: () => {
        throw new Error('walker bug');
      },
    };
    expect(judgeLine(() => throwing, { line: 'ls', cwd: '/tmp', actor: 'human' }).decision).toBe('confirm');
    expect(judgeLine(() => throwing, { line: 'ls', cwd: '/tmp', actor: 'agent' }).decision).toBe('deny');
  });

  it("folds the surface's extra reasons in without loosening the engine's verdict", () => {
    const engine = loadEngine({ cwd: '/tmp' });
    const extra = () => [
      { rule: 'shell.x', message: 'm', command: 'ls', span: [0, 2] as [number, number], decision: 'confirm' as const, risk: 'high' as const },
    ];
    const v = judgeLine(() => engine, { line: 'ls', cwd: '/tmp', actor: 'human', extra });
    expect([v.decision, v.risk]).toEqual(['confirm', 'high']);
  });
});

describe('the production escalation', () => {
  it.each([
    [{ action: 'confirm', risk: 'medium' }, 'production', 'agent', 'deny', 'high', true],
    [{ action: 'confirm', risk: 'high' }, 'production', 'human', 'confirm', 'critical', true],
    [{ action: { default: 'confirm' }, risk: 'high' }, 'production', 'agent', 'confirm', 'critical', true],
    [{ action: 'confirm', risk: 'low' }, 'production', 'agent', 'confirm', 'low', false],
    [{ action: 'allow', risk: 'high' }, 'production', 'agent', 'allow', 'high', false],
    [{ action: 'confirm', risk: 'high' }, 'staging', 'agent', 'confirm', 'high', false],
  ] as const)('%j in %s for an %s: %s at %s risk', (rule, env, actor, decision, risk, production) => {
    expect(ruleOutcome(rule, env, actor)).toEqual({ decision, risk, production });
  });
});
