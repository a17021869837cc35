/*!
 * The typed-code rule, written once for every surface: a critical line, or any line aimed at
 * production, is approved only by typing a short random code, never by a reflex `y`. Where a
 * surface cannot ask for a code (an agent's own yes/no prompt), such a line goes to the approval
 * queue instead, where `shellgate approve ID` is a deliberate act (see confirm-policy.ts).
 * The code's alphabet leaves out characters that look alike (0/O/Q/D, 1/I/L, 2/Z, 5/S, 6/G,
 * 8/B, U/V) and the prompt's own keys (y, n, d), so neither a misread nor a reflex can approve.
 */
import { randomInt } from 'node:crypto';
import type { Verdict } from '../core/verdict.js';

/** Characters a code is made of. */
export const CODE_ALPHABET = 'ACEFHJKMPRTWX3479';

/** Critical lines (and anything aimed at production) need the typed code, not `y`. */
export function needsCode(v: Verdict): boolean {
  return v.risk === 'critical' || v.environment === 'production';
}

/** A fresh code of `length` characters. */
export function makeCode(length = 4): string {
  let code = '';
  for (let i = 0; i < length; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}
