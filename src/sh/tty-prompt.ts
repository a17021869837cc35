/*!
 * A minimal `[y/N]` confirmation for shellgate-sh when a human runs it at a terminal (stdin and
 * stderr are TTYs, no agent detected). Stand-in for the Ink confirmation (src/ui/confirm), which
 * is not wired here: this keeps the `-c` path free of Ink. Reads one line from stdin
 * synchronously; anything but `y`/`yes` (or the typed code, when one is needed) is a no.
 */
import { readSync, writeSync } from 'node:fs';

/**
 * Shows `message` and the question on stderr; true only for an explicit yes — or, when the line
 * needs the typed code (src/gate/typed-code.ts), only for that code.
 */
export function confirmOnTty(message: string, code: string | null = null): boolean {
  writeSync(2, message);
  writeSync(2, code ? `shellgate: type ${code} to run it (anything else refuses): ` : 'shellgate: run it anyway? [y/N] ');
  const buf = Buffer.alloc(256);
  let answer = '';
  for (;;) {
    let n: number;
    try {
      n = readSync(0, buf, 0, buf.length, null);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      return false;
    }
    if (n === 0) break;
    answer += buf.toString('utf8', 0, n);
    if (answer.includes('\n')) break;
  }
  const first = (answer.split('\n')[0] ?? '').trim();
  return code ? first.toUpperCase() === code : /^y(es)?$/i.test(first);
}
