/*!
 * Containment for hook-mode agents (issue 12 §2): agents that run commands in their own bash
 * (Claude Code, Codex, Copilot CLI, Gemini CLI, OpenCode's plugin) let a pre-tool hook rewrite
 * the command. An allowed line is then answered with `shellgate-contain -c LINE`
 * (src/contain/wrap-command.ts), which runs it under bubblewrap: the project writable, the rest
 * read-only, shellgate's own state out of sight. The hook has judged the line already; the
 * rewrite only takes rights away, so an agent gains nothing by writing the wrapper itself.
 */
import { accessSync, constants } from 'node:fs';
import { containBin, containedCommand } from '../contain/wrap-command.js';

/** How an allowed line runs: contained (the rewritten command), or as it is and why. */
export type Containment = { contained: true; command: string } | { contained: false; why: string; refuse?: true };

/** True when this install has its containment program (bin/shellgate-contain.cjs, executable). */
function haveContainBin(): boolean {
  try {
    accessSync(containBin(), constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The containment for an allowed `line`. `SHELLGATE_HOOK_CONTAIN=0` in the environment the agent
 * runs its hooks with (the human's choice: `hook install --no-contain`) keeps lines as they are;
 * an install without the containment program is broken: the line is refused (fail closed), not
 * run uncontained.
 */
export function containmentFor(line: string, env: NodeJS.ProcessEnv, haveBin: () => boolean = haveContainBin): Containment {
  if (env.SHELLGATE_HOOK_CONTAIN === '0') return { contained: false, why: 'uncontained: containment switched off for this hook (SHELLGATE_HOOK_CONTAIN=0)' };
  if (!haveBin())
    return { contained: false, refuse: true, why: `${containBin()} is missing from this install, so the command cannot run contained; reinstall shellgate` };
  return { contained: true, command: containedCommand(line) };
}
