/*!
 * Commands that build another command from input: `xargs CMD` (items from stdin), `parallel CMD
 * ::: items`, `find … -exec CMD {} ;`. When the input is known (`echo / | xargs rm -rf`) it is put
 * in place; otherwise the inner command is marked as receiving unknown arguments.
 */
import { DYN, type Command, type Word } from './model.js';
import type { Walker } from './walker.js';
import { SHELLS } from './shells.js';
import { programName } from './program-name.js';

const XARGS_WITH_ARG = new Set([
  '-I',
  '-n',
  '-L',
  '-P',
  '-s',
  '-d',
  '-E',
  '-a',
  '--max-args',
  '--max-lines',
  '--max-procs',
  '--delimiter',
  '--arg-file',
  '--eof',
  '--max-chars',
  '--process-slot-var',
]);
const MAX_ITEMS = 16;

/** xargs [opts] [CMD [ARGS]]: emits CMD with the stdin items when known. */
export function expandXargs(cmd: Command, walker: Walker, emit: (inner: Command) => Command[]): Command[] {
  walker.state.commands.push(cmd);
  const args = cmd.argv.slice(1);
  let replace: string | null = null;
  let i = 0;
  for (; i < args.length; i++) {
    const v = args[i].value;
    if (v === '--') {
      i++;
      break;
    }
    if (!v.startsWith('-') || v === '-') break;
    if (v === '-I') {
      replace = args[i + 1]?.value ?? '{}';
      i++;
      continue;
    }
    if (v.startsWith('-I')) {
      replace = v.slice(2);
      continue;
    }
    if (v === '-i' || v === '--replace') {
      replace = '{}';
      continue;
    }
    if (v.startsWith('-i')) {
      replace = v.slice(2);
      continue;
    }
    if (v.startsWith('--replace=')) {
      replace = v.slice(10) || '{}';
      continue;
    }
    if (XARGS_WITH_ARG.has(v)) i++;
  }
  const template = args.slice(i);
  if (template.length === 0) return [cmd];
  const items = stdinItems(cmd, replace !== null);
  const sources = cmd.stdin?.kind === 'pipe' ? cmd.stdin.from : undefined;
  for (const argv of fill(template, items, replace, sources)) {
    emit({ ...cmd, argv, program: null, via: [...cmd.via, 'xargs'], origin: 'xargs', extraArgsUnknown: items === null, stdin: null });
  }
  return [cmd];
}

function stdinItems(cmd: Command, byLine: boolean): string[] | null {
  const s = cmd.stdin;
  let text: string | null = null;
  if (s?.kind === 'pipe') text = s.text;
  else if ((s?.kind === 'heredoc' || s?.kind === 'herestring') && !s.dynamic) text = s.text;
  if (text === null) return null;
  const items = (byLine ? text.split('\n') : text.split(/\s+/)).filter((x) => x !== '');
  return items.slice(0, MAX_ITEMS);
}

/** Builds argv lists: the placeholder replaced by each item, or the items appended. */
function fill(template: Word[], items: string[] | null, replace: string | null, sources?: Command[]): Word[][] {
  const at = template[template.length - 1].span;
  if (items === null) {
    // The unknown items are the output of what feeds xargs (`docker ps -q | xargs docker stop`).
    const unknown: Word = { raw: '', value: DYN, dynamic: true, quoted: false, span: at, ...(sources ? { sources } : {}) };
    if (replace && template.some((w) => w.value.includes(replace))) {
      // Items pasted into a shell's code (`xargs -I{} sh -c 'echo {}'`) are code only known when the line runs,
      // whatever produced them; pasted into arguments they are judged by their producer.
      const code = SHELLS.has(programName(template[0].value)) ? template.findIndex((w) => /^-[a-z]*c$/.test(w.value)) + 1 : 0;
      return [
        template.map((w, k) =>
          w.value.includes(replace) ? { ...w, value: w.value.split(replace).join(DYN), dynamic: true, ...(sources && k !== code ? { sources } : {}) } : w,
        ),
      ];
    }
    return [[...template, unknown]];
  }
  if (replace && template.some((w) => w.value.includes(replace))) {
    return items.map((it) => template.map((w) => (w.value.includes(replace) ? { ...w, value: w.value.split(replace).join(it) } : w)));
  }
  const item = (it: string) => ({ raw: it, value: it, dynamic: false, quoted: true, span: at }) as Word;
  const appended = [[...template, ...items.map(item)]];
  // `echo 'rm -rf /' | xargs sh -c`: sh runs the first item only (`rm`), but the line's author meant all of it as the code
  const code = SHELLS.has(programName(template[0].value)) && /^-[a-z]*c$/.test(template[template.length - 1].value);
  if (code && items.length > 1) appended.push([...template, item(items.join(' '))]);
  return appended;
}

const PARALLEL_WITH_ARG = new Set([
  '-j',
  '--jobs',
  '-n',
  '-N',
  '-S',
  '--halt',
  '--delay',
  '--timeout',
  '-d',
  '--colsep',
  '-I',
  '--joblog',
  '--results',
  '--tmpdir',
  '--retries',
  '--sshlogin',
  '-L',
  '--max-lines',
]);

/** What a `parallel` line is made of: its command's words, its jobs' inputs (null: unknown), and whether it only prints them. */
function parallelParts(cmd: Command): { template: string[]; combos: string[][] | null; dry: boolean } {
  const args = cmd.argv.slice(1);
  let i = 0;
  let dry = false;
  for (; i < args.length; i++) {
    const v = args[i].value;
    if (!v.startsWith('-') || v.startsWith(':::')) break;
    if (dryRunOption(v)) dry = true;
    if (PARALLEL_WITH_ARG.has(v)) i++;
  }
  const sep = args.findIndex((w, k) => k >= i && w.value.startsWith(':::'));
  const template = (sep < 0 ? args.slice(i) : args.slice(i, sep)).map((w) => w.value);
  const combos: string[][] | null = sep < 0 ? (stdinItems(cmd, true)?.map((x) => [x]) ?? null) : inputCombos(args.slice(sep));
  return { template, combos, dry };
}

/**
 * GNU parallel's `--dry-run` (also spelt `--dryrun`, and abbreviated as Getopt::Long allows: `--dry`):
 * each job's command line is printed, not run.
 */
function dryRunOption(v: string): boolean {
  return v.length >= 4 && ('--dry-run'.startsWith(v) || '--dryrun'.startsWith(v));
}

/**
 * What `parallel --dry-run CMD ::: items` prints: one command line per job, the code a shell it
 * feeds runs (`parallel --dry-run rm -rf ::: ~ | sh`). Null when it runs its jobs or they are unknown.
 */
export function parallelDryRunOutput(cmd: Command): string | null {
  const { template, combos, dry } = parallelParts(cmd);
  if (!dry || combos === null) return null;
  const jobs = combos.slice(0, MAX_ITEMS).map((combo) => (template.length ? fillTemplate(template, combo) : combo.join(' ')));
  return jobs.map((j) => `${j}\n`).join('');
}

/** parallel [opts] CMD ::: items — GNU parallel runs CMD (joined) through a shell for each item; with --dry-run it only prints them. */
export function expandParallel(cmd: Command, walker: Walker, run: (text: string, label: string) => Command[]): Command[] {
  walker.state.commands.push(cmd);
  const { template, combos, dry } = parallelParts(cmd);
  if (dry) return [cmd];
  // Without a command, each item is a command line (`parallel ::: 'make a' 'make b'`, `cmds.txt | parallel`).
  if (template.length === 0) {
    if (combos === null)
      walker.state.issue('dynamic-command', '`parallel` without a command runs code from its input that is only known when the line runs', cmd.span);
    for (const combo of (combos ?? []).slice(0, MAX_ITEMS)) run(combo.join(' '), 'parallel');
    return [cmd];
  }
  // parallel joins the command's words with spaces for its shell (`sh -c 'a b'` runs `sh -c a b`); the reading
  // where a quoted word stays one word (`sh -c 'git clean -f {}'`) is judged too, as the line's author meant it.
  const asMeant = template.map((t) => (/[\s;|&<>()$`'"\\]/.test(t) ? `'${t.replace(/'/g, `'\\''`)}'` : t));
  const readings = asMeant.join(' ') === template.join(' ') ? [template] : [template, asMeant];
  for (const combo of (combos ?? [['__shellgate_dynamic__']]).slice(0, MAX_ITEMS)) {
    for (const words of readings) run(fillTemplate(words, combo), 'parallel');
  }
  return [cmd];
}

/** GNU parallel's replacement strings: `{}` all of a job's arguments, `{2}` the second source's, `{.}` `{/}` `{//}` `{/.}` their path forms. */
const REPLACEMENT = /\{(\d+)?(\/\/|\/\.|\.|\/)?\}/g;

/** One job's command line: the replacement strings filled in, or the arguments appended when there are none. */
function fillTemplate(template: string[], combo: string[]): string {
  const quote = (x: string) => `'${x.replace(/'/g, `'\\''`)}'`;
  const has = template.some((t) => t.search(REPLACEMENT) >= 0);
  if (!has) return `${template.join(' ')} ${combo.map(quote).join(' ')}`;
  return template
    .map((t) =>
      t.replace(REPLACEMENT, (_m, n: string | undefined, form: string | undefined) => {
        const arg = n ? (combo[Number(n) - 1] ?? '') : combo.join(' ');
        return quote(pathForm(arg, form));
      }),
    )
    .join(' ');
}

/** `{/}` the base name, `{//}` the directory, `{.}` without the extension, `{/.}` both. */
function pathForm(arg: string, form: string | undefined): string {
  const base = arg.slice(arg.lastIndexOf('/') + 1);
  const noExt = (x: string) => (x.lastIndexOf('.') > 0 ? x.slice(0, x.lastIndexOf('.')) : x);
  if (form === '/') return base;
  if (form === '//') return arg.slice(0, Math.max(0, arg.lastIndexOf('/'))) || (arg.startsWith('/') ? '/' : '.');
  if (form === '.') return noExt(arg);
  if (form === '/.') return noExt(base);
  return arg;
}

/** The jobs of `::: a b ::: c d` (every combination, as parallel makes them); null when a source is a file (`::::`). */
function inputCombos(words: Word[]): string[][] | null {
  const sources: string[][] = [];
  for (const w of words) {
    if (w.value.startsWith('::::')) return null;
    if (w.value.startsWith(':::')) sources.push([]);
    else sources[sources.length - 1]?.push(w.dynamic ? '__shellgate_dynamic__' : w.value);
  }
  let combos: string[][] = [[]];
  for (const source of sources.filter((s) => s.length)) {
    combos = combos.flatMap((c) => source.map((x) => [...c, x])).slice(0, MAX_ITEMS);
  }
  return sources.some((s) => s.length) ? combos : [];
}

const EXEC_ACTIONS = new Set(['-exec', '-execdir', '-ok', '-okdir']);

/**
 * The commands that `find … -exec CMD {} ;` runs; `{}` is an unknown path. A `{}` of its own is
 * also a path below one of find's start points, judged as every entry there (`START/*`) when the start
 * lies outside the working directory (`find /var/lib/postgresql -exec truncate -s0 {} +` empties files
 * under /var/lib/postgresql, `find / -exec chown nobody {} +` changes /*).
 */
export function findExecs(cmd: Command): Command[] {
  const out: Command[] = [];
  const args = cmd.argv;
  const below = findStarts(args)
    .filter((s) => !s.dynamic && /^(\/|~|\.\.)/.test(s.value))
    .slice(0, 4)
    .map((s) => `${s.value.replace(/\/+$/, '')}/*`);
  for (let i = 1; i < args.length; i++) {
    if (!EXEC_ACTIONS.has(args[i].value)) continue;
    const argv: Word[] = [];
    let j = i + 1;
    for (; j < args.length && args[j].value !== ';' && args[j].value !== '+'; j++) {
      const w = args[j];
      argv.push(w.value.includes('{}') ? { ...w, value: w.value.split('{}').join(DYN), dynamic: true } : w);
    }
    const via = [...cmd.via, `find ${args[i].value}`];
    if (argv.length) out.push({ ...cmd, argv, program: null, via, origin: 'find-exec', extraArgsUnknown: true, stdin: null });
    const own = args.slice(i + 1, j).map((w) => w.value === '{}');
    if (own.some(Boolean) && !own[0])
      for (const path of below) {
        const each = args.slice(i + 1, j).map((w, k) => (own[k] ? { ...w, value: path, dynamic: false, quoted: true } : w));
        out.push({ ...cmd, argv: each, program: null, via, origin: 'find-exec', extraArgsUnknown: true, stdin: null });
      }
    i = j;
  }
  return out;
}

/** find's start points: the words after its own options (-H, -L, -P, -D X, -O N) up to the expression. */
function findStarts(argv: Word[]): Word[] {
  let i = 1;
  while (i < argv.length && /^-([HLP]+|D|O\d*)$/.test(argv[i].value)) i += argv[i].value === '-D' ? 2 : 1;
  const starts: Word[] = [];
  for (; i < argv.length && !argv[i].value.startsWith('-') && argv[i].value !== '(' && argv[i].value !== '!'; i++) starts.push(argv[i]);
  return starts;
}
