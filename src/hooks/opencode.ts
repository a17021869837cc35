/*!
 * OpenCode: a plugin that sends every `bash` tool call to `shellgate hook opencode` before it runs.
 * OpenCode 1.18 calls a plugin's `tool.execute.before(input, output)` with `input = {tool,
 * sessionID, callID}` and `output = {args}` right before the tool's execute(), with the very args
 * object the tool then receives (read from the 1.18.33 binary and checked with the real CLI):
 * throwing refuses the call (the error text is the tool result the model sees), and setting
 * `output.args.command` changes what runs. The plugin (hooks/opencode-plugin.ts) is shellgate's own
 * file, so the wire format between it and the hook is ours:
 * - stdin: `{tool, sessionID, callID, args: {command, workdir?, timeout?}, directory}`.
 * - stdout: `{decision: "allow"|"deny", reason, command?}`; anything else (no answer, a crash, a
 *   timeout) makes the plugin refuse the call.
 * `confirm` is deny plus an approval request: OpenCode's own permission prompt is not reachable
 * from a plugin. An allowed line is answered with its contained form.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { objField, str, type HookAdapter, type HookDecision, type HookOutput } from './types.js';

function answer(decision: 'allow' | 'deny', reason: string, command?: string): HookOutput {
  return { stdout: JSON.stringify({ decision, reason, ...(command ? { command } : {}) }) + '\n', exitCode: 0 };
}

/** The OpenCode adapter (`shellgate hook opencode`, run by shellgate's OpenCode plugin). */
export const opencode: HookAdapter = {
  agent: 'opencode',
  confirm: 'queue',
  rewrites: true,
  parse(payload, here) {
    if (str(payload, 'tool') !== 'bash') return null;
    const args = objField(payload, 'args');
    const line = str(args, 'command');
    if (line === undefined) throw new Error('OpenCode bash call without args.command');
    const base = str(payload, 'directory') || here;
    const dir = str(args, 'workdir');
    const cwd = dir ? (isAbsolute(dir) ? dir : resolve(base, dir)) : base;
    return { line, cwd, sessionId: str(payload, 'sessionID') || 'opencode', input: args };
  },
  render(d: HookDecision) {
    return d.decision === 'allow' ? answer('allow', d.agentMessage, d.command) : answer('deny', d.agentMessage);
  },
  passThrough() {
    return answer('allow', 'shellgate: not a shell command');
  },
  failClosed(message) {
    return { ...answer('deny', `shellgate: blocked because the guard failed: ${message}`), exitCode: 2 };
  },
};

/** Where OpenCode loads plugin files from (`$XDG_CONFIG_HOME/opencode/plugins` for the user). */
export function opencodePluginFile(scope: 'user' | 'project', home: string, projectDir: string, env: NodeJS.ProcessEnv = process.env): string {
  if (scope === 'project') return join(projectDir, '.opencode', 'plugins', 'shellgate.js');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'opencode', 'plugins', 'shellgate.js');
}
