/*!
 * Containment for hook-mode agents: an allowed line is answered with its contained form in each
 * agent's own rewrite field (Claude Code and Codex `updatedInput`, Gemini CLI
 * `hookSpecificOutput.tool_input`, Copilot CLI `modifiedArgs`, OpenCode's plugin `command`), the
 * tool's other arguments kept; Cursor cannot rewrite and says so in the log. Without the
 * containment program, or with SHELLGATE_HOOK_CONTAIN=0, the line runs as it is and the audit
 * entry says "uncontained".
 */
import { describe, expect, it } from 'vitest';
import { claudeCode } from '../../src/hooks/claude-code.js';
import { codex } from '../../src/hooks/codex.js';
import { copilot } from '../../src/hooks/copilot.js';
import { cursor } from '../../src/hooks/cursor.js';
import { geminiCli } from '../../src/hooks/gemini-cli.js';
import { opencode } from '../../src/hooks/opencode.js';
import { containmentFor } from '../../src/hooks/contain.js';
import { containedCommand } from '../../src/contain/wrap-command.js';
import type { HookAdapter, HookDecision } from '../../src/hooks/types.js';

const LINE = "npm test -- --grep 'it works'";
const CONTAINED = containedCommand(LINE);
const allowed: HookDecision = { decision: 'allow', agentMessage: 'shellgate: allowed', userMessage: 'shellgate: allowed', command: CONTAINED };

const CASES: { adapter: HookAdapter; payload: object; command: (out: any) => unknown; kept: (out: any) => unknown }[] = [
  {
    adapter: claudeCode,
    payload: { tool_name: 'Bash', cwd: '/w', session_id: 's', tool_input: { command: LINE, description: 'tests', timeout: 60000 } },
    command: (o) => o.hookSpecificOutput.updatedInput.command,
    kept: (o) => o.hookSpecificOutput.permissionDecision === 'allow' && o.hookSpecificOutput.updatedInput.timeout === 60000,
  },
  {
    adapter: codex,
    payload: { tool_name: 'Bash', cwd: '/w', session_id: 's', tool_input: { command: LINE } },
    // Inside Codex's own sandbox (where bubblewrap cannot nest) the line runs there as it is.
    command: (o) =>
      o.hookSpecificOutput.updatedInput.command.replace(
        /^\[ -n "\$\{CODEX_SANDBOX-\}\$\{CODEX_SANDBOX_NETWORK_DISABLED-\}" \] && exec \/bin\/bash -c .*; exec /,
        '',
      ),
    kept: (o) => o.hookSpecificOutput.permissionDecision === 'allow',
  },
  {
    adapter: geminiCli,
    payload: { tool_name: 'run_shell_command', cwd: '/w', session_id: 's', tool_input: { command: LINE, description: 'tests', dir_path: 'pkg' } },
    command: (o) => o.hookSpecificOutput.tool_input.command,
    kept: (o) => o.decision === 'allow' && o.hookSpecificOutput.tool_input.dir_path === 'pkg',
  },
  {
    adapter: copilot,
    payload: { toolName: 'bash', cwd: '/w', sessionId: 's', toolArgs: { command: LINE, description: 'tests' } },
    command: (o) => o.modifiedArgs.command,
    kept: (o) => o.permissionDecision === 'allow' && o.modifiedArgs.description === 'tests',
  },
  {
    adapter: opencode,
    payload: { tool: 'bash', sessionID: 's', args: { command: LINE, workdir: 'pkg' }, directory: '/w' },
    command: (o) => o.command,
    kept: (o) => o.decision === 'allow',
  },
];

describe.each(CASES)('$adapter.agent answers an allowed line with its contained form', ({ adapter, payload, command, kept }) => {
  it('in its own rewrite field, other arguments kept', () => {
    expect(adapter.rewrites).toBe(true);
    const req = adapter.parse(payload, '/w')!;
    expect(req.line).toBe(LINE);
    const out = JSON.parse(adapter.render(allowed, req).stdout);
    expect(command(out)).toBe(CONTAINED);
    expect(kept(out)).toBe(true);
  });

  it('a plain allow (nothing to rewrite) carries no rewrite', () => {
    const req = adapter.parse(payload, '/w')!;
    const text = adapter.render({ ...allowed, command: undefined }, req).stdout;
    expect(text).not.toContain('shellgate-contain');
  });
});

describe('containment decisions', () => {
  it('the contained line runs the very same text through shellgate-contain -c', () => {
    expect(CONTAINED).toMatch(/\/bin\/shellgate-contain\.cjs' -c '/);
    expect(CONTAINED).toContain(`'npm test -- --grep '\\''it works'\\'''`);
  });

  it('Cursor cannot rewrite its command', () => {
    expect(cursor.rewrites).toBeFalsy();
  });

  it('SHELLGATE_HOOK_CONTAIN=0 (hook install --no-contain) keeps the line as it is, and says so', () => {
    const c = containmentFor(LINE, { SHELLGATE_HOOK_CONTAIN: '0' });
    expect(c).toMatchObject({ contained: false, why: expect.stringMatching(/^uncontained: .*SHELLGATE_HOOK_CONTAIN=0/) });
  });

  it('contains when the containment program is there', () => {
    expect(containmentFor(LINE, {})).toEqual({ contained: true, command: CONTAINED });
  });

  it('refuses (never runs uncontained) when the install lacks the containment program', () => {
    const c = containmentFor(LINE, {}, () => false);
    expect(c).toMatchObject({ contained: false, refuse: true, why: expect.stringMatching(/shellgate-contain\.cjs is missing/) });
  });
});
