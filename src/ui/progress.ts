/*!
 * Progress of long work (`secrets scan` over thousands of files) on one line of a terminal:
 * `shellgate: scanning 1,234 of 4,000 files…`, redrawn at most every 100 ms (and at once for the
 * first item, so something shows from the start), erased when the work ends. When stderr is not a
 * terminal (piped, redirected, CI) it prints nothing at all, so output stays clean for tools.
 */

export interface Progress {
  /** Sets what is being done and how far along it is (either may be unknown). */
  update(label: string, done?: number, total?: number): void;
  /** Erases the line. */
  end(): void;
}

const QUIET: Progress = { update: () => {}, end: () => {} };

/** A progress line on `stream` when it is a terminal, else one that does nothing. */
export function progressLine(stream: NodeJS.WriteStream = process.stderr, intervalMs = 100): Progress {
  if (!stream.isTTY) return QUIET;
  let last = -Infinity;
  let shown = false;
  return {
    update(label, done, total) {
      const now = Date.now();
      if (shown && now - last < intervalMs && done !== total) return;
      last = now;
      shown = true;
      const n = (x: number) => x.toLocaleString('en');
      const count = done === undefined ? '' : total === undefined ? ` ${n(done)}` : ` ${n(done)} of ${n(total)} files`;
      const text = `shellgate: ${label}${count}…`;
      const width = Math.max(10, (stream.columns || 80) - 1);
      stream.write(`\r${text.length > width ? `${text.slice(0, width - 1)}…` : text}\x1b[K`);
    },
    end() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
