/*!
 * An agent's contained session (`shellgate --agent`): after each command, what it wrote that would
 * act outside the container (an agent's settings file, git metadata that runs a program through the
 * human's git) is moved aside (contain/index.ts quarantineAfter), said on the terminal and noted in
 * that command's log entry, as shellgate-sh does after each command. A session's background jobs may
 * outlive a command, so every later command and the end of the session check again.
 */
import type { Containment } from '../contain/index.js';
import { quarantineAfter } from '../contain/after-command.js';
import { quarantineMessage } from '../contain/watch.js';

/** Checks since the previous check; returns the note for the log, or null when nothing moved. */
export type SessionCheck = (say?: (text: string) => void) => string | null;

/** The check for a contained session, or undefined for any other. */
export function afterCommandCheck(
  contained: Extract<Containment, { kind: 'contained' }> | undefined,
  notify: (text: string) => void,
): SessionCheck | undefined {
  if (!contained) return undefined;
  let since = Date.now();
  return (say = notify) => {
    const from = since;
    since = Date.now();
    const moved = quarantineAfter(contained, from);
    if (moved.length === 0) return null;
    say(quarantineMessage(moved));
    return `moved aside: ${moved.map(([path]) => path).join(', ')}`;
  };
}
