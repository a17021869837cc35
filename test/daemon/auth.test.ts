/*!
 * The daemon's proof on every answer (src/daemon/auth.ts): nonces are fresh, and a MAC is accepted
 * only for the nonce and the exact answer text it was made for, with the key it was made with.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { answerMac, checkAnswerMac, newNonce } from '../../src/daemon/auth.js';

const key = Buffer.alloc(32, 7);

describe('daemon answer MAC', () => {
  it('nonces are 16 random bytes, never the same twice', () => {
    const seen = new Set(Array.from({ length: 200 }, () => newNonce()));
    expect(seen.size).toBe(200);
    for (const n of seen) expect(n).toMatch(/^[0-9a-f]{32}$/);
  });

  it('is HMAC-SHA256 of the nonce, a newline and the answer text', () => {
    const text = JSON.stringify({ outcome: 'run', stderr: '' });
    expect(answerMac(key, 'n1', text)).toBe(
      createHmac('sha256', key)
        .update('n1\n' + text)
        .digest('hex'),
    );
  });

  it('accepts only the MAC of this nonce, this text and this key', () => {
    const text = JSON.stringify({ outcome: 'run', stderr: '' });
    const mac = answerMac(key, 'n1', text);
    expect(checkAnswerMac(key, 'n1', text, mac)).toBe(true);
    expect(checkAnswerMac(key, 'n2', text, mac)).toBe(false);
    expect(checkAnswerMac(key, 'n1', text.replace('run', 'ask'), mac)).toBe(false);
    expect(checkAnswerMac(Buffer.alloc(32, 8), 'n1', text, mac)).toBe(false);
    expect(checkAnswerMac(key, 'n1', text, mac.toUpperCase())).toBe(false);
    expect(checkAnswerMac(key, 'n1', text, undefined)).toBe(false);
  });
});
