/*!
 * Who runs a command, from the variables each agent CLI sets for its commands (measured with the
 * real CLIs, docs/agents.md): every agent by name, with its session id where it gives one; a
 * plain environment is a human.
 */
import { describe, expect, it } from 'vitest';
import { detectActor } from '../../src/config/actor.js';

const CASES: [Record<string, string>, { kind: string; agent?: string; session?: string }][] = [
  [
    { CLAUDECODE: '1', CLAUDE_CODE_SESSION_ID: '6908b66a' },
    { kind: 'agent', agent: 'claude-code', session: '6908b66a' },
  ],
  [{ AI_AGENT: 'claude-code_2-1-332_harness' }, { kind: 'agent', agent: 'claude-code' }],
  [
    { GEMINI_CLI: '1', GEMINI_SESSION_ID: 'a8a6' },
    { kind: 'agent', agent: 'gemini-cli', session: 'a8a6' },
  ],
  [
    { CODEX_CI: '1', CODEX_THREAD_ID: '01a250a0' },
    { kind: 'agent', agent: 'codex', session: '01a250a0' },
  ],
  [{ CODEX_SANDBOX: 'seatbelt' }, { kind: 'agent', agent: 'codex' }],
  [{ COPILOT_CLI: '1' }, { kind: 'agent', agent: 'copilot' }],
  [
    { OPENCODE: '1', AGENT: '1' },
    { kind: 'agent', agent: 'opencode' },
  ],
  [{ AGENT: 'goose' }, { kind: 'agent', agent: 'goose' }],
  [{ AGENT: '1' }, { kind: 'agent', agent: 'agent' }],
  [{ CURSOR_AGENT: '1' }, { kind: 'agent', agent: 'cursor' }],
  [{ SHELLGATE_AGENT: 'aider' }, { kind: 'agent', agent: 'aider' }],
  [{ AGENT: '0', OPENCODE: '' }, { kind: 'human' }],
  [{ HOME: '/home/dev', TERM: 'xterm' }, { kind: 'human' }],
];

describe('detectActor', () => {
  it.each(CASES)('%j', (env, want) => expect(detectActor(env)).toEqual(want));
});
