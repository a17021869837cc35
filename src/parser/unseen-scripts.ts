/*!
 * A shell that reads its script from somewhere the judge cannot read it now: a FIFO (whatever is
 * written into it later runs), a file that does not exist yet (made by a background job, another
 * call, a race), or a file the line writes with content only known when it runs (`cat "$X" > s.sh;
 * bash s.sh`). Each is an issue (`dynamic-input`): confirm, never allow.
 */
import type { Span } from '../classifier/verdict.js';
import type { Word } from './model.js';
import type { LineState } from './line-state.js';
import type { WrittenFile } from './written-files.js';

/** Commands that read a FIFO (`cat fifo`, `tail -f fifo`): their output is whatever another process writes. */
export function readsFifo(cmds: readonly { argv: Word[] }[], state: LineState, absolute: (p: string) => string): boolean {
  return cmds.some((c) => c.argv.slice(1).some((w) => !w.dynamic && !w.value.startsWith('-') && (state.written.get(absolute(w.value))?.fifo || state.ctx.fileKind?.(absolute(w.value)) === 'fifo')));
}

/** Raises an issue when the script `file` cannot be seen; `written` is what the line wrote there, if anything. */
export function unseenScript(file: Word, written: WrittenFile | undefined, state: LineState, span: Span, absolute: string, guarded: boolean): void {
  // `bash /dev/fd/3`, `. /proc/self/fd/4`: a descriptor the line opened on something only known when it runs.
  if (/^\/dev\/fd\/([3-9]|\d\d+)$|^\/proc\/self\/fd\//.test(file.value)) {
    state.issue('dynamic-input', `the script ${file.raw} is an open file descriptor: what runs is only known when the line runs`, span);
    return;
  }
  if (written) {
    if (written.text === null && written.from.length === 0) state.issue('dynamic-input', `the script ${file.raw} is written by the line with content only known when it runs`, span);
    if (written.fifo) state.issue('dynamic-input', `the script ${file.raw} is a FIFO the line makes: whatever is written into it runs`, span);
    return;
  }
  const kind = state.ctx.fileKind?.(absolute);
  if (kind === 'fifo' || kind === 'device') state.issue('dynamic-input', `the script ${file.raw} is a ${kind === 'fifo' ? 'FIFO' : 'device'}: what runs is written into it later`, span);
  // `[ -f env.sh ] && source env.sh`: a missing file the line tests first is not run.
  else if (kind === 'missing' && !guarded) state.issue('dynamic-input', `the script ${file.raw} does not exist yet: what runs is only known when the line runs`, span);
}
