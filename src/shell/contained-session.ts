/*!
 * An agent's contained session (`shellgate --agent`): after each command, what it wrote that would
 * act outside the container (an agent's settings file, git metadata that runs a program through the
 * human's git) is moved aside (contain/after-command.ts), said on the terminal and noted in
 * that command's log entry, as shellgate-sh does after each command. A session's background jobs may
 * outlive a command, so every later command and the end of the session check again. Should the
 * session be killed before its last check, the next shellgate-sh makes it (contain/killed-runs.ts).
 */
import type { Containment } from '../contain/index.js';
import { repeatedCheck } from '../contain/after-command.js';
import { movedNote, quarantineMessage } from '../contain/watch.js';
import { donePending, notePending } from '../contain/killed-runs.js';

/**
 * Checks since the previous check; returns the note for the log, or null when nothing moved.
 * `last`: the session is over (its pending record goes).
 */
export type SessionCheck = (say?: (text: string) => void, last?: boolean) => string | null;

/** The check for a contained session, or undefined for any other. */
export function afterCommandCheck(
  contained: Extract<Containment, { kind: 'contained' }> | undefined,
  notify: (text: string) => void,
): SessionCheck | undefined {
  if (!contained) return undefined;
  // File times come from a coarse clock (a tick behind): each check looks a second further back.
  const since = Date.now() - 1000;
  const pending = notePending(contained, since);
  const check = repeatedCheck(contained, since);
  return (say = notify, last = false) => {
    const moved = check();
    if (last) donePending(pending);
    if (moved.length === 0) return null;
    say(quarantineMessage(moved));
    return movedNote(moved);
  };
}
