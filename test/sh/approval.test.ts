/*!
 * shellgate-sh with nobody at a terminal: commands that need approval do not run, exit 126 with
 * the reason on stderr, and become pending requests; a human's approval from another process
 * lets the exact retry run once; an expired approval does not; approvals cannot be granted from
 * inside the guarded session.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DAEMON_ENV, makeSandbox, runCli, runSh, runShAsync, stopDaemons, type Sandbox } from '../helpers/cli.js';

const RM = 'rm -rf "$HOME/x"';
let sb: Sandbox;
let target: string;

let extraEnv: NodeJS.ProcessEnv = {};

beforeEach(() => {
  sb = makeSandbox(extraEnv);
  target = join(sb.home, 'x');
  mkdirSync(join(target, 'sub'), { recursive: true });
});
afterEach(() => stopDaemons(sb));

/** A human in another terminal: no guard variable, no agent markers. */
function human(args: string[], extra: NodeJS.ProcessEnv = {}) {
  return runCli(args, { env: { ...sb.env, ...extra }, cwd: sb.dir });
}

function pendingIds(): string[] {
  const r = human(['approvals', '--json']);
  expect(r.status).toBe(0);
  return (JSON.parse(r.stdout) as { id: string }[]).map((x) => x.id);
}

function requestIdFrom(stderr: string): string {
  const m = /shellgate approve (\d+)/.exec(stderr);
  expect(m, stderr).not.toBeNull();
  return m![1];
}

describe.each([
  ['in-process', {}],
  ['through the classifier daemon', DAEMON_ENV],
])('a command that needs approval, no TTY (%s)', (_mode, env) => {
  beforeAll(() => {
    extraEnv = env;
  });

  it('does not run: exit 126, the directory remains, stderr says what, why, the rule and how', () => {
    const r = runSh(['-c', RM], { env: sb.env, cwd: sb.dir });
    expect(r.status).toBe(126);
    expect(existsSync(target)).toBe(true);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(RM);
    expect(r.stderr).toMatch(/why: .+\[rule [\w.-]+\]/);
    expect(r.stderr).toContain('shellgate approvals');
    expect(pendingIds()).toEqual([requestIdFrom(r.stderr)]);
  });

  it('runs once after a human approves it from another process, and only once', () => {
    const first = runSh(['-c', RM], { env: sb.env, cwd: sb.dir });
    const id = requestIdFrom(first.stderr);
    const ok = human(['approve', id]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain(`approved request ${id}`);

    const retry = runSh(['-c', RM], { env: sb.env, cwd: sb.dir });
    expect(retry.status).toBe(0);
    expect(existsSync(target)).toBe(false);

    mkdirSync(target);
    const again = runSh(['-c', RM], { env: sb.env, cwd: sb.dir });
    expect(again.status).toBe(126);
    expect(existsSync(target)).toBe(true);
  });

  it('an approval is for that exact line in that cwd', () => {
    const id = requestIdFrom(runSh(['-c', RM], { env: sb.env, cwd: sb.dir }).stderr);
    human(['approve', id]);
    const elsewhere = join(sb.dir, 'other');
    mkdirSync(elsewhere);
    expect(runSh(['-c', RM], { env: sb.env, cwd: elsewhere }).status).toBe(126);
    expect(runSh(['-c', `${RM} `], { env: sb.env, cwd: sb.dir }).status).toBe(126);
    expect(existsSync(target)).toBe(true);
    expect(runSh(['-c', RM], { env: sb.env, cwd: sb.dir }).status).toBe(0);
  });

  it('an expired approval does not let it run', async () => {
    const id = requestIdFrom(runSh(['-c', RM], { env: sb.env, cwd: sb.dir }).stderr);
    // A lifetime of 0 s: expired by the time of the retry, with no clock to wait for.
    expect(human(['approve', id], { SHELLGATE_APPROVAL_TTL: '0' }).status).toBe(0);
    const retry = runSh(['-c', RM], { env: sb.env, cwd: sb.dir });
    expect(retry.status).toBe(126);
    expect(existsSync(target)).toBe(true);
  });

  it('a denied request stays denied for the retry (no new request)', () => {
    const id = requestIdFrom(runSh(['-c', RM], { env: sb.env, cwd: sb.dir }).stderr);
    expect(human(['approve', id, '--deny']).status).toBe(0);
    const retry = runSh(['-c', RM], { env: sb.env, cwd: sb.dir });
    expect(retry.status).toBe(126);
    expect(retry.stderr).toMatch(/denied this exact command/);
    expect(pendingIds()).toEqual([]);
  });

  it('records the decision in the audit log', () => {
    runSh(['-c', RM], { env: sb.env, cwd: sb.dir });
    const dir = join(sb.env.SHELLGATE_STATE_DIR!, 'audit');
    const text = readdirSync(dir)
      .filter((f) => f.endsWith('.jsonl'))
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('');
    expect(text).toContain('shellgate-sh');
    expect(text).toContain('rm -rf');
  });
});

describe('self-protection', () => {
  it("`shellgate-sh -c 'shellgate approve 1'` is refused and approves nothing", () => {
    const id = requestIdFrom(runSh(['-c', RM], { env: sb.env, cwd: sb.dir }).stderr);
    const r = runSh(['-c', `shellgate approve ${id}`], { env: sb.env, cwd: sb.dir });
    expect(r.status).toBe(126);
    expect(r.stderr).toMatch(/shellgate.*(refus|denied)/);
    expect(pendingIds()).toEqual([id]);
    expect(runSh(['-c', RM], { env: sb.env, cwd: sb.dir }).status).toBe(126);
  });

  it('`shellgate approvals` is refused inside the guarded session too', () => {
    const r = runSh(['-c', 'shellgate approvals --list'], { env: sb.env, cwd: sb.dir });
    expect(r.status).toBe(126);
    expect(r.stderr).toMatch(/shellgate.*(refus|denied)/);
  });
});

describe('concurrent agents', () => {
  it('the same blocked line from many processes gives one pending request', async () => {
    const runs = await Promise.all(Array.from({ length: 6 }, () => runShAsync(['-c', RM], { env: sb.env, cwd: sb.dir })));
    const ids = new Set(runs.map((r) => requestIdFrom(r.stderr)));
    expect(runs.every((r) => r.status === 126)).toBe(true);
    expect(ids.size).toBe(1);
    expect(pendingIds()).toEqual([...ids]);
  });

  it('different blocked lines at once all get their own request, none lost', async () => {
    const lines = Array.from({ length: 6 }, (_, i) => `rm -rf "$HOME/x/d${i}"`);
    const runs = await Promise.all(lines.map((l) => runShAsync(['-c', l], { env: sb.env, cwd: sb.dir })));
    const ids = runs.map((r) => requestIdFrom(r.stderr));
    expect(new Set(ids).size).toBe(lines.length);
    expect(pendingIds().sort()).toEqual([...ids].sort());
  });
});
