/*!
 * Draws the confirmation prompt in the middle of a live PTY session, then gets out of the way.
 * Ink and React are imported here, lazily, the first time a prompt is needed: the check and hook
 * paths never pay for them.
 *
 * The terminal stays in raw mode throughout. Ink does not get process.stdin: it gets a small
 * stand-in stream fed with the keys typed while the prompt is up, whose setRawMode/ref/unref do
 * nothing. So Ink can neither take the terminal out of raw mode nor switch process.stdin to a
 * string encoding. The host holds the child's output meanwhile (`freeze`) and, afterwards
 * (`thaw`), puts back the cursor state the child had and writes the held output in order.
 * Keys typed after the answer, while the prompt is being taken down, are typeahead for the shell:
 * they are handed back on `thaw`, not lost.
 */
import { PassThrough } from 'node:stream';
import type { ConfirmOutcome, ConfirmRequest } from './confirm/confirm-types.js';

/** The terminal a prompt is drawn on (the shell's OuterTerminal fits). */
export interface PromptHost {
  readonly stdout: NodeJS.WriteStream;
  /** Holds child output and routes keystrokes to `sink` until `thaw`. */
  freeze(sink: (data: Buffer) => void): void;
  /** Ends the freeze; `typeahead`: keys typed after the answer, for the shell. */
  thaw(typeahead?: Buffer[]): void;
}

/** A TTY-like input stream for Ink that leaves the real terminal's modes alone. */
class PromptInput extends PassThrough {
  readonly isTTY = true;
  readonly isRaw = true;
  setRawMode(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
}

/** Shows the prompt for `request` and resolves with the human's answer. */
export async function confirmInTerminal(request: ConfirmRequest, host: PromptHost): Promise<ConfirmOutcome> {
  const [ink, react, { ConfirmPrompt }] = await Promise.all([import('ink'), import('react'), import('./confirm/ConfirmPrompt.js')]);
  const input = new PromptInput();
  const typeahead: Buffer[] = [];
  let done = false;
  host.freeze((data) => (done ? typeahead.push(data) : input.write(data)));
  try {
    let answer!: (o: ConfirmOutcome) => void;
    const answered = new Promise<ConfirmOutcome>((resolve) => (answer = resolve));
    const onAnswer = (o: ConfirmOutcome) => {
      done = true;
      answer(o);
    };
    const instance = ink.render(react.createElement(ConfirmPrompt, { request, onAnswer }), {
      stdout: host.stdout,
      stdin: input as unknown as NodeJS.ReadStream,
      exitOnCtrlC: false,
      patchConsole: false,
      kittyKeyboard: { mode: 'disabled' },
    });
    const outcome = await answered;
    instance.unmount();
    await instance.waitUntilExit();
    instance.cleanup();
    return outcome;
  } finally {
    input.destroy();
    host.thaw(typeahead);
  }
}
