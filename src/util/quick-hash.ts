/*!
 * A fast, non-cryptographic hash for naming cache files and sockets on the per-command start-up
 * path, where loading node:crypto costs a few milliseconds. Not for anything an attacker chooses
 * to collide: what the names point to is checked on its own (V8 validates a code cache; the
 * daemon socket must be ours).
 */

/** Two 32-bit FNV-1a hashes of `text` (UTF-16 code units), as 16 hex digits. */
export function quickHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
