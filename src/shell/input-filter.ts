/*!
 * Removes the guard's private key sequences from what is typed, so nobody at the keyboard (or an
 * agent writing to the terminal) can press the internal "accept" key directly. A sequence split
 * across two reads is caught too: a chunk ending in a prefix of it (`ESC [` or longer) is held for
 * the next read; the caller flushes it after a short pause. (Defence in depth: the shell's DEBUG
 * trap refuses a line accepted that way anyway.)
 */
import { PRIVATE_KEY_PREFIX } from './integration-script.js';

const PREFIX = Buffer.from(PRIVATE_KEY_PREFIX, 'latin1');
/** The whole private sequence: prefix, one digit, `~`. */
const SEQUENCE_LENGTH = PREFIX.length + 2;

export class InputFilter {
  private carry = Buffer.alloc(0);

  /** Filters one chunk of input; returns the bytes to pass on (possibly empty). */
  push(chunk: Buffer): Buffer {
    let buf = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = Buffer.alloc(0);
    if (buf.indexOf(0x1b) === -1) return buf;
    const parts: Buffer[] = [];
    let from = 0;
    let tail: Buffer | null = null;
    for (let i = buf.indexOf(PREFIX); i !== -1; i = buf.indexOf(PREFIX, from)) {
      parts.push(buf.subarray(from, i));
      const tilde = buf.indexOf(0x7e, i + PREFIX.length);
      if (tilde === -1 && buf.length - i < SEQUENCE_LENGTH + 8) {
        tail = buf.subarray(i); // the rest of this sequence is still to come
        from = buf.length;
        break;
      }
      from = tilde !== -1 && tilde < i + SEQUENCE_LENGTH + 8 ? tilde + 1 : i + PREFIX.length;
    }
    buf = from === 0 ? buf : Buffer.concat([...parts, buf.subarray(from)]);
    if (tail) {
      this.carry = Buffer.from(tail);
      return buf;
    }
    const keep = partialPrefixLength(buf);
    if (keep > 0) {
      this.carry = Buffer.from(buf.subarray(buf.length - keep));
      buf = buf.subarray(0, buf.length - keep);
    }
    return buf;
  }

  /** True while a partial sequence is held back. */
  get holding(): boolean {
    return this.carry.length > 0;
  }

  /** What was held back, to pass on after a pause with no further input (a started private sequence is dropped). */
  flush(): Buffer {
    const c = this.carry;
    this.carry = Buffer.alloc(0);
    return c.subarray(0, PREFIX.length).equals(PREFIX) ? Buffer.alloc(0) : c;
  }
}

/**
 * Length of the longest suffix of `buf` that is a prefix of the private sequence, from two bytes
 * up: a lone ESC (the Escape key) is never held back.
 */
function partialPrefixLength(buf: Buffer): number {
  for (let n = Math.min(PREFIX.length, buf.length); n > 1; n--) {
    if (buf.subarray(buf.length - n).equals(PREFIX.subarray(0, n))) return n;
  }
  return 0;
}
