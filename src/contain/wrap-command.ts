/*!
 * The command line that runs an agent's command contained, for agents whose hooks can rewrite the
 * command before the agent's own bash runs it (Claude Code's `updatedInput`, and the like). The
 * rewritten line starts `shellgate-contain`, which only contains (it judges nothing: the hook
 * already did, and containing a command can only take rights away, so an agent that calls it
 * itself gains nothing).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** bin/shellgate-contain.cjs of this install (dist/bundle/… or src/contain/… → ../../bin). */
export function containBin(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'shellgate-contain.cjs');
}

/** `word` quoted for bash: one single-quoted string ('\'' for each quote inside). */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * `command` rewritten to run through shellgate-contain (same text, same cwd, contained). Started
 * with this process's node, by its absolute path: the script's `#!/usr/bin/env node` would take
 * the first `node` on the agent's PATH, which may be a directory the agent can write.
 */
export function containedCommand(command: string): string {
  return `${shellQuote(process.execPath)} ${shellQuote(containBin())} -c ${shellQuote(command)}`;
}
