/*!
 * Gemini CLI `BeforeTool` hook for the `run_shell_command` tool.
 * Format, as documented in the Gemini CLI hooks reference (https://geminicli.com/docs/hooks/reference,
 * repo google-gemini/gemini-cli docs/hooks/reference.md, and packages/core/src/hooks/types.ts, read 2026):
 * - settings: `~/.gemini/settings.json` (user) or `<project>/.gemini/settings.json`, under
 *   `hooks.BeforeTool[] = {matcher: "run_shell_command", hooks: [{type: "command", command, name,
 *   timeout, description}]}` (`timeout` in milliseconds). Stable releases also need
 *   `hooksConfig.enabled: true` (docs/hooks/index.md, "Availability").
 * - stdin: `{session_id, transcript_path, cwd, hook_event_name: "BeforeTool", timestamp, tool_name,
 *   tool_input: {command, description?, dir_path?}}` (`directory` in older releases).
 * - stdout (exit 0): JSON only; `decision: "allow" | "deny"` (alias `block`), `reason` (sent to the
 *   agent as the tool error), `systemMessage` (shown to the user).
 * - exit 2 blocks with stderr as the reason; any other non-zero exit is only a warning and the tool
 *   runs, so internal failures exit 2.
 * - `hookSpecificOutput.tool_input` (with allow) replaces the tool's arguments (validated by the
 *   tool again; read in the 0.61 bundle, BeforeToolHookOutput.getModifiedToolInput): an allowed
 *   line is answered with its contained form.
 * `confirm` does not use `decision: "ask"`: it exists only in recent releases, and releases that
 * do not know it treat it as "not blocking" — the tool would run. It is denied instead and filed
 * in the approval queue; the agent retries once a human approved it.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { objField, str, type HookAdapter, type HookDecision, type HookRequest } from './types.js';
import { arrayAt, mergeMatcherGroup, objectAt } from './settings-merge.js';

/** The Gemini CLI adapter (`shellgate hook gemini`). */
export const geminiCli: HookAdapter = {
  agent: 'gemini-cli',
  confirm: 'queue',
  rewrites: true,
  parse(payload, here) {
    if (str(payload, 'tool_name') !== 'run_shell_command') return null;
    const input = objField(payload, 'tool_input');
    const line = str(input, 'command');
    if (line === undefined) throw new Error('BeforeTool payload for run_shell_command has no tool_input.command');
    const base = str(payload, 'cwd') || here;
    const dir = str(input, 'dir_path') ?? str(input, 'directory');
    const cwd = dir ? (isAbsolute(dir) ? dir : resolve(base, dir)) : base;
    return { line, cwd, sessionId: str(payload, 'session_id') || 'gemini-cli', input };
  },
  render(d: HookDecision, req?: HookRequest) {
    const rewrite = d.command ? { hookSpecificOutput: { hookEventName: 'BeforeTool', tool_input: { ...(req?.input ?? {}), command: d.command } } } : {};
    const out = d.decision === 'allow' ? { decision: 'allow', ...rewrite } : { decision: 'deny', reason: d.agentMessage, systemMessage: d.userMessage };
    return { stdout: JSON.stringify(out) + '\n', exitCode: 0 };
  },
  passThrough() {
    return { stdout: '{}\n', exitCode: 0 };
  },
  failClosed(message) {
    return { stdout: '', stderr: `shellgate: blocked because the guard failed: ${message}\n`, exitCode: 2 };
  },
};

/** Where Gemini CLI reads hooks from. */
export function geminiSettingsFile(scope: 'user' | 'project', home: string, projectDir: string): string {
  return scope === 'user' ? join(home, '.gemini', 'settings.json') : join(projectDir, '.gemini', 'settings.json');
}

/** Adds the BeforeTool/run_shell_command hook running `command`; true when `settings` changed. */
export function mergeGeminiSettings(settings: Record<string, unknown>, command: string): boolean {
  const hooks = objectAt(settings, 'hooks', 'settings');
  const groups = arrayAt(hooks, 'BeforeTool', 'hooks');
  const hook = { name: 'shellgate', type: 'command', command, timeout: 30000, description: 'shellgate: classify shell commands before they run' };
  let changed = mergeMatcherGroup(groups, 'run_shell_command', hook, 'gemini');
  const cfg = objectAt(settings, 'hooksConfig', 'settings');
  if (cfg.enabled === undefined) {
    cfg.enabled = true;
    changed = true;
  }
  return changed;
}
