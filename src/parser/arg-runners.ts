/*!
 * Commands that build another command from input: `xargs CMD` (items from stdin), `parallel CMD
 * ::: items`, `find … -exec CMD {} ;`. When the input is known (`echo / | xargs rm -rf`) it is put
 * in place; otherwise the inner command is marked as receiving unknown arguments.
 */
import { DYN, type Command, type Word } from './model.js';
import type { Walker } from './walker.js';
import { SHELLS, programName } from './wrappers.js';

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
  return [[...template, ...items.map((it) => ({ raw: it, value: it, dynamic: false, quoted: true, span: at }) as Word)]];
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

/** parallel [opts] CMD ::: items — GNU parallel runs CMD (joined) through a shell for each item. */
export function expandParallel(cmd: Command, walker: Walker, run: (text: string, label: string) => Command[]): Command[] {
  walker.state.commands.push(cmd);
  const args = cmd.argv.slice(1);
  let i = 0;
  for (; i < args.length; i++) {
    const v = args[i].value;
    if (!v.startsWith('-') || v.startsWith(':::')) break;
    if (PARALLEL_WITH_ARG.has(v)) i++;
  }
  const sep = args.findIndex((w, k) => k >= i && w.value.startsWith(':::'));
  const template = (sep < 0 ? args.slice(i) : args.slice(i, sep)).map((w) => w.value);
  let items: string[] | null =
    sep < 0
      ? stdinItems(cmd, true)
      : args
          .slice(sep + 1)
          .filter((w) => !w.value.startsWith(':::'))
          .map((w) => w.value);
  // Without a command, each item is a command line (`parallel ::: 'make a' 'make b'`, `cmds.txt | parallel`).
  if (template.length === 0) {
    if (items === null)
      walker.state.issue('dynamic-command', '`parallel` without a command runs code from its input that is only known when the line runs', cmd.span);
    for (const item of (items ?? []).slice(0, MAX_ITEMS)) run(item, 'parallel');
    return [cmd];
  }
  if (items === null) items = ['__shellgate_dynamic__'];
  for (const item of items.slice(0, MAX_ITEMS)) {
    const quoted = `'${item.replace(/'/g, `'\\''`)}'`;
    const line = template.some((t) => t.includes('{}')) ? template.map((t) => t.split('{}').join(quoted)).join(' ') : `${template.join(' ')} ${quoted}`;
    run(line, 'parallel');
  }
  return [cmd];
}

const EXEC_ACTIONS = new Set(['-exec', '-execdir', '-ok', '-okdir']);

/** The commands that `find … -exec CMD {} ;` runs; `{}` is an unknown path. */
export function findExecs(cmd: Command): Command[] {
  const out: Command[] = [];
  const args = cmd.argv;
  for (let i = 1; i < args.length; i++) {
    if (!EXEC_ACTIONS.has(args[i].value)) continue;
    const argv: Word[] = [];
    let j = i + 1;
    for (; j < args.length && args[j].value !== ';' && args[j].value !== '+'; j++) {
      const w = args[j];
      argv.push(w.value.includes('{}') ? { ...w, value: w.value.split('{}').join(DYN), dynamic: true } : w);
    }
    if (argv.length)
      out.push({ ...cmd, argv, program: null, via: [...cmd.via, `find ${args[i].value}`], origin: 'find-exec', extraArgsUnknown: true, stdin: null });
    i = j;
  }
  return out;
}
