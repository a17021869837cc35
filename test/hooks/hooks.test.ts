/*!
 * Agent hooks against sample payloads (test/fixtures/hooks): same engine and rules as
 * shellgate-sh, answered in each agent's documented format. Spawns the built `shellgate hook`.
 */
import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, makeSandbox, runCli, runSh } from '../helpers/cli.js';

const sb = makeSandbox();

function fixture(agent: string, name: string): string {
  return readFileSync(join(FIXTURES, agent, `${name}.json`), 'utf8');
}

function hook(name: string, input: string, extra: NodeJS.ProcessEnv = {}) {
  return runCli(['hook', name], { env: { ...sb.env, ...extra }, cwd: sb.dir, input });
}

function json(stdout: string): Record<string, any> {
  return JSON.parse(stdout);
}

describe('Claude Code PreToolUse (Bash)', () => {
  const decision = (name: string) => {
    const r = hook('claude-code', fixture('claude-code', name));
    expect(r.status).toBe(0);
    const out = json(r.stdout).hookSpecificOutput;
    expect(out.hookEventName).toBe('PreToolUse');
    return out;
  };

  it('allows a safe command', () => {
    expect(decision('bash-allow').permissionDecision).toBe('allow');
  });

  it('asks the human (Claude Code prompt) when the rules want confirmation, with the reason', () => {
    const out = decision('bash-confirm');
    expect(out.permissionDecision).toBe('ask');
    expect(out.permissionDecisionReason).toMatch(/git push --force origin main/);
    expect(out.permissionDecisionReason).toMatch(/\[rule [\w.-]+\]/);
  });

  it('denies with a reason for Claude', () => {
    const out = decision('bash-deny');
    expect(out.permissionDecision).toBe('deny');
    expect(out.permissionDecisionReason).toMatch(/rm -rf \//);
    expect(out.permissionDecisionReason).toMatch(/cannot be approved/);
  });

  it('says nothing about other tools', () => {
    const r = hook('claude-code', fixture('claude-code', 'read-tool'));
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
  });

  it('fails closed on a broken payload: exit 2 with the reason on stderr', () => {
    const r = hook('claude-code', '{"tool_name": "Bash", "tool_input": ');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/shellgate: blocked/);
  });

  it('a human approval from the queue (filed by shellgate-sh) turns the ask into allow, once', () => {
    const payload = JSON.stringify({ ...JSON.parse(fixture('claude-code', 'bash-confirm')), cwd: sb.dir });
    const line = 'git push --force origin main';
    const blocked = runSh(['-c', line], { env: sb.env, cwd: sb.dir });
    expect(blocked.status).toBe(126);
    const id = /shellgate approve (\d+)/.exec(blocked.stderr)![1];
    expect(runCli(['approve', id], { env: sb.env, cwd: sb.dir }).status).toBe(0);
    expect(json(hook('claude-code', payload).stdout).hookSpecificOutput.permissionDecision).toBe('allow');
    expect(json(hook('claude-code', payload).stdout).hookSpecificOutput.permissionDecision).toBe('ask');
  });

  it('finds that approval when the payload names the project through a symbolic link (cwd is resolved as shellgate-sh resolves it)', () => {
    const link = join(mkdtempSync(join(tmpdir(), 'shellgate-link-')), 'project');
    symlinkSync(sb.dir, link);
    const payload = JSON.stringify({ ...JSON.parse(fixture('claude-code', 'bash-confirm')), cwd: link });
    const blocked = runSh(['-c', 'git push --force origin main'], { env: sb.env, cwd: sb.dir });
    const id = /shellgate approve (\d+)/.exec(blocked.stderr)![1];
    expect(runCli(['approve', id], { env: sb.env, cwd: sb.dir }).status).toBe(0);
    expect(json(hook('claude-code', payload).stdout).hookSpecificOutput.permissionDecision).toBe('allow');
  });
});

describe('Gemini CLI BeforeTool (run_shell_command)', () => {
  it('allows a safe command', () => {
    const r = hook('gemini', fixture('gemini-cli', 'shell-allow'));
    expect(r.status).toBe(0);
    expect(json(r.stdout)).toMatchObject({ decision: 'allow' });
  });

  it('denies a confirm-needing command, files an approval request, and allows the retry once approved', () => {
    const payload = fixture('gemini-cli', 'shell-confirm');
    const first = json(hook('gemini', payload).stdout);
    expect(first.decision).toBe('deny');
    expect(first.reason).toMatch(/\[rule [\w.-]+\]/);
    expect(first.systemMessage).toMatch(/shellgate approve \d+/);
    const id = /shellgate approve (\d+)/.exec(first.reason)![1];

    const listed = JSON.parse(runCli(['approvals', '--json'], { env: sb.env, cwd: sb.dir }).stdout);
    const req = listed.find((x: { id: string }) => x.id === id);
    expect(req).toMatchObject({ line: 'git push --force origin main', cwd: '/home/dev/project/packages/app', agent: 'gemini-cli' });

    expect(runCli(['approve', id], { env: sb.env, cwd: sb.dir }).status).toBe(0);
    expect(json(hook('gemini', payload).stdout)).toMatchObject({ decision: 'allow' });
    expect(json(hook('gemini', payload).stdout).decision).toBe('deny');
  });

  it('denies a denied command with the reason for the agent', () => {
    const out = json(hook('gemini', fixture('gemini-cli', 'shell-deny')).stdout);
    expect(out.decision).toBe('deny');
    expect(out.reason).toMatch(/cannot be approved/);
  });

  it('prints only an empty JSON object for other tools', () => {
    const r = hook('gemini', fixture('gemini-cli', 'read-file'));
    expect(r.stdout).toBe('{}\n');
  });

  it('fails closed on a broken payload: exit 2', () => {
    const r = hook('gemini', 'not json');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/shellgate: blocked/);
  });
});

describe('Cursor beforeShellExecution', () => {
  it('allows a safe command', () => {
    expect(json(hook('cursor', fixture('cursor', 'shell-allow')).stdout)).toEqual({ permission: 'allow' });
  });

  it('asks the human when the rules want confirmation', () => {
    const out = json(hook('cursor', fixture('cursor', 'shell-confirm')).stdout);
    expect(out.permission).toBe('ask');
    expect(out.user_message).toMatch(/git push --force/);
    expect(out.agent_message).toMatch(/\[rule [\w.-]+\]/);
  });

  it('denies, with messages for the user and for the agent (empty cwd falls back to the workspace root)', () => {
    const out = json(hook('cursor', fixture('cursor', 'shell-deny')).stdout);
    expect(out.permission).toBe('deny');
    expect(out.user_message).toMatch(/rm -rf \//);
    expect(out.agent_message).toMatch(/cannot be approved/);
  });

  it('has no opinion on other events', () => {
    expect(hook('cursor', fixture('cursor', 'read-file')).stdout).toBe('{}\n');
  });

  it('fails closed on a broken payload: permission deny', () => {
    const r = hook('cursor', '{');
    expect(r.status).toBe(0);
    expect(json(r.stdout).permission).toBe('deny');
  });
});

describe('shellgate hook (usage)', () => {
  it('rejects an unknown agent with a message, no stack trace', () => {
    const r = runCli(['hook', 'vim'], { env: sb.env, cwd: sb.dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown agent 'vim'/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
