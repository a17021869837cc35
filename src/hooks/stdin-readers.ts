/*!
 * Commands that are left reading the terminal: a shell, interpreter, database client, remote
 * login, editor or pager started with no script or command of its own. Some agents can type into
 * a command that is still running (Codex's `write_stdin` tool, Copilot CLI's shell sessions), and
 * their hooks never see what is typed — `bash` started with a terminal and then sent
 * `rm -rf data\n` deleted the data behind the hook (measured with Codex 0.171). For those agents
 * the hook refuses to start such a reader; the agent runs each command as its own call instead
 * (`bash -c '…'`, `python3 script.py`, `psql -c '…'`), which is judged.
 */
import { parseLine, type Command } from '../parser/index.js';
import { SHELLS } from '../parser/shells.js';
import { dict } from '../util/dict.js';

/** Interpreters and clients: the options that give them code or a command to run (anything else: an operand does). */
const CODE_FLAGS: Record<string, RegExp> = dict({
  python: /^-[a-zA-Z]*[cm]/,
  python2: /^-[a-zA-Z]*[cm]/,
  python3: /^-[a-zA-Z]*[cm]/,
  pypy: /^-[a-zA-Z]*[cm]/,
  pypy3: /^-[a-zA-Z]*[cm]/,
  node: /^(-[ep]|--eval|--print)/,
  nodejs: /^(-[ep]|--eval|--print)/,
  ruby: /^-[a-zA-Z]*e/,
  perl: /^-[a-zA-Z]*[eE]/,
  php: /^-[rf]/,
  lua: /^-e/,
  julia: /^(-e|--eval)/,
  tclsh: /^$/,
  psql: /^(-[cf]|--command|--file)/,
  mysql: /^(-e|--execute)/,
  mariadb: /^(-e|--execute)/,
  mongosh: /^--eval/,
  mongo: /^--eval/,
  'clickhouse-client': /^(-q|--query)/,
  gdb: /^(-batch|--batch|-ex)/,
});

/** Always interactive when started on their own (REPLs, editors and pagers with shell escapes, terminal multiplexers). */
const ALWAYS = new Set([
  'irb',
  'ghci',
  'scala',
  'vi',
  'vim',
  'nvim',
  'view',
  'ex',
  'ed',
  'emacs',
  'nano',
  'screen',
  'tmux',
  'script',
  'expect',
  'lldb',
  'login',
  'su',
  'ftp',
  'sftp',
]);

/** Programs whose second operand is the SQL or command (`sqlite3 db.sqlite 'select 1'`, `redis-cli GET k` is any operand). */
const SQL_OPERAND: Record<string, number> = dict({ sqlite3: 2, 'redis-cli': 1 });

function operands(cmd: Command): string[] {
  return cmd.argv
    .slice(1)
    .map((w) => w.value)
    .filter((v) => !v.startsWith('-'));
}

/** ssh's options that take a value (its operands are the host and the remote command). */
const SSH_WITH_ARG = new Set(['-b', '-c', '-D', '-E', '-e', '-F', '-I', '-i', '-J', '-L', '-l', '-m', '-O', '-o', '-p', '-Q', '-R', '-S', '-W', '-w', '-B']);

function sshOperands(args: string[]): number {
  let n = 0;
  for (let i = 0; i < args.length; i++) {
    if (SSH_WITH_ARG.has(args[i])) i++;
    else if (!args[i].startsWith('-')) n++;
  }
  return n;
}

function reads(cmd: Command): boolean {
  const p = cmd.program;
  if (!p) return false;
  // A reader fed by a heredoc, a file or a known pipe reads that; fed by a program reading the terminal (`cat | bash`) it reads what is typed.
  if (cmd.stdin && !(cmd.stdin.kind === 'pipe' && cmd.stdin.text === null)) return false;
  const args = cmd.argv.slice(1).map((w) => w.value);
  if (args.some((a) => /^(--version|--help|-h|-V|-version|--usage)$/.test(a))) return false;
  if (SHELLS.has(p)) {
    if (args.some((a) => /^-[a-zA-Z]*[si]/.test(a))) return true;
    return !args.some((a) => /^-[a-zA-Z]*c/.test(a)) && operands(cmd).length === 0;
  }
  if (ALWAYS.has(p)) return p === 'su' ? !args.some((a) => a === '-c' || a === '--command') : true;
  if (p === 'sudo') return args.some((a) => /^-[a-zA-Z]*[is]$/.test(a)) && operands(cmd).length === 0;
  if (p === 'ssh') return sshOperands(args) === 1 && !args.some((a) => /^-[a-zA-Z]*N/.test(a));
  if (p in SQL_OPERAND) return operands(cmd).length < SQL_OPERAND[p];
  const code = CODE_FLAGS[p];
  if (!code) return false;
  if (args.some((a) => a === '-i' || a === '--interactive')) return true;
  return (
    !args.some((a) => code.test(a)) &&
    (p === 'psql' || p === 'mysql' || p === 'mariadb' || p === 'mongosh' || p === 'mongo' || p === 'clickhouse-client' || p === 'gdb'
      ? true
      : operands(cmd).length === 0)
  );
}

/** The first command of `line` that would be left reading the terminal, or undefined. */
export function terminalReader(line: string, cwd: string): string | undefined {
  let parsed;
  try {
    parsed = parseLine(line, { cwd });
  } catch {
    return undefined; // the classifier refuses what cannot be parsed
  }
  return parsed.commands.find(reads)?.text;
}
