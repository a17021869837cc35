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

/** `command` rewritten to run through shellgate-contain (same text, same cwd, contained). */
export function containedCommand(command: string): string {
  return `${shellQuote(containBin())} -c ${shellQuote(command)}`;
}
