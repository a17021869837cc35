/*!
 * GitHub Copilot CLI `preToolUse` hook for its `bash` tool.
 * Format, from the Copilot CLI hooks reference (docs.github.com, "GitHub Copilot CLI hooks
 * reference" and "Hooks configuration", read 2026), `copilot help config`, and checked with the
 * real CLI (1.0.102):
 * - settings: user-level hooks inline in `~/.copilot/settings.json` (`$COPILOT_HOME`) under
 *   `hooks: {preToolUse: [{type: "command", bash, timeoutSec}]}`; a repository's
 *   `.github/hooks/*.json` files hold `{version: 1, hooks: {…}}` and run only in a trusted folder.
 * - stdin (camelCase event name): `{sessionId, timestamp, cwd, toolName: "bash", toolArgs:
 *   {command, description}}` (`toolArgs` may also arrive as a JSON string).
 * - stdout: `{permissionDecision: "allow"|"deny"|"ask", permissionDecisionReason, modifiedArgs}`.
 *   `ask` cannot reach a human in non-interactive mode (`-p`), so `confirm` is answered deny plus
 *   an approval request. `modifiedArgs` replaces the tool's arguments: an allowed line is answered
 *   with its contained form.
 * - A hook that fails or prints nothing does not block: every internal failure answers `deny`.
 */
import { join } from 'node:path';
import { str, type HookAdapter, type HookDecision, type HookOutput, type HookRequest } from './types.js';
import { arrayAt, mergeFlatEntry, objectAt } from './settings-merge.js';

function answer(permissionDecision: 'allow' | 'deny', permissionDecisionReason: string, modifiedArgs?: Record<string, unknown>): HookOutput {
  return { stdout: JSON.stringify({ permissionDecision, permissionDecisionReason, ...(modifiedArgs ? { modifiedArgs } : {}) }) + '\n', exitCode: 0 };
}

function toolArgs(payload: unknown): Record<string, unknown> | undefined {
  const v = (payload as { toolArgs?: unknown }).toolArgs;
  let args = v;
  if (typeof v === 'string') {
    try {
      args = JSON.parse(v);
    } catch {
      throw new Error('preToolUse payload: toolArgs is not JSON');
    }
  }
  return typeof args === 'object' && args !== null && !Array.isArray(args) ? (args as Record<string, unknown>) : undefined;
}

/** The Copilot CLI adapter (`shellgate hook copilot`). */
export const copilot: HookAdapter = {
  agent: 'copilot',
  confirm: 'queue',
  rewrites: true,
  typesIntoCommands: 'Copilot CLI (its shell sessions)',
  parse(payload, cwd) {
    if (typeof payload !== 'object' || payload === null) throw new Error('preToolUse payload is not a JSON object');
    const tool = str(payload, 'toolName') ?? str(payload, 'tool_name');
    if (tool !== 'bash' && tool !== 'shell') return null;
    const input = toolArgs(payload) ?? ((payload as { tool_input?: unknown }).tool_input as Record<string, unknown> | undefined);
    const line = str(input, 'command');
    if (line === undefined) throw new Error(`preToolUse payload for ${tool} has no toolArgs.command`);
    return { line, cwd: str(payload, 'cwd') || cwd, sessionId: str(payload, 'sessionId') || str(payload, 'session_id') || 'copilot', input };
  },
  render(d: HookDecision, req?: HookRequest) {
    if (d.decision === 'allow') return answer('allow', d.agentMessage, d.command ? { ...(req?.input ?? {}), command: d.command } : undefined);
    return answer('deny', d.agentMessage);
  },
  passThrough() {
    return { stdout: '', exitCode: 0 };
  },
  failClosed(message) {
    return {
      ...answer('deny', `shellgate: blocked because the guard failed: ${message}`),
      stderr: `shellgate: blocked because the guard failed: ${message}\n`,
    };
  },
};

/** Where Copilot CLI reads hooks from: the user's settings, or a hooks file of the repository. */
export function copilotSettingsFile(scope: 'user' | 'project', home: string, projectDir: string, env: NodeJS.ProcessEnv = process.env): string {
  if (scope === 'project') return join(projectDir, '.github', 'hooks', 'shellgate.json');
  return join(env.COPILOT_HOME || join(home, '.copilot'), 'settings.json');
}

/** Adds the preToolUse hook running `command`; true when `settings` changed. */
export function mergeCopilotSettings(settings: Record<string, unknown>, command: string, scope: 'user' | 'project' = 'user'): boolean {
  let changed = false;
  if (scope === 'project' && settings.version === undefined) {
    settings.version = 1;
    changed = true;
  }
  const hooks = objectAt(settings, 'hooks', 'settings');
  const entries = arrayAt(hooks, 'preToolUse', 'hooks');
  return mergeFlatEntry(entries, { type: 'command', bash: command, timeoutSec: 30 }, 'copilot', 'bash') || changed;
}
