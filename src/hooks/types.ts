/*!
 * What every agent hook adapter provides: read the agent's JSON payload into a command line and
 * its cwd, and write shellgate's decision back in the agent's own format. The engine, the audit
 * log and the approval queue are shared (hooks/decide.ts); only the wire format differs.
 */
import type { Verdict } from '../core/verdict.js';
import type { ApprovalRequest } from '../approvals/queue.js';

/** The command an agent is about to run. */
export interface HookRequest {
  line: string;
  cwd: string;
  /** The agent's session/conversation id, for the audit log. */
  sessionId: string;
  /** The tool's whole input as the agent sent it (kept when the command is rewritten). */
  input?: Record<string, unknown>;
}

/** shellgate's answer, before it is put in the agent's format. */
export interface HookDecision {
  decision: 'allow' | 'ask' | 'deny';
  /** For the model: why, and what to do next. */
  agentMessage: string;
  /** For the human watching the agent (shorter). */
  userMessage: string;
  verdict?: Verdict;
  request?: ApprovalRequest;
  /** Allowed: the command to run instead (the same line, contained), for adapters that rewrite. */
  command?: string;
}

/** What the hook process prints and how it exits. */
export interface HookOutput {
  stdout: string;
  stderr?: string;
  exitCode: number;
}

/** One agent's hook wire format. */
export interface HookAdapter {
  /** Agent id used in the audit log (`claude-code`, `gemini-cli`, `cursor`). */
  agent: string;
  /**
   * How a `confirm` verdict is answered: `ask` hands it to the agent's own confirmation UI (the
   * human answers there); `queue` denies it and files an approval request.
   */
  confirm: 'ask' | 'queue' | ((env: NodeJS.ProcessEnv) => 'ask' | 'queue');
  /** The agent runs a command the hook rewrote: an allowed line is answered with its contained form. */
  rewrites?: boolean;
  /** The agent can type into a running command without asking the hook (hooks/stdin-readers.ts): such readers are refused. */
  typesIntoCommands?: string;
  /** The command in the payload, or null when the payload is not about a shell command. */
  parse(payload: unknown, cwd: string): HookRequest | null;
  /** The answer in the agent's format (`req`: what was asked, for adapters that rewrite its input). */
  render(decision: HookDecision, req?: HookRequest): HookOutput;
  /** The payload was not for us (another tool or event): say nothing that changes the outcome. */
  passThrough(): HookOutput;
  /** Something broke inside shellgate: fail closed in the agent's documented blocking way. */
  failClosed(message: string): HookOutput;
}

/** `obj[key]` when it is a string. */
export function str(obj: unknown, key: string): string | undefined {
  if (typeof obj !== 'object' || obj === null) return undefined;
  const v = (obj as Record<string, unknown>)[key];
  return typeof v === 'string' ? v : undefined;
}

/** `obj[key]` when it is a plain object. */
export function objField(obj: unknown, key: string): Record<string, unknown> | undefined {
  if (typeof obj !== 'object' || obj === null) return undefined;
  const v = (obj as Record<string, unknown>)[key];
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}
