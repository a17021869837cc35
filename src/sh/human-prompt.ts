/*!
 * Asks the human at this terminal whether shellgate-sh may run a line: the Ink confirmation of
 * src/ui/confirm (via ui/mount.ts), drawn on stderr with keys read from our own stdin terminal —
 * only called when stdin and stderr are both terminals and no agent was detected. Ink is loaded
 * here, lazily. If the Ink prompt cannot be loaded, the plain `[y/N]` prompt (sh/tty-prompt.ts)
 * asks instead; nothing runs without an answer.
 */
import type { Verdict } from '../core/verdict.js';
import type { ConfirmOutcome } from '../ui/confirm/confirm-types.js';
import type { PromptHost } from '../ui/mount.js';

/** A PromptHost on this process's own terminal: raw mode only while the prompt is up. */
function ownTerminal(): PromptHost {
  const stdin = process.stdin;
  let forward: ((d: Buffer | string) => void) | undefined;
  return {
    stdout: process.stderr,
    freeze(sink) {
      forward = (d) => sink(Buffer.isBuffer(d) ? d : Buffer.from(d));
      stdin.setRawMode(true);
      stdin.on('data', forward);
      stdin.resume();
    },
    thaw() {
      if (forward) stdin.off('data', forward);
      stdin.setRawMode(false);
      stdin.pause(); // bash reads the terminal next, not us
    },
  };
}

/**
 * The human's answer for `line`; `code` is what they must type (the gate's typed-code rule) or
 * null. If Ink cannot load, the plain prompt asks instead (for the code too, when one is needed).
 */
export async function askHuman(line: string, verdict: Verdict, cwd: string, code: string | null, fallbackText: string): Promise<ConfirmOutcome> {
  let ui;
  try {
    ui = await import('../ui/mount.js');
  } catch {
    const { confirmOnTty } = await import('./tty-prompt.js');
    return { approved: confirmOnTty(fallbackText, code), how: code ? 'code' : 'prompt' };
  }
  return ui.confirmInTerminal({ line, verdict, cwd, code }, ownTerminal());
}
