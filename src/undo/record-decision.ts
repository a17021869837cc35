/*!
 * Whether an agent command is recorded for undo at all: undo.yaml (a broken file refuses the
 * command) and the read-only commands that need no snapshot (read-only.ts). Its own small module so
 * that shellgate-sh's per-command bundle decides this without loading the snapshot code, the git
 * store and the journal (undo/record-command.ts, loaded only for a command that is recorded).
 */
import { readOnlyCommand } from './read-only.js';
import { loadUndoConfig, type UndoConfig } from './undo-config.js';

export type RecordDecision = { kind: 'skip' } | { kind: 'refuse'; say: string } | { kind: 'record'; cfg: UndoConfig };

/** The decision for the command `line` (null: commands on stdin) run with `env`. Never throws. */
export function recordDecision(line: string | null, env: NodeJS.ProcessEnv): RecordDecision {
  let cfg: UndoConfig;
  try {
    cfg = loadUndoConfig(process.env);
  } catch (err) {
    return { kind: 'refuse', say: `shellgate-sh: refusing to run: ${(err as Error).message} (fix or remove the file)\n` };
  }
  if (!cfg.enabled || readOnlyCommand(line, env)) return { kind: 'skip' };
  return { kind: 'record', cfg };
}
