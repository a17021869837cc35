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

/** Same policy as the guarded shell (shell/gatekeeper.ts `needsCode`): critical or production lines need a typed code. */
function needsCode(v: Verdict): boolean {
  return v.risk === 'critical' || v.environment === 'production';
}

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

/** The human's answer for `line` (fallback text prompt when Ink is unavailable). */
export async function askHuman(line: string, verdict: Verdict, cwd: string, fallbackText: string): Promise<ConfirmOutcome> {
  let ui;
  try {
    ui = await Promise.all([import('../ui/mount.js'), import('../ui/confirm/code.js')]);
  } catch {
    const { confirmOnTty } = await import('./tty-prompt.js');
    return { approved: confirmOnTty(fallbackText), how: 'prompt' };
  }
  const [{ confirmInTerminal }, { makeCode }] = ui;
  return confirmInTerminal({ line, verdict, cwd, code: needsCode(verdict) ? makeCode() : null }, ownTerminal());
}
