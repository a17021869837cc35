/*!
 * A call of a function the line defined (`f() { rm -rf "$1"; }; f ~`): its body is judged as a
 * nested line, with the call's arguments as `$1`, `$2`, `$@` … (unknown when any argument is), and
 * its stdin as the body's. `$0` stays the shell's.
 */
import type { Command, StdinSource } from './model.js';
import type { Walker } from './walker.js';
import { parseNested } from './nested.js';

/** Judges `body`, the function `name`'s, as run by `cmd`. */
export function callFunction(walker: Walker, cmd: Command, name: string, body: string, stdin: StdinSource | null = null): Command[] {
  const state = walker.state;
  walker.state.commands.push(cmd);
  const saved = state.positional;
  const args = cmd.argv.slice(1);
  state.positional = args.some((w) => w.dynamic) ? undefined : args.map((w) => w.value);
  try {
    parseNested(walker, body, () => cmd.span, 'function', `function ${name}`, undefined, stdin);
  } finally {
    state.positional = saved;
  }
  return [cmd];
}
