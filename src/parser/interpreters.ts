/*!
 * Code given to interpreters inline (`python -c`, `node -e`, `perl -e`, `ruby -e`, `php -r`, or
 * a heredoc/here-string/pipe on stdin), and the shell command strings that code passes to
 * `os.system`, `subprocess`, `child_process.execSync`, `system`, backticks …
 */
import type { Command } from './model.js';
import { dict } from '../util/dict.js';
import { staticOutput } from './static-output.js';

const CODE_FLAGS: Record<string, string[]> = dict({
  python: ['-c'],
  python3: ['-c'],
  python2: ['-c'],
  pypy: ['-c'],
  pypy3: ['-c'],
  node: ['-e', '--eval', '-p', '--print'],
  nodejs: ['-e', '--eval', '-p', '--print'],
  bun: ['-e', '--eval'],
  zx: ['-e', '--eval'],
  deno: ['eval'],
  perl: ['-e', '-E'],
  ruby: ['-e'],
  php: ['-r'],
  Rscript: ['-e'],
  lua: ['-e'],
  osascript: ['-e'],
  pwsh: ['-c', '-Command'],
  powershell: ['-c', '-Command'],
  tclsh: [],
  julia: ['-e'],
  groovy: ['-e'],
  // Ruby run inside a Rails app: `rails runner 'User.delete_all'`, `gitlab-rails runner …`.
  rails: ['runner', 'r'],
  'gitlab-rails': ['runner'],
});

/** Options that take a value before the code (`osascript -l JavaScript -e …`). */
const OPTION_VALUES: Record<string, string[]> = dict({
  osascript: ['-l', '-s'],
  perl: ['-I', '-M', '-m'],
  ruby: ['-I', '-r'],
  node: ['-r', '--require', '--import'],
  php: ['-d', '-c'],
});

export function isInterpreter(program: string | null): boolean {
  if (program === null) return false;
  // Asked for every command by the walker, the analyzers and the environment detector: remembered per name.
  let yes = interpreters.get(program);
  if (yes === undefined) {
    yes = program in CODE_FLAGS || /^python3\.\d+$/.test(program);
    if (interpreters.size < 4096) interpreters.set(program, yes);
  }
  return yes;
}

const interpreters = new Map<string, boolean>();

/** The inline code an interpreter runs, when it is given on the command line or stdin. */
export function interpreterCode(cmd: Command): string[] {
  const flags = CODE_FLAGS[cmd.program ?? ''] ?? (isInterpreter(cmd.program) ? ['-c'] : []);
  const out: string[] = [];
  const args = cmd.argv.slice(1);
  let positional = false;
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (flags.includes(v) && args[i + 1]) {
      out.push(args[i + 1].value);
      i++;
      continue;
    }
    if (OPTION_VALUES[cmd.program ?? '']?.includes(v)) {
      i++;
      continue;
    }
    const attached = flags.find((f) => f.length === 2 && v.startsWith(f) && v.length > 2 && f !== '-p');
    if (attached) {
      out.push(v.slice(2));
      continue;
    }
    // perl/ruby bundles ending in the code flag: `perl -pe CODE`, `perl -lne CODE`, `ruby -ne CODE`.
    if (/^(perl|ruby)$/.test(cmd.program ?? '') && /^-[a-zA-Z]+[eE]$/.test(v) && args[i + 1]) {
      out.push(args[i + 1].value);
      i++;
      continue;
    }
    // `python3 /dev/stdin <<< …`, `perl /dev/fd/0`: the script is what the interpreter reads on stdin
    if (/^\/(?:dev\/stdin|dev\/fd\/0|proc\/self\/fd\/0)$/.test(v)) break;
    if (!v.startsWith('-')) {
      positional = true;
      // `python3 <(echo 'import os; …')`: the script is a process substitution's output, known here.
      const fed = args[i].dynamic && args[i].sources?.length === 1 ? staticOutput(args[i].sources![0]!) : null;
      if (fed) out.push(fed);
      break;
    }
  }
  const s = cmd.stdin;
  if (!positional && out.length === 0 && s) {
    if ((s.kind === 'heredoc' || s.kind === 'herestring') && !s.dynamic) out.push(s.text);
    else if (s.kind === 'pipe' && s.text) out.push(s.text);
  }
  return out;
}

/** A call that runs a command, then its string argument or its list of string arguments (`system "rm", "-rf", "/"`, `run(["git", "reset"])`). */
const EXEC_CALL =
  /(?<![/>]\.?)(?:os\.system|os\.popen|os\.exec\w*|subprocess\.(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput)|execSync|execFileSync|execFile|spawnSync|spawn|exec|system|popen|shell_exec|passthru|proc_open|Open3\.\w+|IO\.popen)(?:\s*\(\s*|\s+)(?:\[\s*)?((?:(?:'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|`(?:\\.|[^`\\])*`)\s*,\s*\[?\s*)*(?:'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|`(?:\\.|[^`\\])*`))/g;
const QUOTED = /'((?:\\.|[^'\\])*)'|"((?:\\.|[^"\\])*)"|`((?:\\.|[^`\\])*)`/g;

/** The command line a call's arguments make: one string as it is, a list joined as words. */
function callCommand(args: string): string {
  const parts = [...args.matchAll(QUOTED)].map((q) => (q[1] ?? q[2] ?? q[3]).replace(/\\(['"`\\])/g, '$1'));
  if (parts.length === 1) return parts[0];
  return parts.map((p) => (/^[\w@%+=:,./-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`)).join(' ');
}
const BACKTICKS = /(?:^|[^\\])`([^`]+)`|%x\{([^}]+)\}|%x\(([^)]+)\)|\bqx\s*(?:\{([^}]*)\}|\(([^)]*)\)|\[([^\]]*)\]|<([^>]*)>|([!/|#])((?:(?!\8).)*)\8)/g;
/** AppleScript's `do shell script "…"`, and JXA's `$.system("…")`. */
const APPLESCRIPT = /do\s+shell\s+script\s+"((?:\\.|[^"\\])*)"|\$\.system\s*\(\s*(['"])((?:\\.|(?!\2).)*)\2/g;
/** Groovy's `"cmd".execute()` and `['rm', '-rf', x].execute()`. */
const GROOVY_EXECUTE = /(?:(['"])((?:\\.|(?!\1).)*)\1|\[([^\]]*)\])\s*\.execute\s*\(/g;
const TEMPLATE_SHELL = /(?:^|[^\w$])\$(?:\.sync|\(\{[^)]*\}\))?`([^`]{1,2000})`/g;
/** `from os import system as run`, `import subprocess as sp`, `const { execSync: run } = require('child_process')`: the names the code calls them by. */
const ALIASES =
  /from\s+(?:os|subprocess|commands)\s+import\s+((?:\w+\s+as\s+\w+\s*,?\s*)+)|\{([^}]*)\}\s*=\s*require\(\s*['"](?:node:)?child_process['"]\s*\)/g;

/**
 * Arguments after the literal ones that are not literals (`system "rm", "-rf", $ENV{HOME}`,
 * `spawn('rm', ['-rf', dir])`): one word known only at run time. Keyword options (`check=True`,
 * `{ stdio: … }`) and the end of a list are no arguments.
 */
function unseenArgs(rest: string): string {
  return /^\s*[,+.]\s*(?!\w+\s*=[^=]|\w+:\s|\{|\])\S/.test(rest) ? ' "$SHELLGATE_UNSEEN_ARG"' : '';
}

/** Shell command strings passed to the shell by inline code. */
export function shellStringsInCode(code: string, program: string | null): string[] {
  const out: string[] = [];
  for (const m of code.matchAll(EXEC_CALL)) out.push(callCommand(m[1]) + unseenArgs(code.slice(m.index + m[0].length)));
  if (program && /^(ruby|perl|php)$/.test(program)) {
    for (const m of code.matchAll(BACKTICKS)) out.push(m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? m[6] ?? m[7] ?? m[9]);
  }
  // tagged-template shells (Bun's `$\`…\``, zx's and execa's `$\`…\``): the template is a command line
  if (program && /^(node|nodejs|bun|deno|zx|tsx|ts-node)$/.test(program))
    for (const m of code.matchAll(TEMPLATE_SHELL)) out.push(m[1]!.replace(/\$\{[^}]*\}/g, '"$SHELLGATE_UNSEEN_ARG"'));
  if (program === 'osascript') for (const m of code.matchAll(APPLESCRIPT)) out.push((m[1] ?? m[3]).replace(/\\(["\\])/g, '$1'));
  if (program === 'groovy') for (const m of code.matchAll(GROOVY_EXECUTE)) out.push(m[2] ?? callCommand(m[3]!));
  // Julia's command literals run only through run()/read()/success(), but a backtick in Julia is nothing else
  if (program === 'julia') for (const m of code.matchAll(/`([^`]+)`/g)) out.push(m[1]!);
  for (const name of aliasedNames(code)) {
    const call = new RegExp(
      `\\b${name}\\s*\\(\\s*\\[?\\s*((?:(?:'(?:\\\\.|[^'\\\\])*'|"(?:\\\\.|[^"\\\\])*")\\s*,\\s*)*(?:'(?:\\\\.|[^'\\\\])*'|"(?:\\\\.|[^"\\\\])*"))`,
      'g',
    );
    for (const m of code.matchAll(call)) out.push(callCommand(m[1]));
  }
  return out.filter((s) => s && s.length < 4096).slice(0, 16);
}

/** Names the code gives to the calls that run commands (`run` in `from os import system as run`). */
function aliasedNames(code: string): string[] {
  const names: string[] = [];
  for (const m of code.matchAll(ALIASES)) {
    const list = m[1] ?? m[2] ?? '';
    for (const part of list.matchAll(/(\w+)\s*(?:as|:)\s*(\w+)/g))
      if (/^(system|popen|run|call|check_call|check_output|Popen|getoutput|exec\w*|spawn\w*)$/.test(part[1])) names.push(part[2]);
  }
  return names.slice(0, 8);
}
