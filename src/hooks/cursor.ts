/*!
 * Cursor `beforeShellExecution` hook.
 * Format, as documented in Cursor's hooks page (https://cursor.com/docs/agent/hooks, "Configuration"
 * and "Reference › beforeShellExecution", read 2026):
 * - settings: `~/.cursor/hooks.json` (user) or `<project>/.cursor/hooks.json`:
 *   `{version: 1, hooks: {beforeShellExecution: [{command}]}}`. We also set `failClosed: true`:
 *   not in the copy of that page we could read, but shown on hook entries in examples that cite
 *   the current page (cursor.com/docs/hooks) — a hook that crashes or times out then blocks
 *   instead of letting the command through (Cursor's default is fail-open). Releases that do not
 *   know the field ignore it.
 * - stdin: `{conversation_id, generation_id, model, hook_event_name: "beforeShellExecution",
 *   cursor_version, workspace_roots, user_email, command, cwd}`.
 * - stdout: `{permission: "allow"|"deny"|"ask", user_message, agent_message}`.
 * `confirm` maps to `ask` (Cursor asks the human). Internal failures answer `deny`.
 */
import { join } from 'node:path';
import { str, type HookAdapter, type HookDecision, type HookOutput } from './types.js';
import { arrayAt, mergeFlatEntry, objectAt } from './settings-merge.js';

function answer(permission: 'allow' | 'ask' | 'deny', userMessage?: string, agentMessage?: string): HookOutput {
  const out: Record<string, string> = { permission };
  if (userMessage) out.user_message = userMessage;
  if (agentMessage) out.agent_message = agentMessage;
  return { stdout: JSON.stringify(out) + '\n', exitCode: 0 };
}

/** The Cursor adapter (`shellgate hook cursor`). */
export const cursor: HookAdapter = {
  agent: 'cursor',
  confirm: 'ask',
  parse(payload, cwd) {
    const event = str(payload, 'hook_event_name');
    if (event !== undefined && event !== 'beforeShellExecution') return null;
    const line = str(payload, 'command');
    if (line === undefined) throw new Error('beforeShellExecution payload has no command');
    const roots = (payload as { workspace_roots?: unknown }).workspace_roots;
    const root = Array.isArray(roots) && typeof roots[0] === 'string' ? roots[0] : undefined;
    return { line, cwd: str(payload, 'cwd') || root || cwd, sessionId: str(payload, 'conversation_id') || 'cursor' };
  },
  render(d: HookDecision) {
    if (d.decision === 'allow') return answer('allow');
    return answer(d.decision, d.userMessage, d.agentMessage);
  },
  passThrough() {
    return { stdout: '{}\n', exitCode: 0 };
  },
  failClosed(message) {
    const text = `shellgate: blocked because the guard failed: ${message}`;
    return answer('deny', text, text);
  },
};

/** Where Cursor reads hooks from. */
export function cursorSettingsFile(scope: 'user' | 'project', home: string, projectDir: string): string {
  return scope === 'user' ? join(home, '.cursor', 'hooks.json') : join(projectDir, '.cursor', 'hooks.json');
}

/** Adds the beforeShellExecution hook running `command`; true when `settings` changed. */
export function mergeCursorSettings(settings: Record<string, unknown>, command: string): boolean {
  let changed = false;
  if (settings.version === undefined) {
    settings.version = 1;
    changed = true;
  }
  const hooks = objectAt(settings, 'hooks', 'hooks.json');
  const entries = arrayAt(hooks, 'beforeShellExecution', 'hooks');
  return mergeFlatEntry(entries, { command, failClosed: true }, 'cursor') || changed;
}
