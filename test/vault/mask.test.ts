/* Masking of credential values in relayed output, whatever the chunking. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Masker } from '../../src/vault/mask.js';

const SECRET = { name: 'TOK', value: 's3cr3t/+value=' };

function run(chunks: string[]): string {
  const m = new Masker([SECRET]);
  return Buffer.concat([...chunks.map((c) => m.push(Buffer.from(c))), m.flush()]).toString();
}

describe('Masker', () => {
  it('masks plain, base64 and URL-encoded forms', () => {
    const b64 = Buffer.from(SECRET.value).toString('base64');
    const out = run([`a ${SECRET.value} b ${b64} c ${encodeURIComponent(SECRET.value)} d`]);
    for (const form of [SECRET.value, b64.replace(/=+$/, ''), encodeURIComponent(SECRET.value)]) expect(out).not.toContain(form);
    expect(out.match(/\[vault:TOK\]/g)).toHaveLength(3);
  });

  it('masks a value split across any chunks', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.array(fc.nat(40), { maxLength: 8 }), (before, after, cuts) => {
        const text = `${before}${SECRET.value}${after}`;
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...points, text.length].slice(1).map((end, i, all) => text.slice(i === 0 ? 0 : all[i - 1], end));
        const out = run(chunks);
        expect(out).not.toContain(SECRET.value);
        expect(out).toContain('[vault:TOK]');
      }),
    );
  });

  it('passes other output through unchanged', () => {
    expect(run(['hello ', 'world\n'])).toBe('hello world\n');
  });
});
