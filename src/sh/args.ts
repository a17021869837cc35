/*!
 * Reads a bash command line the way bash does, only far enough to know *what would run*: the
 * `-c` command string, a script file, or commands on stdin (or an interactive session). The
 * arguments themselves are never rewritten: shellgate-sh passes them to bash unchanged.
 * Reference: bash(1) INVOCATION and OPTIONS (bash 5.2).
 */

/** Where the commands come from (`stdin` on a terminal means an interactive session). */
export type ShMode = 'command' | 'script' | 'stdin' | 'info';

/** What a bash command line asks for. */
export interface ShInvocation {
  mode: ShMode;
  /** `-c`: the command string (undefined when `-c` has no operand: bash reports the error). */
  command?: string;
  /** Script mode: the file operand as given. */
  script?: string;
  /** `-i` was given. */
  interactive: boolean;
  /** `-l` / `--login` was given. */
  login: boolean;
  /** `--rcfile FILE` / `--init-file FILE` (read by interactive shells). */
  rcfile?: string;
}

/** Long options that take the next argument as their value. */
const LONG_WITH_VALUE = new Set(['--rcfile', '--init-file']);
/** Long options that make bash print something and exit without running commands. */
const LONG_INFO = new Set(['--help', '--version', '--dump-strings', '--dump-po-strings']);
/** Short options that take the next argument as their value (`-o pipefail`, `-O extglob`). */
const SHORT_WITH_VALUE = new Set(['o', 'O']);

/** Parses bash's arguments (without argv[0]). Never throws: odd input is left for bash to reject. */
export function parseShArgs(argv: string[]): ShInvocation {
  const inv: ShInvocation = { mode: 'stdin', interactive: false, login: false };
  let i = 0;
  let cFlag = false;
  let sFlag = false;
  let info = false;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--' || a === '-') {
      i++;
      break;
    }
    if (a.startsWith('--')) {
      if (LONG_WITH_VALUE.has(a)) inv.rcfile = argv[++i];
      else if (a === '--login') inv.login = true;
      else if (LONG_INFO.has(a)) info = true;
      continue;
    }
    if ((a.startsWith('-') || a.startsWith('+')) && a.length > 1) {
      const minus = a[0] === '-';
      for (const ch of a.slice(1)) {
        if (SHORT_WITH_VALUE.has(ch)) i++;
        else if (minus && ch === 'c') cFlag = true;
        else if (minus && ch === 's') sFlag = true;
        else if (minus && ch === 'i') inv.interactive = true;
        else if (minus && ch === 'l') inv.login = true;
      }
      continue;
    }
    break; // first operand
  }
  const operands = argv.slice(i);
  if (cFlag) {
    inv.mode = 'command';
    inv.command = operands[0];
  } else if (info) {
    inv.mode = 'info';
  } else if (!sFlag && operands.length > 0) {
    inv.mode = 'script';
    inv.script = operands[0];
  }
  return inv;
}
