/*!
 * Shell commands that programs run from their options: `vim -c ':!cmd'`, `gdb -ex 'shell cmd'`,
 * `git rebase --exec cmd`, `tar --checkpoint-action=exec=cmd`, `rsync -e cmd`, `ssh -o
 * ProxyCommand=cmd`, `zip -TT cmd`, and the shell escapes of database shells (`psql -c '\! cmd'`,
 * `mysql -e 'system cmd'`, `sqlite3 db '.shell cmd'`) and `expect -c 'spawn cmd'`. Described once as
 * data: which option carries the text, and how the command is found in it.
 */
import type { Word } from './model.js';

interface OptionCommand {
  programs: string[];
  /** The option whose value holds the text (`-c` takes the next word; `--x=` the rest of the word). */
  options: string[];
  /** A word of the form `+TEXT` (vim) holds the text too. */
  plus?: boolean;
  /** Every positional word may hold the text (sqlite3 takes its commands as arguments). */
  positional?: boolean;
  /** Only with this subcommand (`git rebase`). */
  subcommand?: string;
  /** Only when some argument matches (`entr -s`). */
  whenFlag?: RegExp;
  /** Options whose value is a file name, never an option (`tar -cf '--to-command=x'`). */
  fileValue?: RegExp;
  /** Long options may be abbreviated to a unique prefix, as GNU getopt allows (`--to-com=…`). */
  prefixes?: boolean;
  /** The program reads the same text on stdin (`echo '\\! rm -rf ~' | psql`). */
  stdin?: boolean;
  /** The command reads the program's output (`\\o |sh`): its input is unknown here. */
  piped?: boolean;
  /** Where the command is in the text; group 1. Without it the whole text is the command. */
  find?: RegExp;
}

const TABLE: OptionCommand[] = [
  { programs: ['vim', 'vi', 'nvim', 'view', 'ex', 'gvim', 'vimdiff'], options: ['-c', '--cmd'], plus: true, find: /^:?\s*!(.+)$/s },
  { programs: ['gdb'], options: ['-ex', '--ex', '-eval-command', '--eval-command', '-iex'], find: /^(?:shell\s+|!)(.+)$/s },
  { programs: ['git'], subcommand: 'rebase', options: ['--exec', '-x'] },
  {
    programs: ['tar', 'gtar'],
    options: ['--checkpoint-action', '--info-script', '-F', '--new-volume-script', '--rsh-command', '--rmt-command'],
    find: /^(?:exec=)?(.+)$/s,
    fileValue: /^(-[a-zA-Z]*f|[a-zA-Z]*f|--file|--exclude|-C|--directory|-X|--exclude-from|-T|--files-from)$/,
    prefixes: true,
  },
  // these read the archive's data on stdin: a shell there runs what the archive holds
  {
    programs: ['tar', 'gtar'],
    options: ['--to-command', '--use-compress-program', '-I'],
    find: /^(.+)$/s,
    piped: true,
    fileValue: /^(-[a-zA-Z]*f|[a-zA-Z]*f|--file|--exclude|-C|--directory|-X|--exclude-from|-T|--files-from)$/,
    prefixes: true,
  },
  { programs: ['rsync'], options: ['-e', '--rsh', '--rsync-path'] },
  { programs: ['ssh', 'scp', 'sftp', 'autossh'], options: ['-o'], find: /^(?:ProxyCommand|LocalCommand|KnownHostsCommand|RemoteCommand)\s*[= ]\s*(.+)$/is },
  { programs: ['zip'], options: ['-TT', '--unzip-command'] },
  // the program scp and sftp run instead of ssh
  { programs: ['scp', 'sftp'], options: ['-S'] },
  // psql: `\! cmd`, output piped to a command (`\o |cmd`, `\g |cmd`), `COPY … TO/FROM PROGRAM 'cmd'`
  { programs: ['psql'], options: ['-c', '--command'], stdin: true, find: /(?:^|[\n;])\s*\\!\s*([^\n]+)|\b(?:TO|FROM)\s+PROGRAM\s+'((?:''|[^'])+)'/gi },
  { programs: ['psql'], options: ['-c', '--command'], stdin: true, piped: true, find: /\\[og]\s*\|\s*([^\n\\]+)/g },
  { programs: ['mysql', 'mariadb'], options: ['-e', '--execute'], stdin: true, find: /(?:^|[\n;])\s*(?:system|\\!)\s+([^;\n]+)/gi },
  { programs: ['sqlite3'], options: ['-cmd'], positional: true, stdin: true, find: /(?:^|\n)\s*\.(?:shell|system)\s+([^\n]+)/g },
  { programs: ['expect'], options: ['-c'], find: /(?:^|[\n;{])\s*(?:spawn|exec)\s+(?:-\w+\s+)*([^;\n}]+)/ },
  { programs: ['less', 'more'], options: [], plus: true, find: /^!(.+)$/s },
  // benchmark and watch tools run their arguments as shell command lines
  { programs: ['hyperfine'], options: ['--prepare', '-p', '--setup', '-s', '--cleanup', '-c', '--conclude'], positional: true },
  { programs: ['entr'], options: [], positional: true, whenFlag: /^-[a-z]*s[a-z]*$/ },
  { programs: ['nix-shell'], options: ['--run', '--command'] },
  // tmux hooks run tmux commands; `run-shell` runs a shell command
  { programs: ['tmux'], subcommand: 'set-hook', options: [], positional: true, find: /run-shell\s+(?:-b\s+)?(?:"((?:\\.|[^"])+)"|'([^']+)'|(\S+))/ },
  // shell escapes of text processors read from stdin or given inline
  { programs: ['m4'], options: [], stdin: true, find: /\be?syscmd\(([^)]*)\)/g },
  { programs: ['ed', 'ex'], options: [], stdin: true, find: /^!(.+)$/gm },
  { programs: ['dc'], options: ['-e', '--expression'], stdin: true, find: /!([^\n]+)/g },
  { programs: ['groff', 'troff', 'nroff'], options: [], stdin: true, whenFlag: /^-[a-zA-Z]*U/, find: /^\.(?:sy|pso)\s+(.+)$/gm },
  { programs: ['tclsh', 'wish', 'expect'], options: [], stdin: true, find: /(?:^|[\n;[])\s*exec\s+(?:-\w+\s+)*([^\n;\]]+)/g },
  { programs: ['go'], options: ['-exec', '-toolexec'] },
  // remote shells of cloud CLIs
  { programs: ['gcloud'], subcommand: 'ssh', options: ['--command'] },
  { programs: ['fly', 'flyctl'], subcommand: 'ssh', options: ['-C', '--command'] },
  { programs: ['az'], subcommand: 'run-command', options: ['--scripts'] },
  { programs: ['aws'], subcommand: 'execute-command', options: ['--command'] },
  // dev-server runners: the command run on each restart, and each command run side by side
  { programs: ['nodemon'], options: ['--exec', '-x'] },
  { programs: ['concurrently'], options: [], positional: true },
  { programs: ['aws'], subcommand: 'send-command', options: ['--parameters'], find: /commands=\[?\s*"?((?:\\.|[^"\]])+)/ },
];

const BY_PROGRAM = new Map<string, OptionCommand[]>();
for (const e of TABLE) for (const p of e.programs) BY_PROGRAM.set(p, [...(BY_PROGRAM.get(p) ?? []), e]);

/** The command strings a program will run from its options, with the word each came from. */
export interface OptionCommandText {
  text: string;
  word: Word;
  /** The command reads the program's output on stdin. */
  piped?: boolean;
}

export function optionCommands(program: string, args: Word[]): OptionCommandText[] {
  const entries = BY_PROGRAM.get(program);
  if (!entries) return [];
  const out: OptionCommandText[] = [];
  for (const e of entries) {
    if (e.subcommand && !args.some((w) => w.value === e.subcommand)) continue;
    if (e.whenFlag && !args.some((w) => e.whenFlag!.test(w.value))) continue;
    for (let i = 0; i < args.length; i++) {
      const w = args[i];
      // After `--` the words are operands (file names) only.
      if (w.value === '--' && !e.positional) break;
      if (takesFileValue(e, w.value, i)) {
        i++;
        continue;
      }
      // A dynamic word is no option name; as an option's value or a positional command it is still
      // extracted, and the caller reports code it cannot know.
      if (w.dynamic && !w.value.startsWith('-') && !e.positional) continue;
      let text: string | null = null;
      const eq = w.value.indexOf('=');
      const name = e.prefixes ? fullName(e.options, eq > 0 ? w.value.slice(0, eq) : w.value) : eq > 0 ? w.value.slice(0, eq) : w.value;
      if (eq < 0 && e.options.includes(name) && args[i + 1]) text = args[++i].value;
      else if (eq > 0 && e.options.includes(name)) text = w.value.slice(eq + 1);
      else if (/^-[A-Za-z][^=]/.test(w.value) && e.options.includes(w.value.slice(0, 2)) && !e.options.includes(w.value)) text = w.value.slice(2);
      else if (e.plus && w.value.startsWith('+')) text = w.value.slice(1);
      else if (e.positional && !w.value.startsWith('-')) text = w.value;
      if (text === null) continue;
      for (const found of commandsIn(e, text)) out.push({ text: found, word: args[i], ...(e.piped ? { piped: true } : {}) });
    }
  }
  if (program === 'tar' || program === 'gtar') out.push(...tarBundles(args));
  return out.slice(0, 16);
}

/** The known option a GNU-style abbreviation stands for (`--to-com` → `--to-command`). */
function fullName(options: string[], name: string): string {
  if (!name.startsWith('--') || name.length < 6 || options.includes(name)) return name;
  const hits = options.filter((o) => o.startsWith(name));
  return hits.length === 1 ? hits[0] : name;
}

/** tar's short options that take a value; I (compress program) and F (volume script) are commands. */
const TAR_VALUE_LETTERS = new Set(['f', 'C', 'T', 'X', 'b', 'I', 'F', 'H', 'K', 'L', 'N', 'V', 'g']);

/**
 * Commands in tar's bundled letters: old style `tar cIf 'cmd' out.tar` (values follow in the
 * letters' order) and `-cI'cmd'` (a value letter takes the rest of its bundle, else the next word).
 */
function tarBundles(args: Word[]): { text: string; word: Word }[] {
  const out: { text: string; word: Word }[] = [];
  const first = args[0];
  if (first && !first.dynamic && /^[A-Za-z]{2,}$/.test(first.value)) {
    let next = 1;
    for (const ch of first.value) {
      if (!TAR_VALUE_LETTERS.has(ch)) continue;
      const w = args[next++];
      if (w && (ch === 'I' || ch === 'F')) out.push({ text: w.value, word: w });
    }
  }
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (v === '--') break;
    if (args[i].dynamic || !/^-[A-Za-z]{2,}/.test(v)) continue;
    for (let k = 1; k < v.length; k++) {
      if (!TAR_VALUE_LETTERS.has(v[k])) continue;
      const rest = v.slice(k + 1);
      const w = rest ? { ...args[i], value: rest } : args[i + 1];
      if (w && (v[k] === 'I' || v[k] === 'F') && k > 1) out.push({ text: w.value, word: w });
      break;
    }
  }
  return out;
}

/** `-cf NAME`, `--file NAME`, and tar's old style `cf NAME` as its first word: NAME is a file, not an option. */
function takesFileValue(e: OptionCommand, v: string, at: number): boolean {
  if (!e.fileValue?.test(v)) return false;
  return v.startsWith('-') || at === 0;
}

/** The commands a text holds for an entry: every match of its pattern (the first group that matched), or the whole text. */
function commandsIn(e: OptionCommand, text: string): string[] {
  if (!e.find) return text.trim() ? [text.trim()] : [];
  const re = e.find.global ? e.find : new RegExp(e.find.source, e.find.flags + 'g');
  const out: string[] = [];
  for (const m of text.matchAll(re)) {
    const found = m
      .slice(1)
      .find((g) => g !== undefined)
      ?.trim();
    if (found) out.push(found.replace(/''/g, "'"));
    if (out.length >= 8) break;
  }
  return out;
}

/** Commands in what a database shell reads on stdin (its shell escapes), for the programs that have them. */
export function stdinCommands(program: string, text: string): { text: string; piped?: boolean }[] {
  const out: { text: string; piped?: boolean }[] = [];
  for (const e of BY_PROGRAM.get(program) ?? []) if (e.stdin) for (const t of commandsIn(e, text)) out.push({ text: t, ...(e.piped ? { piped: true } : {}) });
  return out;
}
