/*!
 * Words run as a shell command line (`eval`, `ssh host CMD`, `sh -c STR`, `watch …`): joined with
 * spaces and parsed like a line of their own. Code only known when the line runs is an issue; a
 * quoted word the shell would split again is also judged as the one word its author meant.
 */
import { DYN, type Command, type Origin, type StdinSource, type Word } from './model.js';
import type { Walker } from './walker.js';
import { parseNested, wordMapper } from './nested.js';
import { unknownData } from './unseen-scripts.js';

/** Parses words as a shell command string (joined with spaces, as eval/ssh/watch do). */
export function runString(cmd: Command, walker: Walker, words: Word[], origin: Origin, label: string, stdin: StdinSource | null = null): Command[] {
  walker.state.commands.push(cmd);
  if (words.length === 0) return [cmd];
  // Code from a variable is unknown; code from a command substitution is judged by its source.
  if (words.some((w) => w.dynamic && (!w.sources?.length || unknownData(w.sources, walker.state)))) {
    walker.state.issue('dynamic-command', `\`${label}\` runs code that is only known when the line runs`, spanOf(words));
  }
  const plain = (w: Word) => w.value.split(DYN).join('__shellgate_dynamic__');
  const text = words.map(plain).join(' ');
  const mapper = words.length === 1 ? wordMapper(words[0]) : () => spanOf(words);
  parseNested(walker, text, mapper, origin, label, cmd.remote, stdin);
  // `ssh host bash -c 'rm -rf /'`: the words are joined and split again (bash runs `rm` alone), but the line's
  // author meant each quoted word as one: that reading is judged too
  if (words.length > 1 && words.some((w) => w.quoted && /\s/.test(w.value))) {
    const meant = words.map((w) => (w.quoted && /\s/.test(w.value) ? `'${plain(w).replace(/'/g, `'\\''`)}'` : plain(w))).join(' ');
    parseNested(walker, meant, mapper, origin, label, cmd.remote, stdin);
  }
  return [cmd];
}

/** Runs `f` with `$0`, `$1`… set as `sh -c STR ARG0 ARG1…` sets them for STR. */
export function withPositional<T>(state: Walker['state'], args: Word[], f: () => T): T {
  const saved = [state.positional, state.arg0] as const;
  if (args.length) {
    state.arg0 = args[0]!.dynamic ? undefined : args[0]!.value;
    const rest = args.slice(1);
    state.positional = rest.some((w) => w.dynamic) ? undefined : rest.map((w) => w.value);
  }
  try {
    return f();
  } finally {
    [state.positional, state.arg0] = saved;
  }
}

export function spanOf(words: Word[]): [number, number] {
  return [Math.min(...words.map((w) => w.span[0])), Math.max(...words.map((w) => w.span[1]))];
}
