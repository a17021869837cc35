/*!
 * Who is typing: a human, or an agent detected from its environment. Guarded sessions export
 * SHELLGATE_SESSION so that nested shellgate processes know they run under a guard.
 * The markers are the variables each agent CLI sets for the commands it runs (measured with the
 * real CLIs, docs/agents.md): an agent is never logged as a human when one of them is set.
 */
import type { Actor } from '../core/verdict.js';
import { dict } from '../util/dict.js';

export interface ActorInfo {
  kind: Actor;
  /** Which agent, when detected. */
  agent?: string;
  /** The agent's own session/thread id, when its environment gives one. */
  session?: string;
}

/** [variable, agent, the variable's value is the agent's session id]. Specific agents before generic markers. */
const AGENT_MARKERS: [string, string, boolean?][] = [
  ['CLAUDECODE', 'claude-code'],
  ['CLAUDE_CODE_ENTRYPOINT', 'claude-code'],
  ['CURSOR_TRACE_ID', 'cursor', true],
  ['CURSOR_AGENT', 'cursor'],
  ['GEMINI_CLI', 'gemini-cli'],
  ['CODEX_THREAD_ID', 'codex', true],
  ['CODEX_CI', 'codex'],
  ['CODEX_SANDBOX', 'codex'],
  ['CODEX_SANDBOX_NETWORK_DISABLED', 'codex'],
  ['COPILOT_CLI', 'copilot'],
  ['OPENCODE', 'opencode'],
  ['AIDER_MODEL', 'aider'],
  ['AI_AGENT', 'agent'],
  ['SHELLGATE_AGENT', 'agent'],
  ['AGENT', 'agent'],
];

/** Session ids some agents give their commands (looked up once the agent is known). */
const SESSION_VARS: Record<string, string[]> = dict({
  'claude-code': ['CLAUDE_CODE_SESSION_ID'],
  'gemini-cli': ['GEMINI_SESSION_ID'],
  codex: ['CODEX_THREAD_ID'],
  cursor: ['CURSOR_TRACE_ID'],
  copilot: ['COPILOT_SESSION_ID'],
  opencode: ['OPENCODE_SESSION_ID'],
});

function set(v: string | undefined): v is string {
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

/** A variable that names the agent itself (SHELLGATE_AGENT=codex, AGENT=goose) rather than saying "1". */
function named(v: string, fallback: string): string {
  return /^[a-z][\w.-]{1,39}$/i.test(v) && !/^(1|true|yes|on)$/i.test(v) ? v.toLowerCase() : fallback;
}

export function detectActor(env: NodeJS.ProcessEnv | Record<string, string | undefined>, forceAgent = false): ActorInfo {
  for (const [name, agent] of AGENT_MARKERS) {
    const v = env[name];
    if (!set(v)) continue;
    const which = name === 'AI_AGENT' ? named(v.split('_')[0], agent) : name === 'SHELLGATE_AGENT' || name === 'AGENT' ? named(v, agent) : agent;
    const session = (SESSION_VARS[which] ?? []).map((s) => env[s]).find((s) => s !== undefined && s !== '');
    return session ? { kind: 'agent', agent: which, session } : { kind: 'agent', agent: which };
  }
  return forceAgent ? { kind: 'agent', agent: 'agent' } : { kind: 'human' };
}

/** Name of the variable a guarded session exports (value: the session id). */
export const SESSION_ENV = 'SHELLGATE_SESSION';
