/*!
 * The short random code a human types to approve a critical line. Its alphabet leaves out
 * characters that look alike (0/O/Q/D, 1/I/L, 2/Z, 5/S, 6/G, 8/B, U/V) and the prompt's own keys
 * (y, n, d), so neither a misread nor a reflex `y` can approve.
 */
import { randomInt } from 'node:crypto';

/** Characters a code is made of. */
export const CODE_ALPHABET = 'ACEFHJKMPRTWX3479';

/** A fresh code of `length` characters. */
export function makeCode(length = 4): string {
  let code = '';
  for (let i = 0; i < length; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}
