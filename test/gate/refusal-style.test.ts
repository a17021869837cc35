/*!
 * One refusal style everywhere: shellgate-sh's stderr and each agent hook's reason start with
 * `shellgate ✗ denied: …` and give `  why: … [rule …]`; the hooks quote the command with the
 * quotes and backslashes inside it escaped, so the reason cannot be misread where it ends.
 */
import { describe, expect, it } from 'vitest';
import { makeSandbox, runCli, runSh } from '../helpers/cli.js';

const sb = makeSandbox();
const LINE = 'rm -rf / "say \\"hi\\"" \\\\x';

function claude(command: string) {
  const input = JSON.stringify({ session_id: 's', cwd: sb.dir, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command } });
  const r = runCli(['hook', 'claude-code'], { env: sb.env, cwd: sb.dir, input });
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout).hookSpecificOutput as { permissionDecision: string; permissionDecisionReason: string };
}

describe('the refusal style', () => {
  it('shellgate-sh: shellgate ✗ denied, then why with the rule', () => {
    const r = runSh(['-c', 'rm -rf / --version'], { env: sb.env, cwd: sb.dir });
    expect(r.status).toBe(126);
    expect(r.stderr).toMatch(/^shellgate ✗ denied: rm -rf \/ --version\n {2}why: .+\[rule fs\.delete-catastrophic\] \(deny, risk critical\)\n/);
  });

  it('Claude Code hook: the same head, with the command quoted and escaped', () => {
    const out = claude(LINE);
    expect(out.permissionDecision).toBe('deny');
    const head = out.permissionDecisionReason.split('\n')[0];
    expect(head).toBe(`shellgate ✗ denied: ${JSON.stringify(LINE)}`);
    expect(head).toBe('shellgate ✗ denied: "rm -rf / \\"say \\\\\\"hi\\\\\\"\\" \\\\\\\\x"');
    expect(JSON.parse(head.slice('shellgate ✗ denied: '.length))).toBe(LINE);
    expect(out.permissionDecisionReason).toMatch(/\n {2}why: .+\[rule fs\.delete-catastrophic\]/);
  });

  it('Gemini CLI hook: the same head', () => {
    const input = JSON.stringify({
      session_id: 's',
      cwd: sb.dir,
      hook_event_name: 'BeforeTool',
      tool_name: 'run_shell_command',
      tool_input: { command: LINE },
    });
    const r = runCli(['hook', 'gemini'], { env: sb.env, cwd: sb.dir, input });
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { decision: string; reason: string };
    expect(out.decision).toBe('deny');
    expect(out.reason.split('\n')[0]).toBe(`shellgate ✗ denied: ${JSON.stringify(LINE)}`);
  });
});
