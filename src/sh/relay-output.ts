/*!
 * The outputs of a command that shellgate-sh relays rather than hands over (a contained command's
 * stderr, read for refused writes; both outputs of a command that received vault credentials,
 * masked): written to our descriptor in full, whatever the terminal's pace.
 */
import { writeSync } from 'node:fs';
import type { Masker } from '../vault/mask.js';

/** Relays `stream` to `fd` (masking credential values when `masker` is given); resolves at its end. */
export function relay(stream: NodeJS.ReadableStream, fd: number, masker: Masker | null, seen?: (text: string) => void): Promise<void> {
  return new Promise((done) => {
    stream.on('data', (chunk: Buffer) => {
      writeAll(fd, masker ? masker.push(chunk) : chunk);
      seen?.(chunk.toString('utf8'));
    });
    const end = () => {
      if (masker) writeAll(fd, masker.flush());
      done();
    };
    stream.on('end', end);
    stream.on('error', end);
  });
}

function writeAll(fd: number, data: Buffer): void {
  let off = 0;
  while (off < data.length) {
    try {
      off += writeSync(fd, data, off);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      return;
    }
  }
}
