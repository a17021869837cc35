/*!
 * Filesystem facts: deletes (`rm`, `unlink`, `shred`, `find -delete`), truncation, overwrites
 * (`mv`/`cp` onto important paths, `>` redirects, `tee`, `dd of=`), recursive permission changes.
 * Each target is classified (root, home, system, cwd, scratch, …) so that rules can tell
 * `rm -rf node_modules` from `rm -rf ~`.
 */
import { DYN, type Word } from '../../parser/model.js';
import type { Analyzer, Fact } from '../facts.js';
import { hasFlag } from '../command-view.js';
import { classifyPath } from '../path-class.js';
import type { Context } from '../context.js';

const HARMLESS_DEVICES = /^\/dev\/(null|zero|stdout|stderr|stdin|tty|fd\/\d+|random|urandom|full)$/;

function target(word: Word, ctx: Context, prefix: string): Fact {
  const cls = word.dynamic && word.value === DYN ? 'dynamic' : classifyPath(word.value, ctx);
  return { id: `${prefix}.${cls}`, detail: word.value.split(DYN).join('…') || word.raw, span: word.span };
}

export const fsAnalyzer: Analyzer = ({ view, ctx }) => {
  const facts: Fact[] = [];
  const p = view.program;
  const targets = view.positionals;
  switch (p) {
    case 'rm': case 'unlink': case 'trash': case 'trash-put': {
      const recursive = !!hasFlag(view, ['-r', '-R', '--recursive']);
      const kind = recursive ? 'fs.delete-recursive' : 'fs.delete';
      for (const t of targets) facts.push(target(t, ctx, kind));
      if (targets.length === 0 && view.cmd.extraArgsUnknown) facts.push({ id: `${kind}.dynamic`, detail: 'arguments from input', span: view.cmd.span });
      if (hasFlag(view, ['--no-preserve-root'])) facts.push({ id: 'fs.no-preserve-root', span: view.cmd.span });
      break;
    }
    case 'shred': case 'wipe': case 'srm':
      for (const t of targets) facts.push(target(t, ctx, 'fs.shred'));
      break;
    case 'truncate':
      if (view.flags.some((f) => (f.name === '-s' || f.name === '--size') && /^0+$|^-/.test(f.value ?? ''))) {
        for (const t of targets) facts.push(target(t, ctx, 'fs.truncate'));
      }
      break;
    case 'find':
      facts.push(...findFacts(view.cmd.argv, ctx));
      break;
    case 'mv': case 'cp': case 'rsync': case 'install': case 'ln': {
      if (targets.length >= 2) {
        facts.push(target(targets[targets.length - 1], ctx, 'fs.overwrite'));
        if (p === 'mv') for (const s of targets.slice(0, -1)) facts.push(target(s, ctx, 'fs.move'));
      }
      if (p === 'rsync' && view.flags.some((f) => f.name.startsWith('--delete'))) facts.push(target(targets[targets.length - 1] ?? view.cmd.argv[0], ctx, 'fs.sync-delete'));
      break;
    }
    case 'chmod': case 'chown': case 'chgrp': case 'setfacl': {
      const recursive = !!hasFlag(view, ['-R', '--recursive']);
      for (const t of targets.slice(1)) facts.push(target(t, ctx, recursive ? 'fs.chmod-recursive' : 'fs.chmod'));
      break;
    }
    case 'tee':
      for (const t of targets) if (!HARMLESS_DEVICES.test(t.value)) facts.push(target(t, ctx, 'fs.write'));
      break;
    case 'dd':
      for (const w of view.cmd.argv.slice(1)) {
        if (w.value.startsWith('of=')) facts.push(target({ ...w, value: w.value.slice(3) }, ctx, 'fs.write'));
      }
      break;
    case 'sed': case 'perl':
      if (view.flags.some((f) => f.name === '-i' || f.name.startsWith('--in-place'))) {
        for (const t of targets.slice(1)) facts.push(target(t, ctx, 'fs.write'));
      }
      break;
  }
  for (const r of view.cmd.redirects) {
    if (!/^(>|>>|>\||&>|&>>|>&)$/.test(r.op) || HARMLESS_DEVICES.test(r.target.value) || /^\d+$/.test(r.target.value)) continue;
    facts.push(target(r.target, ctx, r.op.includes('>>') ? 'fs.append' : 'fs.write'));
  }
  return facts;
};

const FILTERS = new Set(['-name', '-iname', '-path', '-ipath', '-regex', '-iregex', '-newer', '-mtime', '-mmin',
  '-atime', '-amin', '-ctime', '-size', '-empty', '-user', '-group', '-perm', '-wholename', '-lname']);

function findFacts(argv: Word[], ctx: Context): Fact[] {
  const args = argv.slice(1);
  const starts: Word[] = [];
  for (const a of args) {
    if (a.value.startsWith('-') || a.value === '(' || a.value === '!') break;
    starts.push(a);
  }
  if (starts.length === 0) starts.push({ raw: '.', value: '.', dynamic: false, quoted: false, span: argv[0].span });
  const filtered = args.some((a) => FILTERS.has(a.value));
  const facts: Fact[] = [];
  const del = args.find((a) => a.value === '-delete');
  if (del) for (const s of starts) facts.push({ ...target(s, ctx, filtered ? 'fs.find-delete-filtered' : 'fs.find-delete'), span: del.span });
  return facts;
}
