/*!
 * A minimal `[y/N]` confirmation for shellgate-sh when a human runs it at a terminal (stdin and
 * stderr are TTYs, no agent detected). Stand-in for the Ink confirmation (src/ui/confirm), which
 * is not wired here: this keeps the `-c` path free of Ink. Reads one line from stdin
 * synchronously; anything but `y`/`yes` is a no.
 */
import { readSync, writeSync } from 'node:fs';

/** Shows `message` and the question on stderr; true only for an explicit yes. */
export function confirmOnTty(message: string): boolean {
  writeSync(2, message);
  writeSync(2, 'shellgate: run it anyway? [y/N] ');
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
  return /^\s*y(es)?\s*$/i.test(answer.split('\n')[0] ?? '');
}
