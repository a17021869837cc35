/*!
 * Decoding of bash's ANSI-C quoting `$'…'` (\xHH, \NNN, \uHHHH, \cX, \n …), as bash does it.
 */
import { dict } from '../util/dict.js';

/** The one-character escapes of `$'…'` (`\n`, `\e` …), also used to read bash's own listings (shell/bash-listings.ts). */
export const ANSI_C_SIMPLE: Record<string, string> = dict({
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
});

/** Decodes the body of `$'…'` (without the `$'` and `'`). */
export function decodeAnsiC(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== '\\' || i + 1 >= body.length) {
      out += ch;
      continue;
    }
    const next = body[++i];
    if (next in ANSI_C_SIMPLE) {
      out += ANSI_C_SIMPLE[next];
    } else if (next === 'x') {
      const m = /^[0-9a-fA-F]{1,2}/.exec(body.slice(i + 1));
      if (m) {
        out += String.fromCharCode(parseInt(m[0], 16));
        i += m[0].length;
      } else out += '\\x';
    } else if (next === 'u' || next === 'U') {
      const m = (next === 'u' ? /^[0-9a-fA-F]{1,4}/ : /^[0-9a-fA-F]{1,8}/).exec(body.slice(i + 1));
      if (m) {
        out += safeCodePoint(parseInt(m[0], 16));
        i += m[0].length;
      } else out += '\\' + next;
    } else if (/[0-7]/.test(next)) {
      const m = /^[0-7]{1,3}/.exec(body.slice(i))!;
      out += String.fromCharCode(parseInt(m[0], 8) & 0xff);
      i += m[0].length - 1;
    } else if (next === 'c' && i + 1 < body.length) {
      out += String.fromCharCode(body.charCodeAt(++i) & 0x1f);
    } else {
      out += '\\' + next;
    }
  }
  return out;
}

function safeCodePoint(n: number): string {
  try {
    return String.fromCodePoint(n);
  } catch {
    return '\uFFFD';
  }
}
