/*!
 * The confirmation prompt's keys, as a pure reducer (the one place they are defined):
 * `y` allows once; `n`, Esc, Enter and Ctrl-C refuse (refusing is the default); `i` (or `?`) shows
 * or hides the details — not `d`, which means "deny" in `shellgate approvals`. When a code is
 * required, `y` does nothing: the human types the code shown, and the line is approved the
 * moment it matches; a wrong code is cleared. A character that can never be in a code is not
 * typed, and the prompt says so (`ignored`) instead of dropping it silently.
 */
import type { ConfirmOutcome } from './confirm-types.js';
import { CODE_ALPHABET } from '../../gate/typed-code.js';

/** The subset of Ink's key flags the prompt reads. */
export interface KeyFlags {
  escape?: boolean;
  return?: boolean;
  backspace?: boolean;
  delete?: boolean;
  ctrl?: boolean;
}

export interface PromptState {
  details: boolean;
  /** What has been typed of the code so far. */
  typed: string;
  /** True right after a wrong code was typed in full. */
  mistake: boolean;
  /** The last character typed that no code contains (shown as a hint), or null. */
  ignored: string | null;
  /** Set once the human has answered; later keys are ignored. */
  outcome: ConfirmOutcome | null;
}

export const INITIAL_STATE: PromptState = { details: false, typed: '', mistake: false, ignored: null, outcome: null };

/** Keys that show or hide the details. */
export const DETAILS_KEYS = ['i', '?'];

const REFUSED: ConfirmOutcome = { approved: false, how: 'prompt' };

/** The state after one key press. */
export function pressKey(state: PromptState, input: string, key: KeyFlags, code: string | null): PromptState {
  if (state.outcome) return state;
  if ((key.ctrl && input === 'c') || key.escape || key.return) return { ...state, outcome: REFUSED };
  if (key.ctrl) return state;
  if (DETAILS_KEYS.includes(input) || (input === 'I' && !code)) return { ...state, details: !state.details };
  if (input === 'n' || input === 'N') return { ...state, outcome: REFUSED };
  if (!code) {
    return input === 'y' || input === 'Y' ? { ...state, outcome: { approved: true, how: 'prompt' } } : state;
  }
  if (key.backspace || key.delete) return { ...state, typed: state.typed.slice(0, -1), mistake: false, ignored: null };
  return typeCode(state, input, code);
}

function typeCode(state: PromptState, input: string, code: string): PromptState {
  let typed = state.typed;
  let ignored: string | null = null;
  for (const ch of input.toUpperCase()) {
    if (!CODE_ALPHABET.includes(ch)) {
      if (ch.trim() !== '') ignored = ch;
      continue;
    }
    typed += ch;
    if (typed.length < code.length) continue;
    if (typed === code) return { ...state, typed, mistake: false, ignored: null, outcome: { approved: true, how: 'code' } };
    return { ...state, typed: '', mistake: true, ignored };
  }
  return { ...state, typed, mistake: false, ignored };
}
