/*!
 * A shell that reads its script from somewhere the judge cannot read it now: a FIFO (whatever is
 * written into it later runs), a file that does not exist yet (made by a background job, another
 * call, a race), or a file the line writes with content only known when it runs (`cat "$X" > s.sh;
 * bash s.sh`). Each is an issue (`dynamic-input`): confirm, never allow.
 */
import type { Span } from '../core/verdict.js';
import type { Word } from './model.js';
import type { LineState } from './line-state.js';
import type { Command } from './model.js';
import { fileText, type WrittenFile } from './written-files.js';
import { staticOutput } from './static-output.js';

/** Programs that only pass data along: what they print is the data they were given. */
const DATA = new Set([
  'echo',
  'printf',
  'cat',
  'head',
  'tail',
  'tr',
  'rev',
  'sed',
  'awk',
  'gawk',
  'jq',
  'yq',
  'envsubst',
  'tee',
  'cut',
  'sort',
  'uniq',
  'grep',
  'xxd',
]);

/**
 * Code that is data only known at run time (`. <(printf '%s' "$CMD")`, `bash -c "$(cat later.sh)"` of a
 * file not there): every source passes data along and its output is unknown here.
 */
export function unknownData(cmds: readonly Command[], state: LineState): boolean {
  return (
    cmds.length > 0 &&
    cmds.every(
      (c) =>
        c.program !== null &&
        DATA.has(c.program) &&
        staticOutput(
          c,
          (w) => fileText(w, state),
          (n) => state.lookup(n),
        ) === null,
    )
  );
}

/** Commands that read a FIFO (`cat fifo`, `tail -f fifo`): their output is whatever another process writes. */
export function readsFifo(cmds: readonly { argv: Word[] }[], state: LineState, absolute: (p: string) => string): boolean {
  return cmds.some((c) =>
    c.argv
      .slice(1)
      .some(
        (w) => !w.dynamic && !w.value.startsWith('-') && (state.written.get(absolute(w.value))?.fifo || state.ctx.fileKind?.(absolute(w.value)) === 'fifo'),
      ),
  );
}

/** Raises an issue when the script `file` cannot be seen; `written` is what the line wrote there, if anything. */
export function unseenScript(
  file: Word,
  written: WrittenFile | undefined,
  state: LineState,
  span: Span,
  absolute: string,
  source: string,
  sourced = false,
): void {
  // `source ~/.bashrc` of a file that is not there reads nothing; one in temp space may be written by someone else first.
  const guarded = testedFirst(source, file.raw) || (sourced && !TEMP_SPACE.test(file.value));
  // `bash /dev/fd/3`, `. /proc/self/fd/4`: a descriptor the line opened on something only known when it runs.
  if (/^\/dev\/fd\/([3-9]|\d\d+)$|^\/proc\/self\/fd\//.test(file.value)) {
    state.issue('dynamic-input', `the script ${file.raw} is an open file descriptor: what runs is only known when the line runs`, span);
    return;
  }
  if (written) {
    if (written.text === null && written.from.length === 0)
      state.issue('dynamic-input', `the script ${file.raw} is written by the line with content only known when it runs`, span);
    if (written.fifo) state.issue('dynamic-input', `the script ${file.raw} is a FIFO the line makes: whatever is written into it runs`, span);
    return;
  }
  const kind = state.ctx.fileKind?.(absolute);
  if (kind === 'fifo' || kind === 'device')
    state.issue('dynamic-input', `the script ${file.raw} is a ${kind === 'fifo' ? 'FIFO' : 'device'}: what runs is written into it later`, span);
  // `[ -f env.sh ] && source env.sh`: a missing file the line tests first is not run.
  else if (kind === 'missing' && !guarded)
    state.issue('dynamic-input', `the script ${file.raw} does not exist yet: what runs is only known when the line runs`, span);
}

/** Script text (a heredoc, a here-string) with a command only known at run time: `$CMD`, an unknown value, at a command's place. */
export function unknownCommandIn(text: string): boolean {
  return /(^|[\n;&|(`{]|\bthen|\bdo|\belse)\s*(\u{FFFC}|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?(\s|;|$))/mu.test(text);
}

/** `[ -f x.sh ] && . x.sh`, `test -r x && source x`: the line checks the file before it reads it. */
function testedFirst(source: string, raw: string): boolean {
  return source.includes(raw) && new RegExp(`-[efrs]\\s+["']?${raw.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).test(source);
}

/** `read l < cmds; $l`: a command name that is a variable the line read from input it cannot see. */
export function fromInput(name: Word, state: LineState): boolean {
  const v = /^"?\$\{?([A-Za-z_][A-Za-z0-9_]*)(\[[^\]]*\])?\}?"?$/.exec(name.raw)?.[1];
  return !!v && !!state.fromInput?.has(v) && state.vars.has(v) && state.vars.get(v) === undefined;
}

const TEMP_SPACE = /^(\/private)?\/(var\/)?tmp\/|^\/dev\/shm\//;

/** `python3 /tmp/x.py`, `node fifo.js`: an interpreter's script that is a FIFO, or not in temp space yet. */
export function interpreterScript(cmd: Command, state: LineState): void {
  const args = cmd.argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const v = args[i]!.value;
    if (/^-(c|e|m|p|E|r|-eval|-print)$/.test(v) || /^-[a-zA-Z]*[ce]$/.test(v)) return;
    if (v.startsWith('-')) {
      if (/^-(W|X|I|r|-require|-import|-loader)$/.test(v)) i++;
      continue;
    }
    if (args[i]!.dynamic || !/\.(py|js|mjs|cjs|ts|rb|pl|php|lua|sh)$/.test(v)) return;
    const abs = v.startsWith('/') ? v : `${state.cwd ?? state.ctx.cwd ?? '.'}/${v}`;
    if (state.written.has(abs)) return;
    const kind = state.ctx.fileKind?.(abs);
    // A missing script in temp space may be written there by someone else first; a project's `node script.js` that is not there just fails.
    if (kind === 'fifo' || (kind === 'missing' && TEMP_SPACE.test(v) && !testedFirst(cmd.text, args[i]!.raw)))
      state.issue(
        'dynamic-input',
        `\`${cmd.program}\` runs ${args[i]!.raw}, which ${kind === 'fifo' ? 'is a FIFO' : 'does not exist yet'}: what runs is only known when the line runs`,
        cmd.span,
      );
    return;
  }
}
