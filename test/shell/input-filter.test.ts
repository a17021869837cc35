/*!
 * The guard's private key sequences cannot be typed through shellgate, even split across reads.
 */
import { describe, expect, it } from 'vitest';
import { InputFilter } from '../../src/shell/input-filter.js';

const ACCEPT = '\x1b[>7;7;3~';

function run(chunks: string[]): string {
  const f = new InputFilter();
  let out = '';
  for (const c of chunks) out += f.push(Buffer.from(c, 'latin1')).toString('latin1');
  return out + f.flush().toString('latin1');
}

describe('input filter', () => {
  it('passes ordinary input untouched, arrow keys and a lone Escape included', () => {
    expect(run(['ls -la\r', '\x1b[A', '\x1b', ':q\r'])).toBe('ls -la\r\x1b[A\x1b:q\r');
  });

  it('removes the private sequences', () => {
    expect(run([`rm -rf x${ACCEPT}`])).toBe('rm -rf x');
    expect(run(['a\x1b[>7;7;1~b\x1b[>7;7;2~c'])).toBe('abc');
  });

  it('removes a sequence split across reads', () => {
    for (let cut = 2; cut < ACCEPT.length; cut++) {
      expect(run(['x', ACCEPT.slice(0, cut), ACCEPT.slice(cut), 'y'])).toBe('xy');
    }
  });

  it('holds a possible start of a sequence only until the caller flushes', () => {
    const f = new InputFilter();
    expect(f.push(Buffer.from('ab\x1b[')).toString()).toBe('ab');
    expect(f.holding).toBe(true);
    expect(f.flush().toString()).toBe('\x1b[');
  });
});

describe('input filter, slow writer', () => {
  it('drops a private sequence whose end never comes', () => {
    const f = new InputFilter();
    expect(f.push(Buffer.from('ls\x1b[>7;7;')).toString()).toBe('ls');
    expect(f.flush().length).toBe(0);
  });
});
