/*!
 * Claude Code `PreToolUse` hook for the Bash tool.
 * Format, as documented in the Claude Code hooks reference (https://code.claude.com/docs/en/hooks,
 * sections "PreToolUse" and "PreToolUse decision control", read 2026):
 * - settings: `~/.claude/settings.json` (user) or `<project>/.claude/settings.json`, under
 *   `hooks.PreToolUse[] = {matcher: "Bash", hooks: [{type: "command", command, timeout}]}`
 *   (`timeout` in seconds).
 * - stdin: `{session_id, transcript_path, cwd, permission_mode, hook_event_name: "PreToolUse",
 *   tool_name: "Bash", tool_input: {command, description, timeout, run_in_background}, tool_use_id}`.
 * - stdout (exit 0): `{hookSpecificOutput: {hookEventName: "PreToolUse", permissionDecision:
 *   "allow"|"deny"|"ask", permissionDecisionReason}}`. The reason of `ask` is shown to the user
 *   (not to Claude), the reason of `deny` is shown to Claude. The old top-level
 *   `decision: approve|block` is deprecated for this event.
 * - exit 2: blocks the call, stderr is given to Claude as the reason; other non-zero exits are
 *   non-blocking errors (the tool runs!), so every internal failure here exits 2.
 * - `updatedInput` (with `permissionDecision: "allow"`) replaces the tool's input: an allowed
 *   line is answered with its contained form (hooks/contain.ts), the other input fields kept.
 * `confirm` maps to `ask`: Claude Code's own permission prompt asks the human — when one is
 * there. An unattended session (`claude -p`, the SDK: the hook's environment has
 * `CLAUDE_CODE_SESSION_ATTENDED=0`, or `CLAUDE_CODE_ENTRYPOINT=sdk-…`) turns `ask` into a refusal
 * nobody sees, so there `confirm` is deny plus an approval request, as for Gemini CLI.
 */
import { join } from 'node:path';
import { objField, str, type HookAdapter, type HookDecision, type HookOutput, type HookRequest } from './types.js';
import { arrayAt, mergeMatcherGroup, objectAt } from './settings-merge.js';

/** The PreToolUse answer (Claude Code and Codex share it); `updatedInput` only with allow. */
export function preToolUseAnswer(decision: 'allow' | 'ask' | 'deny', reason: string, updatedInput?: Record<string, unknown>): HookOutput {
  const out = {
    hookSpecificOutput: {
      hookEventName: 'PreToolUse',
      permissionDecision: decision,
      permissionDecisionReason: reason,
      ...(updatedInput ? { updatedInput } : {}),
    },
  };
  return { stdout: JSON.stringify(out) + '\n', exitCode: 0 };
}

/** The tool input to run `d.command` instead of the agent's line (other fields kept), when there is one. */
export function rewrittenInput(d: HookDecision, input: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  return d.decision === 'allow' && d.command ? { ...(input ?? {}), command: d.command } : undefined;
}

/** `ask` when a human can answer Claude Code's prompt, else the approval queue. */
export function claudeConfirm(env: NodeJS.ProcessEnv): 'ask' | 'queue' {
  const attended = env.CLAUDE_CODE_SESSION_ATTENDED;
  if (attended !== undefined && attended !== '') return attended === '0' || attended === 'false' ? 'queue' : 'ask';
  return (env.CLAUDE_CODE_ENTRYPOINT ?? '').startsWith('sdk') ? 'queue' : 'ask';
}

/** The Claude Code adapter (`shellgate hook claude-code`). */
export const claudeCode: HookAdapter = {
  agent: 'claude-code',
  confirm: claudeConfirm,
  rewrites: true,
  parse(payload, cwd) {
    if (str(payload, 'tool_name') !== 'Bash') return null;
    const input = objField(payload, 'tool_input');
    const line = str(input, 'command');
    if (line === undefined) throw new Error('PreToolUse payload for Bash has no tool_input.command');
    return { line, cwd: str(payload, 'cwd') || cwd, sessionId: str(payload, 'session_id') || 'claude-code', input };
  },
  render(d: HookDecision, req?: HookRequest) {
    return preToolUseAnswer(d.decision, d.decision === 'ask' ? d.userMessage : d.agentMessage, rewrittenInput(d, req?.input));
  },
  passThrough() {
    return { stdout: '', exitCode: 0 };
  },
  failClosed(message) {
    return { stdout: '', stderr: `shellgate: blocked because the guard failed: ${message}\n`, exitCode: 2 };
  },
};

/** Where Claude Code reads hooks from. */
export function claudeSettingsFile(scope: 'user' | 'project', home: string, projectDir: string): string {
  return scope === 'user' ? join(home, '.claude', 'settings.json') : join(projectDir, '.claude', 'settings.json');
}

/** Adds the PreToolUse/Bash hook running `command`; true when `settings` changed. */
export function mergeClaudeSettings(settings: Record<string, unknown>, command: string): boolean {
  const hooks = objectAt(settings, 'hooks', 'settings');
  const groups = arrayAt(hooks, 'PreToolUse', 'hooks');
  return mergeMatcherGroup(groups, 'Bash', { type: 'command', command, timeout: 30 }, 'claude-code');
}
