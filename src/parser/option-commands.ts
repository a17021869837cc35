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
  /** Where the command is in the text; group 1. Without it the whole text is the command. */
  find?: RegExp;
}

const TABLE: OptionCommand[] = [
  { programs: ['vim', 'vi', 'nvim', 'view', 'ex', 'gvim', 'vimdiff'], options: ['-c', '--cmd'], plus: true, find: /^:?\s*!(.+)$/s },
  { programs: ['gdb'], options: ['-ex', '--ex', '-eval-command', '--eval-command', '-iex'], find: /^(?:shell\s+|!)(.+)$/s },
  { programs: ['git'], subcommand: 'rebase', options: ['--exec', '-x'] },
  { programs: ['tar', 'gtar'], options: ['--checkpoint-action', '--to-command', '--use-compress-program', '-I', '--info-script', '-F', '--new-volume-script'], find: /^(?:exec=)?(.+)$/s },
  { programs: ['rsync'], options: ['-e', '--rsh', '--rsync-path'] },
  { programs: ['ssh', 'scp', 'sftp', 'autossh'], options: ['-o'], find: /^(?:ProxyCommand|LocalCommand|KnownHostsCommand|RemoteCommand)\s*[= ]\s*(.+)$/is },
  { programs: ['zip'], options: ['-TT', '--unzip-command'] },
  { programs: ['psql'], options: ['-c', '--command'], find: /(?:^|[\n;])\s*\\!\s*([^\n]+)/ },
  { programs: ['mysql', 'mariadb'], options: ['-e', '--execute'], find: /(?:^|[\n;])\s*(?:system|\\!)\s+([^;\n]+)/i },
  { programs: ['sqlite3'], options: ['-cmd'], positional: true, find: /(?:^|\n)\s*\.(?:shell|system)\s+([^\n]+)/ },
  { programs: ['expect'], options: ['-c'], find: /(?:^|[\n;{])\s*(?:spawn|exec)\s+(?:-\w+\s+)*([^;\n}]+)/ },
  { programs: ['less', 'more'], options: [], plus: true, find: /^!(.+)$/s },
];

const BY_PROGRAM = new Map<string, OptionCommand[]>();
for (const e of TABLE) for (const p of e.programs) BY_PROGRAM.set(p, [...(BY_PROGRAM.get(p) ?? []), e]);

/** The command strings a program will run from its options, with the word each came from. */
export function optionCommands(program: string, args: Word[]): { text: string; word: Word }[] {
  const entries = BY_PROGRAM.get(program);
  if (!entries) return [];
  const out: { text: string; word: Word }[] = [];
  for (const e of entries) {
    if (e.subcommand && !args.some((w) => w.value === e.subcommand)) continue;
    for (let i = 0; i < args.length; i++) {
      const w = args[i];
      if (w.dynamic) continue;
      let text: string | null = null;
      const eq = w.value.indexOf('=');
      if (e.options.includes(w.value) && args[i + 1]) text = args[++i].value;
      else if (eq > 0 && e.options.includes(w.value.slice(0, eq))) text = w.value.slice(eq + 1);
      else if (e.options.includes('-o') && /^-o\w/.test(w.value)) text = w.value.slice(2);
      else if (e.plus && w.value.startsWith('+')) text = w.value.slice(1);
      else if (e.positional && !w.value.startsWith('-')) text = w.value;
      if (text === null) continue;
      const m = e.find ? e.find.exec(text) : [text, text];
      if (m?.[1]?.trim()) out.push({ text: m[1].trim(), word: args[i] });
    }
  }
  return out.slice(0, 16);
}
