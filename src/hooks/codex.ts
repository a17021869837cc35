/*!
 * Codex CLI `PreToolUse` hook for its shell tools.
 * Format, read from Codex 0.171's own source (openai/codex codex-rs/hooks: events/pre_tool_use.rs,
 * engine/discovery.rs, config/src/hook_config.rs) and checked with the real CLI:
 * - settings: `~/.codex/hooks.json` (user; `$CODEX_HOME/hooks.json`) or `<project>/.codex/hooks.json`,
 *   Claude Code's layout: `{hooks: {PreToolUse: [{matcher: "Bash", hooks: [{type: "command",
 *   command, timeout}]}]}}` (`timeout` in seconds). Codex runs a hook only once the user has
 *   trusted it (the "Hooks need review" screen, saved as a hash in config.toml), or with
 *   `--dangerously-bypass-hook-trust`.
 * - stdin: `{session_id, turn_id, transcript_path, cwd, hook_event_name: "PreToolUse", model,
 *   permission_mode, tool_name: "Bash", tool_input: {command}, tool_use_id}` (exec_command's
 *   `cmd` arrives as `tool_input.command`).
 * - stdout (exit 0): `{hookSpecificOutput: {hookEventName: "PreToolUse", permissionDecision:
 *   "allow"|"deny", permissionDecisionReason, updatedInput}}`. `deny` needs a non-empty reason;
 *   `updatedInput` needs `allow`. `ask` is NOT supported: Codex records a hook failure and runs
 *   the command — so `confirm` is answered deny plus an approval request (as for Gemini CLI).
 * - Codex's `write_stdin` tool types into a command that is still running, and no hook sees it:
 *   commands that would be left reading the terminal are refused (hooks/stdin-readers.ts).
 * - exit 2 with the reason on stderr blocks; other exits are failures and the command runs, so
 *   every internal failure exits 2.
 */
import { join } from 'node:path';
import { shellQuote } from '../contain/wrap-command.js';
import { preToolUseAnswer, rewrittenInput } from './claude-code.js';
import { objField, str, type HookAdapter, type HookDecision, type HookRequest } from './types.js';
import { arrayAt, mergeMatcherGroup, objectAt } from './settings-merge.js';

/** Tool names Codex gives its shell tools in PreToolUse payloads. */
const SHELL_TOOLS = new Set(['Bash', 'shell', 'exec_command', 'local_shell', 'shell_command']);

/** The command line of a shell tool input: a string, or an argv (`["bash", "-lc", LINE]` or a plain argv). */
function commandOf(input: Record<string, unknown> | undefined): string | undefined {
  const c = input?.command ?? input?.cmd;
  if (typeof c === 'string') return c;
  if (!Array.isArray(c) || !c.every((w) => typeof w === 'string')) return undefined;
  const argv = c as string[];
  if (argv.length === 3 && /(^|\/)(ba)?sh$/.test(argv[0]) && /^-l?c$/.test(argv[1])) return argv[2];
  return argv.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/**
 * The contained command for Codex. Codex's own sandbox (`-s workspace-write`/`read-only`, the
 * default outside `--dangerously-bypass-approvals-and-sandbox`) already confines the command (the
 * workspace writable, the rest read-only, the network off) and forbids the namespaces bubblewrap
 * needs, so `shellgate-contain` cannot nest there: inside it (Codex marks its sandboxed commands
 * with CODEX_SANDBOX or CODEX_SANDBOX_NETWORK_DISABLED) the line runs in Codex's sandbox as it
 * is; everywhere else, contained by shellgate. Codex sets those variables, not the agent (the
 * line itself cannot, it runs after the test).
 */
export function codexContained(line: string, contained: string): string {
  return `[ -n "\${CODEX_SANDBOX-}\${CODEX_SANDBOX_NETWORK_DISABLED-}" ] && exec /bin/bash -c ${shellQuote(line)}; exec ${contained}`;
}

/** The Codex adapter (`shellgate hook codex`). */
export const codex: HookAdapter = {
  agent: 'codex',
  confirm: 'queue',
  rewrites: true,
  typesIntoCommands: 'Codex (its write_stdin tool)',
  parse(payload, cwd) {
    const tool = str(payload, 'tool_name');
    if (!tool || !SHELL_TOOLS.has(tool)) return null;
    const input = objField(payload, 'tool_input');
    const line = commandOf(input);
    if (line === undefined) throw new Error(`PreToolUse payload for ${tool} has no command`);
    // An argv is rewritten as a string only when Codex gave a string.
    const rewritable = typeof input?.command === 'string' ? input : undefined;
    return { line, cwd: str(payload, 'cwd') || cwd, sessionId: str(payload, 'session_id') || 'codex', input: rewritable };
  },
  render(d: HookDecision, req?: HookRequest) {
    if (d.decision === 'allow') {
      const updated = req?.input && d.command ? rewrittenInput({ ...d, command: codexContained(req.line, d.command) }, req.input) : undefined;
      // A bare allow is "unsupported" in Codex (a hook failure): say nothing instead.
      return updated ? preToolUseAnswer('allow', d.agentMessage, updated) : { stdout: '', exitCode: 0 };
    }
    return preToolUseAnswer('deny', d.agentMessage || d.userMessage);
  },
  passThrough() {
    return { stdout: '', exitCode: 0 };
  },
  failClosed(message) {
    return { stdout: '', stderr: `shellgate: blocked because the guard failed: ${message}\n`, exitCode: 2 };
  },
};

/** Where Codex reads hooks from (`$CODEX_HOME` for the user's, as Codex does). */
export function codexSettingsFile(scope: 'user' | 'project', home: string, projectDir: string, env: NodeJS.ProcessEnv = process.env): string {
  if (scope === 'project') return join(projectDir, '.codex', 'hooks.json');
  return join(env.CODEX_HOME || join(home, '.codex'), 'hooks.json');
}

/** Adds the PreToolUse hook for Codex's shell tools; true when `settings` changed. */
export function mergeCodexSettings(settings: Record<string, unknown>, command: string): boolean {
  const hooks = objectAt(settings, 'hooks', 'hooks.json');
  const groups = arrayAt(hooks, 'PreToolUse', 'hooks');
  return mergeMatcherGroup(groups, '^(Bash|shell|exec_command|local_shell|shell_command)$', { type: 'command', command, timeout: 30 }, 'codex');
}
