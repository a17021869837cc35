/*!
 * What the shell asks the confirmation prompt, and what it gets back. Types only: importing this
 * file never loads Ink.
 */
import type { Verdict } from '../../core/verdict.js';

/** One line that needs a human's yes. */
export interface ConfirmRequest {
  /** The text that will run (after history expansion, continuation lines joined). */
  line: string;
  verdict: Verdict;
  /** For critical lines: the code the human must type instead of `y`; null otherwise. */
  code: string | null;
  cwd: string;
}

/** The human's answer. */
export interface ConfirmOutcome {
  approved: boolean;
  /** `code` when the line was approved by typing the code, `prompt` for `y` (or any refusal). */
  how: 'prompt' | 'code';
}
