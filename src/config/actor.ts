/*!
 * Who is typing: a human, or an agent detected from its environment. Guarded sessions export
 * SHELLGATE_SESSION so that nested shellgate processes know they run under a guard.
 */
import type { Actor } from '../classifier/verdict.js';

export interface ActorInfo {
  kind: Actor;
  /** Which agent, when detected. */
  agent?: string;
}

/** Environment variables that agents set for the commands they run. */
const AGENT_MARKERS: [string, string][] = [
  ['CLAUDECODE', 'claude-code'],
  ['CLAUDE_CODE_ENTRYPOINT', 'claude-code'],
  ['CURSOR_TRACE_ID', 'cursor'],
  ['CURSOR_AGENT', 'cursor'],
  ['GEMINI_CLI', 'gemini-cli'],
  ['CODEX_SANDBOX', 'codex'],
  ['CODEX_SANDBOX_NETWORK_DISABLED', 'codex'],
  ['AIDER_MODEL', 'aider'],
  ['SHELLGATE_AGENT', 'agent'],
];

export function detectActor(env: NodeJS.ProcessEnv | Record<string, string | undefined>, forceAgent = false): ActorInfo {
  for (const [name, agent] of AGENT_MARKERS) {
    const v = env[name];
    if (v !== undefined && v !== '' && v !== '0') return { kind: 'agent', agent: name === 'SHELLGATE_AGENT' && v !== '1' ? v : agent };
  }
  return forceAgent ? { kind: 'agent', agent: 'agent' } : { kind: 'human' };
}

/** Name of the variable a guarded session exports (value: the session id). */
export const SESSION_ENV = 'SHELLGATE_SESSION';
