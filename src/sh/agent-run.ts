/*!
 * One agent bash run, as shellgate-sh knows it before and while it runs (sh/run.ts runs it,
 * sh/run-undo.ts records it for undo): the data both sides share, in a file of its own so that
 * neither imports the other for it.
 */
import type { Secret } from '../vault/mask.js';

/** One agent bash run. */
export interface AgentRun {
  /** The trusted bash and its arguments (as shellgate-sh was given them). */
  bash: string;
  argv: string[];
  cwd: string;
  /** The environment bash gets. */
  env: NodeJS.ProcessEnv;
  stdin: 'inherit' | 'pipe';
  /** What a write grant is matched by: the `-c` string or the script (null: stdin, no grants). */
  key: string | null;
  agent?: string;
  /** Vault credentials in `env` (src/vault/): the output is piped and these values masked. */
  secrets?: Secret[];
  /** For the audit log. */
  sessionId: string;
  actor: 'human' | 'agent';
  /** What an earlier command left behind, moved aside before this one (contain/killed-runs.ts). */
  settled?: [string, string][];
  /** The daemon's socket, when the daemon answered for this run: the command's effect is logged through it. */
  daemon?: string;
}
