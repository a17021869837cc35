/*!
 * The prompt's key reducer and the approval code, without Ink.
 */
import { describe, expect, it } from 'vitest';
import { CODE_ALPHABET, makeCode } from '../../src/gate/typed-code.js';
import { INITIAL_STATE, pressKey, type KeyFlags, type PromptState } from '../../src/ui/confirm/keys.js';

function press(keys: Array<[string, KeyFlags?]>, code: string | null): PromptState {
  return keys.reduce((s, [input, flags]) => pressKey(s, input, flags ?? {}, code), INITIAL_STATE);
}

describe('prompt keys', () => {
  it('ignores keys after the answer', () => {
    const s = press([['n'], ['y']], null);
    expect(s.outcome).toEqual({ approved: false, how: 'prompt' });
  });

  it('ignores other keys and control keys', () => {
    expect(press([['x'], ['q'], ['u', { ctrl: true }], [' ']], null).outcome).toBeNull();
  });

  it('lets backspace correct the code', () => {
    const s = press([['A'], ['C'], ['', { backspace: true }], ['E']], 'AEFH');
    expect(s.typed).toBe('AE');
  });

  it('says which typed character can never be in a code, and clears that on backspace', () => {
    const s = press([['A'], ['O']], 'AEFH');
    expect(s.typed).toBe('A');
    expect(s.ignored).toBe('O');
    expect(press([['A'], ['O'], ['', { backspace: true }]], 'AEFH').ignored).toBeNull();
    expect(press([['A'], ['E']], 'AEFH').ignored).toBeNull();
  });

  it('i and ? toggle the details; d does not (it is "deny" in shellgate approvals)', () => {
    expect(press([['i']], null).details).toBe(true);
    expect(press([['?']], 'AEFH').details).toBe(true);
    expect(press([['i'], ['?']], null).details).toBe(false);
    expect(press([['d']], null).details).toBe(false);
  });

  it('accepts a pasted code in one chunk', () => {
    expect(press([['aefh']], 'AEFH').outcome).toEqual({ approved: true, how: 'code' });
  });
});

describe('approval code', () => {
  it('uses no look-alike characters and none of the prompt keys', () => {
    for (const c of '01OQDIL2Z5S6G8BUVYN') expect(CODE_ALPHABET).not.toContain(c);
  });

  it('is made of the alphabet and differs between prompts', () => {
    const codes = new Set(Array.from({ length: 50 }, () => makeCode()));
    expect(codes.size).toBeGreaterThan(40);
    for (const c of codes) expect(c).toMatch(new RegExp(`^[${CODE_ALPHABET}]{4}$`));
  });
});
