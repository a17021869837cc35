/*!
 * The confirmation prompt, rendered with ink-testing-library: what it shows, and what each key
 * does. Frames are read with lastFrame(); keys are written to its stdin.
 */
import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import type { Verdict } from '../../src/core/verdict.js';
import { ConfirmPrompt } from '../../src/ui/confirm/ConfirmPrompt.js';
import { segments } from '../../src/ui/confirm/CommandView.js';
import type { ConfirmOutcome, ConfirmRequest } from '../../src/ui/confirm/confirm-types.js';

const LINE = 'cd infra && kubectl delete namespace shop --context production';
const START = LINE.indexOf('kubectl');

const VERDICT: Verdict = {
  decision: 'confirm',
  risk: 'critical',
  environment: 'production',
  environmentEvidence: '--context production',
  reasons: [
    {
      rule: 'k8s.delete-namespace',
      message: 'deletes a whole namespace',
      command: LINE.slice(START),
      span: [START, LINE.length],
      decision: 'confirm',
      risk: 'critical',
      alternative: 'kubectl delete namespace shop --dry-run=server',
    },
    {
      rule: 'generic.destructive-verb',
      message: '`delete` destroys something',
      command: LINE.slice(START),
      span: [START, START + 14],
      decision: 'confirm',
      risk: 'high',
    },
  ],
};

function show(code: string | null, verdict: Verdict = VERDICT) {
  const onAnswer = vi.fn<(o: ConfirmOutcome) => void>();
  const request: ConfirmRequest = { line: LINE, verdict, code, cwd: '/home/me/shop' };
  const r = render(<ConfirmPrompt request={request} onAnswer={onAnswer} />);
  return { ...r, onAnswer };
}

/** Lets Ink handle the keys written so far (its input handling is asynchronous). */
const tick = () => new Promise((r) => setTimeout(r, 30));

/** Waits until Ink listens to the keyboard (keys written earlier would be lost). */
async function listening(stdin: { listenerCount(event: string): number }): Promise<void> {
  await until(() => expect(stdin.listenerCount('readable')).toBeGreaterThan(0));
}

/** Waits until `check` passes (Ink renders asynchronously); rethrows its last failure. */
async function until(check: () => void): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      check();
      return;
    } catch (err) {
      if (i > 100) throw err;
      await tick();
    }
  }
}

describe('ConfirmPrompt', () => {
  it('shows the command, the environment badge, the risk, each reason and the safer alternative', () => {
    const { lastFrame } = show(null);
    const frame = lastFrame()!;
    expect(frame).toContain(LINE);
    expect(frame).toContain(' PRODUCTION ');
    expect(frame).toMatch(/risk: critical/);
    expect(frame).toContain('k8s.delete-namespace');
    expect(frame).toContain('deletes a whole namespace');
    expect(frame).toContain('generic.destructive-verb');
    expect(frame).toContain('safer: kubectl delete namespace shop --dry-run=server');
    expect(frame).toMatch(/y run it once · n\/Esc\/Enter don't run \(default\) · i details/);
  });

  it('shows no badge when the environment is unknown', () => {
    const { lastFrame } = show(null, { ...VERDICT, environment: null, environmentEvidence: undefined });
    expect(lastFrame()).not.toMatch(/PRODUCTION|STAGING|DEVELOPMENT/);
  });

  it('y allows once', async () => {
    const { stdin, onAnswer, lastFrame } = show(null);
    await listening(stdin);
    stdin.write('y');
    await until(() => expect(lastFrame()).toContain('allowed once'));
    expect(lastFrame()).toContain(`allowed once (y): ${LINE}`);
    await until(() => expect(onAnswer).toHaveBeenCalledWith({ approved: true, how: 'prompt' }));
  });

  it.each([
    ['n', 'n'],
    ['Esc', '\x1b'],
    ['Enter', '\r'],
    ['Ctrl-C', '\x03'],
  ])('%s refuses', async (_name, key) => {
    const { stdin, onAnswer, lastFrame } = show(null);
    await listening(stdin);
    stdin.write(key);
    await until(() => expect(lastFrame()).toContain('not run'));
    expect(lastFrame()).toContain(`shellgate ✗ not run, declined: ${LINE}`);
    await until(() => expect(onAnswer).toHaveBeenCalledWith({ approved: false, how: 'prompt' }));
  });

  it('i shows and hides the details (d does not: it means deny in shellgate approvals)', async () => {
    const { stdin, lastFrame, onAnswer } = show(null);
    await listening(stdin);
    // d then i: had d toggled the details, i would hide them again.
    stdin.write('d');
    stdin.write('i');
    await until(() => expect(lastFrame()).toContain('cwd: /home/me/shop'));
    expect(lastFrame()).toContain('environment: production (--context production)');
    expect(lastFrame()).toMatch(/k8s\.delete-namespace: confirm, risk critical/);
    stdin.write('?');
    await until(() => expect(lastFrame()).not.toContain('cwd: /home/me/shop'));
    expect(onAnswer).not.toHaveBeenCalled();
  });

  it('with a code: y does nothing, a wrong code is cleared, the right code approves', async () => {
    const { stdin, lastFrame, onAnswer } = show('K7MX');
    await listening(stdin);
    expect(lastFrame()).toMatch(/Type\s+K7MX\s+to run it/);
    stdin.write('y');
    await tick();
    expect(onAnswer).not.toHaveBeenCalled();
    stdin.write('k7mw');
    await until(() => expect(lastFrame()).toContain('wrong code'));
    expect(onAnswer).not.toHaveBeenCalled();
    stdin.write('k7m');
    await until(() => expect(lastFrame()).toContain('> K7M_'));
    stdin.write('x');
    await until(() => expect(lastFrame()).toContain('allowed once (code typed)'));
    await until(() => expect(onAnswer).toHaveBeenCalledWith({ approved: true, how: 'code' }));
  });

  it('with a code: Enter still refuses', async () => {
    const { stdin, onAnswer } = show('K7MX');
    await listening(stdin);
    stdin.write('K7');
    stdin.write('\r');
    await until(() => expect(onAnswer).toHaveBeenCalledWith({ approved: false, how: 'prompt' }));
  });
});

describe('CommandView segments', () => {
  it('marks the risky spans, merged and clamped to the line', () => {
    expect(
      segments('abcdef', [
        [1, 3],
        [2, 4],
        [5, 99],
      ]),
    ).toEqual([
      { text: 'a', risky: false },
      { text: 'bcd', risky: true },
      { text: 'e', risky: false },
      { text: 'f', risky: true },
    ]);
  });
});
