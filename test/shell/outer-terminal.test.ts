/*!
 * The record of terminal modes the child switched on, used to put the terminal back.
 */
import { describe, expect, it } from 'vitest';
import { ModeTracker } from '../../src/shell/outer-terminal.js';

const feed = (t: ModeTracker, ...chunks: string[]) => chunks.forEach((c) => t.feed(Buffer.from(c, 'latin1')));

describe('ModeTracker', () => {
  it('resets what a full-screen program left on', () => {
    const t = new ModeTracker();
    feed(t, 'hello\x1b[?1049h\x1b[?25l\x1b[?1000;1006h\x1b[?2004h');
    expect(t.cursorHidden).toBe(true);
    const reset = t.resetSequence();
    for (const s of ['\x1b[?1049l', '\x1b[?25h', '\x1b[?1000l', '\x1b[?1006l', '\x1b[?2004l']) expect(reset).toContain(s);
  });

  it('emits nothing when the program put everything back', () => {
    const t = new ModeTracker();
    feed(t, '\x1b[?1049h\x1b[?25l', 'text', '\x1b[?25h\x1b[?1049l');
    expect(t.resetSequence()).toBe('');
  });

  it('sees a sequence split across chunks', () => {
    const t = new ModeTracker();
    feed(t, 'abc\x1b[?10', '49h more');
    expect(t.resetSequence()).toBe('\x1b[?1049l');
  });

  it('ignores modes it does not track', () => {
    const t = new ModeTracker();
    feed(t, '\x1b[?7l\x1b[?12h');
    expect(t.resetSequence()).toBe('');
  });
});
