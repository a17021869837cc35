/*!
 * The user's real terminal, around the child's PTY: raw mode in and out, the window size, and a
 * record of the terminal modes the child switched on (alternate screen, hidden cursor, mouse,
 * bracketed paste…) so that they can be put back after a prompt and reset when the shell ends —
 * even if bash dies inside vim. While a prompt is up, the child's output is held and input goes
 * to the prompt; afterwards the held output is written in order.
 *
 * Output processing (OPOST) is off while the child owns the screen, as in script(1) or tmux: the
 * child's PTY already did its own (it may have turned it off, e.g. for binary output), so bytes
 * must pass unchanged — and an outer ONLCR pass costs throughput. Node's raw mode leaves OPOST on,
 * so `stty -opost` does it; prompts (Ink writes bare LFs) get it back while they are up.
 */

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

/** Private modes we put back to their defaults when the session ends. */
const TRACKED_MODES = [1, 25, 47, 1000, 1002, 1003, 1004, 1005, 1006, 1015, 1047, 1049, 2004];
const ESC = 0x1b;

/** Follows `ESC [ ? n h|l` in an output stream. */
export class ModeTracker {
  private readonly on = new Set<number>();
  private tail: Buffer = Buffer.alloc(0);

  /** Feeds a chunk of child output. */
  feed(chunk: Buffer): void {
    if (this.tail.length === 0 && chunk.indexOf(ESC) === -1) return;
    const buf = this.tail.length ? Buffer.concat([this.tail, chunk]) : chunk;
    const text = buf.toString('latin1');
    for (const m of text.matchAll(/\x1b\[\?([\d;]+)([hl])/g)) {
      for (const n of m[1].split(';').map(Number)) {
        if (!TRACKED_MODES.includes(n)) continue;
        if ((m[2] === 'h') !== (n === 25)) this.on.add(n);
        else this.on.delete(n);
      }
    }
    const lastEsc = text.lastIndexOf('\x1b');
    this.tail = lastEsc !== -1 && text.length - lastEsc < 16 && !/[hl]/.test(text.slice(lastEsc + 2)) ? buf.subarray(lastEsc) : Buffer.alloc(0);
  }

  /** True when the child hid the cursor. */
  get cursorHidden(): boolean {
    return this.on.has(25);
  }

  /** Escape sequences that return every tracked mode to its default. */
  resetSequence(): string {
    let s = '';
    for (const n of [...this.on].sort((a, b) => b - a)) s += n === 25 ? '\x1b[?25h' : `\x1b[?${n}l`;
    return s;
  }
}

export class OuterTerminal {
  readonly modes = new ModeTracker();
  private wasRaw = false;
  private frozen = false;
  private held: Buffer[] = [];
  private sink: ((data: Buffer) => void) | null = null;
  private onInput: (data: Buffer) => void = () => {};
  private readonly inputListener = (d: Buffer | string) => {
    const buf = typeof d === 'string' ? Buffer.from(d, 'utf8') : d;
    (this.sink ?? this.onInput)(buf);
  };
  private readonly resizeListener = () => this.onResize(this.size());
  private onResize: (s: { cols: number; rows: number }) => void = () => {};

  /** A terminal stdout is blocking: child output skips the stream machinery (it is the hot path). */
  private readonly directFd: number | null;

  constructor(
    readonly stdin: NodeJS.ReadStream,
    readonly stdout: NodeJS.WriteStream,
  ) {
    const fd = (stdout as { fd?: unknown }).fd;
    this.directFd = stdout.isTTY && typeof fd === 'number' ? fd : null;
  }

  /** Whether keystrokes come from a real terminal (prompts need one). */
  get interactive(): boolean {
    return Boolean(this.stdin.isTTY && this.stdout.isTTY);
  }

  size(): { cols: number; rows: number } {
    return { cols: this.stdout.columns || 80, rows: this.stdout.rows || 24 };
  }

  /** Raw mode on; input and window-size changes go to the callbacks. */
  start(onInput: (data: Buffer) => void, onResize: (s: { cols: number; rows: number }) => void): void {
    this.onInput = onInput;
    this.onResize = onResize;
    if (this.stdin.isTTY) {
      this.wasRaw = this.stdin.isRaw;
      this.stdin.setRawMode(true);
      this.outputProcessing(false);
    }
    this.stdin.on('data', this.inputListener);
    this.stdin.resume();
    this.stdout.on('resize', this.resizeListener);
  }

  /** Child output; false when the terminal wants us to wait for 'drain'. */
  output(data: Buffer): boolean {
    this.modes.feed(data);
    if (this.frozen) {
      this.held.push(data);
      return true;
    }
    if (this.directFd === null) return this.stdout.write(data);
    let off = 0;
    try {
      while (off < data.length) off += fs.writeSync(this.directFd, data, off);
      return true;
    } catch {
      return this.stdout.write(data.subarray(off));
    }
  }

  /** Text of the guard's own. */
  notice(text: string): void {
    this.stdout.write(text);
  }

  /** Holds child output and sends input to `sink` (a prompt) until `thaw`. */
  freeze(sink: (data: Buffer) => void): void {
    this.frozen = true;
    this.sink = sink;
    this.outputProcessing(true);
  }

  /**
   * Puts back what the prompt may have changed, then writes the held output in order. Keys typed
   * after the prompt was answered (`typeahead`) go to the shell as if typed now.
   */
  thaw(typeahead: Buffer[] = []): void {
    this.sink = null;
    for (const chunk of typeahead) this.onInput(chunk);
    this.frozen = false;
    if (this.stdin.isTTY && !this.stdin.isRaw) this.stdin.setRawMode(true);
    this.outputProcessing(false);
    if (this.modes.cursorHidden) this.stdout.write('\x1b[?25l');
    const held = this.held;
    this.held = [];
    for (const chunk of held) this.stdout.write(chunk);
  }

  /** Returns the terminal to how we found it (modes the child left on are reset). */
  restore(abnormal: boolean): void {
    this.stdin.off('data', this.inputListener);
    this.stdout.off('resize', this.resizeListener);
    const held = this.held;
    this.held = [];
    for (const chunk of held) this.stdout.write(chunk);
    this.stdout.write(this.modes.resetSequence() + (abnormal ? '\x1b[0m' : ''));
    if (this.stdin.isTTY) {
      this.outputProcessing(true);
      this.stdin.setRawMode(this.wasRaw);
    }
    this.stdin.pause();
  }

  /** Turns the terminal's output processing (OPOST: LF → CR LF…) on or off. */
  private outputProcessing(on: boolean): void {
    if (!this.stdin.isTTY) return;
    const fd = (this.stdin as { fd?: unknown }).fd;
    spawnSync('stty', [on ? 'opost' : '-opost'], {
      stdio: [typeof fd === 'number' ? fd : 0, 'ignore', 'ignore'],
      env: { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/bin:/bin` },
    });
  }
}
