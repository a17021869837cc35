/*!
 * The hooks of Codex, Copilot CLI and OpenCode (and the unattended Claude Code / Gemini CLI
 * confirm) on payloads recorded from the real CLIs (test/fixtures/hooks): the built `shellgate
 * hook AGENT`, its answer in the agent's format, and the audit entry it wrote — the agent by name
 * with its session, `blocked` for every command that will not run, the approval request's id.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, makeSandbox, runCli, runSh, type Sandbox } from '../helpers/cli.js';

type Out = Record<string, any>;

interface Case {
  agent: string;
  actor: string;
  session: string;
  /** The decision in the answer (null: the hook said nothing, which lets the command run). */
  decision(stdout: string): string | null;
  reason(stdout: string): string;
  /** How a broken payload is refused. */
  failClosed(r: { status: number | null; stdout: string; stderr: string }): boolean;
}

const parse = (s: string): Out => JSON.parse(s);

const CASES: Case[] = [
  {
    agent: 'codex',
    actor: 'codex',
    session: '01a250a0-12ed-7bd3-90ee-c7cdef6dea31',
    decision: (s) => (s.trim() === '' ? null : parse(s).hookSpecificOutput.permissionDecision),
    reason: (s) => parse(s).hookSpecificOutput.permissionDecisionReason,
    failClosed: (r) => r.status === 2 && /shellgate: blocked/.test(r.stderr),
  },
  {
    agent: 'copilot',
    actor: 'copilot',
    session: 'b25dcb2a-a489-4c7b-902d-0d0b4f5c93e0',
    decision: (s) => (s.trim() === '' ? null : parse(s).permissionDecision),
    reason: (s) => parse(s).permissionDecisionReason,
    failClosed: (r) => r.status === 0 && parse(r.stdout).permissionDecision === 'deny',
  },
  {
    agent: 'opencode',
    actor: 'opencode',
    session: 'ses_daf5d5624ffeUtNtBu0HiJYxjV',
    decision: (s) => (s.trim() === '' ? null : parse(s).decision),
    reason: (s) => parse(s).reason,
    failClosed: (r) => r.status !== 0 && parse(r.stdout).decision === 'deny',
  },
];

function fixture(sb: Sandbox, agent: string, name: string): string {
  const text = readFileSync(join(FIXTURES, agent, `${name}.json`), 'utf8');
  return text.replaceAll('/home/dev/app', sb.dir);
}

function hook(sb: Sandbox, agent: string, input: string, env: NodeJS.ProcessEnv = {}) {
  return runCli(['hook', agent], { env: { ...sb.env, ...env }, cwd: sb.dir, input });
}

function entries(sb: Sandbox): Out[] {
  const r = runCli(['log', '--json', '--limit', '0'], { env: sb.env, cwd: sb.dir });
  return r.stdout.split('\n').filter(Boolean).map(parse);
}

describe.each(CASES)('$agent hook', (c) => {
  const sb = makeSandbox();

  it('lets a safe command run, logged as the agent with its session', () => {
    const r = hook(sb, c.agent, fixture(sb, c.agent, 'bash-allow'));
    expect(r.status, r.stderr).toBe(0);
    expect([null, 'allow']).toContain(c.decision(r.stdout));
    const e = entries(sb).find((x) => x.line === 'git status');
    expect(e).toMatchObject({ source: 'hook', actor: { kind: 'agent', agent: c.actor }, session: c.session, blocked: false });
  });

  it('a confirm is a deny plus an approval request; the entry says blocked and names the request', () => {
    const r = hook(sb, c.agent, fixture(sb, c.agent, 'bash-confirm'));
    expect(c.decision(r.stdout)).toBe('deny');
    const id = /shellgate approve (\d+)/.exec(c.reason(r.stdout))?.[1];
    expect(id).toBeDefined();
    const e = entries(sb).find((x) => x.line === 'git push --force origin main');
    expect(e).toMatchObject({ actor: { agent: c.actor }, blocked: true, requestId: id, verdict: { decision: 'confirm' } });
    expect(runCli(['log', '--blocked', '--json'], { env: sb.env, cwd: sb.dir }).stdout).toContain('git push --force origin main');
  });

  it('once a human approved the request, the retry runs, once', () => {
    const first = hook(sb, c.agent, fixture(sb, c.agent, 'bash-confirm'));
    const id = /shellgate approve (\d+)/.exec(c.reason(first.stdout))![1];
    expect(runCli(['approve', id], { env: sb.env, cwd: sb.dir }).status).toBe(0);
    expect([null, 'allow']).toContain(c.decision(hook(sb, c.agent, fixture(sb, c.agent, 'bash-confirm')).stdout));
    expect(c.decision(hook(sb, c.agent, fixture(sb, c.agent, 'bash-confirm')).stdout)).toBe('deny');
  });

  it('denies with the reason for the model', () => {
    const r = hook(sb, c.agent, fixture(sb, c.agent, 'bash-deny'));
    expect(c.decision(r.stdout)).toBe('deny');
    expect(c.reason(r.stdout)).toMatch(/rm -rf \/[\s\S]*cannot be approved/);
  });

  it('does not judge other tools', () => {
    const r = hook(sb, c.agent, fixture(sb, c.agent, 'other-tool'));
    expect(r.status).toBe(0);
    expect([null, 'allow']).toContain(c.decision(r.stdout));
  });

  it('fails closed on a broken payload', () => {
    const r = hook(sb, c.agent, '{"tool_name": "Bash", "toolName": "bash", "tool": "bash", ');
    expect(c.failClosed(r), `${r.status} ${r.stdout} ${r.stderr}`).toBe(true);
  });
});

describe('copilot: toolArgs as a JSON string', () => {
  it('is read like an object', () => {
    const sb = makeSandbox();
    const r = hook(sb, 'copilot', fixture(sb, 'copilot', 'bash-deny-string-args'));
    expect(parse(r.stdout).permissionDecision).toBe('deny');
  });
});

describe('a confirm nobody can answer is blocked, not asked', () => {
  it('Claude Code unattended (claude -p: CLAUDE_CODE_SESSION_ATTENDED=0): deny plus request, logged blocked', () => {
    const sb = makeSandbox();
    const payload = readFileSync(join(FIXTURES, 'claude-code', 'bash-confirm.json'), 'utf8');
    const input = JSON.stringify({ ...parse(payload), cwd: sb.dir });
    const r = hook(sb, 'claude-code', input, { CLAUDE_CODE_SESSION_ATTENDED: '0', CLAUDE_CODE_ENTRYPOINT: 'sdk-cli' });
    const out = parse(r.stdout).hookSpecificOutput;
    expect(out.permissionDecision).toBe('deny');
    const id = /shellgate approve (\d+)/.exec(out.permissionDecisionReason)?.[1];
    expect(entries(sb).find((x) => x.line === 'git push --force origin main')).toMatchObject({ actor: { agent: 'claude-code' }, blocked: true, requestId: id });
  });

  it('Claude Code attended: ask (the human answers in Claude Code), logged with that note', () => {
    const sb = makeSandbox();
    const payload = readFileSync(join(FIXTURES, 'claude-code', 'bash-confirm.json'), 'utf8');
    const r = hook(sb, 'claude-code', JSON.stringify({ ...parse(payload), cwd: sb.dir }), { CLAUDE_CODE_SESSION_ATTENDED: '1' });
    expect(parse(r.stdout).hookSpecificOutput.permissionDecision).toBe('ask');
    expect(entries(sb).find((x) => x.line === 'git push --force origin main')?.note).toMatch(/asked the user/);
  });

  it('Gemini CLI: the refused confirm is logged blocked with its request', () => {
    const sb = makeSandbox();
    const payload = readFileSync(join(FIXTURES, 'gemini-cli', 'shell-confirm.json'), 'utf8');
    const r = hook(sb, 'gemini', JSON.stringify({ ...parse(payload), cwd: sb.dir }));
    const id = /shellgate approve (\d+)/.exec(parse(r.stdout).reason)?.[1];
    const e = entries(sb).find((x) => x.verdict?.decision === 'confirm');
    expect(e).toMatchObject({ actor: { agent: 'gemini-cli' }, blocked: true, requestId: id });
  });
});

describe('OpenCode through SHELL=shellgate-sh (OPENCODE=1, AGENT=1)', () => {
  const OPENCODE = { OPENCODE: '1', AGENT: '1' };
  it('is an agent, by name: a confirm is queued and logged blocked with its request', () => {
    const sb = makeSandbox();
    const r = runSh(['-c', 'git push --force origin main'], { env: { ...sb.env, ...OPENCODE }, cwd: sb.dir });
    expect(r.status).toBe(126);
    const id = /shellgate approve (\d+)/.exec(r.stderr)?.[1];
    const e = entries(sb).find((x) => x.line === 'git push --force origin main');
    expect(e).toMatchObject({ source: 'shellgate-sh', actor: { kind: 'agent', agent: 'opencode' }, blocked: true, requestId: id });
  });

  it('the production volumeDelete is denied, not an approvable confirm', () => {
    const sb = makeSandbox();
    const line = `curl -sS -X POST https://backboard.railway.app/graphql/v2 -H "Authorization: Bearer $RAILWAY_PROD_TOKEN" -d '{"query":"mutation { volumeDelete(volumeId: \\"v1\\") }"}'`;
    const r = runSh(['-c', line], { env: { ...sb.env, ...OPENCODE }, cwd: sb.dir });
    expect(r.status).toBe(126);
    expect(r.stderr).toMatch(/denied/);
    expect(r.stderr).not.toMatch(/shellgate approve/);
  });
});
