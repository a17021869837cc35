/*!
 * What `find` deletes and writes: `-delete` and `-exec rm` under its start paths (filtered by tests
 * or not), `-fprint` files, and the paths it hands to `xargs rm`. Only the tests before an action
 * limit what it deletes.
 */
import { DYN, type Word } from '../../parser/model.js';
import type { Fact } from '../facts.js';
import { TEMP_ROOT } from '../path-class.js';
import type { Context } from '../context.js';
import { target } from './fs-target.js';

/** Tests that limit what find matches (`-name '*.pyc'`, `-mtime +7`). */
const FILTERS = new Set([
  '-name',
  '-iname',
  '-path',
  '-ipath',
  '-regex',
  '-iregex',
  '-newer',
  '-mtime',
  '-mmin',
  '-atime',
  '-amin',
  '-ctime',
  '-size',
  '-empty',
  '-user',
  '-group',
  '-perm',
  '-wholename',
  '-lname',
]);
const EXEC_ACTIONS = new Set(['-exec', '-execdir', '-ok', '-okdir']);
const DELETERS = new Set(['rm', 'unlink', 'shred', 'srm', 'trash', 'trash-put']);
const EXEC_WRAPPERS = new Set(['busybox', 'sudo', 'doas', 'command', 'env', 'nice', 'nohup']);
/** Actions that write find's output into a file. */
const WRITES = new Set(['-fprint', '-fprint0', '-fprintf', '-fls']);

/** The start paths of a find command (`.` when none is given), and how many were written. */
function findStarts(argv: Word[]): { starts: Word[]; given: number } {
  const starts: Word[] = [];
  // find's own options come before the start paths: -H, -L, -P, -D DEBUGOPTS, -O LEVEL.
  let i = 1;
  while (i < argv.length && /^-([HLP]+|D|O\d*)$/.test(argv[i].value)) i += argv[i].value === '-D' ? 2 : 1;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a.value.startsWith('-') || a.value === '(' || a.value === '!') break;
    starts.push(a);
  }
  // `given`: how many words (options and start paths) come before the expression.
  const given = i - 1;
  if (starts.length === 0) starts.push({ raw: '.', value: '.', dynamic: false, quoted: false, span: argv[0].span });
  return { starts, given };
}

/**
 * Paths that xargs hands over from a find (`find . -name '*.pyc' | xargs rm`): what find lists under
 * its start paths, judged like `find … -delete` there. Null when the word is not find's output.
 */
export function findListed(word: Word, ctx: Context): Fact[] | null {
  const from = word.value === DYN ? word.sources : undefined;
  if (!from?.length || !from.every((c) => c.program === 'find' && !c.extraArgsUnknown)) return null;
  const facts: Fact[] = [];
  for (const c of from) {
    const { starts, given } = findStarts(c.argv);
    const filtered = c.argv.slice(1 + given).some((a) => FILTERS.has(a.value));
    for (const st of starts) facts.push({ ...target(st, ctx, filtered ? 'fs.find-delete-filtered' : 'fs.find-delete'), span: word.span });
  }
  return facts;
}

export function findFacts(argv: Word[], ctx: Context): Fact[] {
  const args = argv.slice(1);
  const { starts, given } = findStarts(argv);
  const follows = argv.some((w) => w.value === '-L' || w.value === '-follow');
  const facts: Fact[] = [];
  let filtered = false;
  let depth = 0;
  const names: Word[] = [];
  for (let i = given; i < args.length; i++) {
    const a = args[i];
    if (WRITES.has(a.value) && args[i + 1]) facts.push(target(args[i + 1], ctx, 'fs.write'));
    if ((a.value === '-name' || a.value === '-iname') && args[i + 1] && !args[i + 1].dynamic && !/[*?[\]\\]/.test(args[i + 1].value)) names.push(args[i + 1]);
    const exec = EXEC_ACTIONS.has(a.value);
    // `find . -name .git -exec rm -rf {} +`: every directory of that name below the start, as `rm -rf ./.git`.
    if (exec && execDeletes(args, i + 1) && execRecursive(args, i + 1))
      for (const s of starts)
        for (const n of names)
          if (!s.dynamic) facts.push({ ...target({ ...n, value: `${s.value.replace(/\/+$/, '')}/${n.value}` }, ctx, 'fs.delete-recursive'), span: a.span });
    // Only the tests before the action limit what it deletes: `find . -delete -name x` deletes everything.
    if (a.value === '-delete' || (exec && execDeletes(args, i + 1))) {
      for (const s of starts) {
        // Filtered, from the temp space's root (`find /tmp -name '*.log' -delete`): temporary files, as
        // `rm /tmp/*.log`; not when find follows links (`-L`, `-follow`) out of it.
        if (filtered && !follows && !s.dynamic && TEMP_ROOT.test(s.value)) facts.push({ id: 'fs.find-delete-filtered.tmp', detail: s.value, span: a.span });
        else facts.push({ ...target(s, ctx, filtered ? 'fs.find-delete-filtered' : 'fs.find-delete'), span: a.span });
      }
    }
    if (exec) {
      while (i + 1 < args.length && args[i + 1].value !== ';' && args[i + 1].value !== '+') i++;
      i++;
      continue;
    }
    if (FILTERS.has(a.value)) filtered = true;
    // `find . -name '*.log' -o -delete`: an action after a top-level -o runs on all that the tests before it did not match.
    depth += a.value === '(' ? 1 : a.value === ')' ? -1 : 0;
    if (depth <= 0 && (a.value === '-o' || a.value === '-or')) filtered = false;
    // A test's own argument is never an action: `find . -name -delete`.
    if (FILTERS.has(a.value) || PREDICATE_ARGS.has(a.value) || WRITES.has(a.value)) i += a.value === '-fprintf' ? 2 : 1;
  }
  return facts;
}

/** Tests and options of find that take the next word as their argument. */
const PREDICATE_ARGS = new Set([
  '-type',
  '-xtype',
  '-maxdepth',
  '-mindepth',
  '-gid',
  '-uid',
  '-inum',
  '-samefile',
  '-links',
  '-anewer',
  '-cnewer',
  '-used',
  '-fstype',
  '-context',
  '-printf',
  '-files0-from',
  '-D',
  '-O',
]);

/** Whether the command after `-exec` deletes recursively (`rm -rf {}`). */
function execRecursive(args: Word[], from: number): boolean {
  for (let j = from; j < args.length && args[j].value !== ';' && args[j].value !== '+'; j++)
    if (/^-[a-zA-Z]*[rR]|^--recursive$/.test(args[j].value)) return true;
  return false;
}

/** Whether the command after `-exec` (past wrappers like `busybox`) deletes what it is given. */
function execDeletes(args: Word[], from: number): boolean {
  for (let j = from; j < args.length && args[j].value !== ';' && args[j].value !== '+'; j++) {
    const name = args[j].value.slice(args[j].value.lastIndexOf('/') + 1);
    if (DELETERS.has(name)) return true;
    if (!EXEC_WRAPPERS.has(name)) return false;
  }
  return false;
}
