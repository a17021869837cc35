/*!
 * Wires the user's terminal to the PTY bash runs in: output passes through (with backpressure and
 * pauses for prompts), input passes through the private-key filter — but only once the guard is
 * installed (`open`): keys typed before then wait, and are dropped if it never comes. Window size
 * and hang-up/terminate signals are forwarded. Resolves when bash exits, the terminal restored.
 */
import { InputFilter } from './input-filter.js';
import type { OuterTerminal } from './outer-terminal.js';
import type { PtyLike } from './pty.js';

/** How the session ended. */
export interface BridgeResult {
  exitCode: number;
  signal: number;
  /** Whether the guard was ever installed. */
  ready: boolean;
  /** Why shellgate ended the session itself, if it did. */
  failure: string | null;
}

/** A partial private key sequence is passed on after this much quiet. */
const HOLD_MS = 30;

export class PtyBridge {
  private ready = false;
  private failure: string | null = null;
  private readonly early: Buffer[] = [];
  private readonly filter = new InputFilter();
  private readonly pauses = new Set<string>();
  private flushTimer: NodeJS.Timeout | undefined;
  private helloTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pty: PtyLike,
    private readonly terminal: OuterTerminal,
    private readonly helloTimeoutMs: number,
  ) {}

  /** Stops reading bash's output for `why` (a prompt, a full terminal) until `unpause(why)`. */
  pause(why: string): void {
    this.pauses.add(why);
    this.pty.pause();
  }

  unpause(why: string): void {
    if (this.pauses.delete(why) && this.pauses.size === 0) this.pty.resume();
  }

  /** The guard is installed: keystrokes may reach bash now (those typed so far first). */
  open(): void {
    this.ready = true;
    clearTimeout(this.helloTimer);
    for (const chunk of this.early.splice(0)) this.forward(chunk);
  }

  /** Ends the session because the guard cannot work; nothing more reaches bash. */
  fail(message: string): void {
    if (this.failure !== null) return;
    this.failure = message;
    this.pty.kill('SIGKILL');
  }

  /** Runs until bash exits. */
  run(): Promise<BridgeResult> {
    this.helloTimer = setTimeout(
      () => this.fail(`the shell integration did not load within ${this.helloTimeoutMs / 1000} s (does ~/.bashrc exec another program, or wait for input?)`),
      this.helloTimeoutMs,
    );
    this.terminal.start(
      (data) => (this.ready ? this.forward(data) : this.early.push(data)),
      ({ cols, rows }) => this.pty.resize(cols, rows),
    );
    this.pty.onData((data) => {
      if (this.terminal.output(data)) return;
      this.pause('drain');
      this.terminal.stdout.once('drain', () => this.unpause('drain'));
    });
    const onSignal = (sig: NodeJS.Signals) => this.pty.kill(sig === 'SIGTERM' ? 'SIGHUP' : sig);
    const ignore = () => {};
    process.on('SIGHUP', onSignal).on('SIGTERM', onSignal).on('SIGINT', ignore).on('SIGQUIT', ignore);
    return new Promise((resolve) => {
      this.pty.onExit(({ exitCode, signal }) => {
        clearTimeout(this.helloTimer);
        clearTimeout(this.flushTimer);
        process.off('SIGHUP', onSignal).off('SIGTERM', onSignal).off('SIGINT', ignore).off('SIGQUIT', ignore);
        this.terminal.restore(this.failure !== null || !this.ready || signal !== 0);
        resolve({ exitCode, signal, ready: this.ready, failure: this.failure });
      });
    });
  }

  private forward(data: Buffer): void {
    const out = this.filter.push(data);
    if (out.length) this.pty.write(out);
    clearTimeout(this.flushTimer);
    if (this.filter.holding) this.flushTimer = setTimeout(() => this.pty.write(this.filter.flush()), HOLD_MS);
  }
}
