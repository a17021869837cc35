/*!
 * Key bindings of the `shellgate approvals` list, in one place.
 */
import type { Key } from 'ink';

/** What a key press asks the list to do. */
export type ApprovalsAction = 'up' | 'down' | 'approve' | 'deny' | 'quit';

/** The action for a key press, or undefined when the key does nothing. */
export function keyAction(input: string, key: Key): ApprovalsAction | undefined {
  if (key.upArrow || input === 'k') return 'up';
  if (key.downArrow || input === 'j') return 'down';
  if (input === 'a') return 'approve';
  if (input === 'd') return 'deny';
  if (input === 'q' || key.escape || (key.ctrl && input === 'c')) return 'quit';
  return undefined;
}

/** The help line shown under the list. */
export const KEY_HELP = '↑/↓ select · a approve once · d deny · q quit';
