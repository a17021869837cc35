/*!
 * Self-protection facts: a command that writes to shellgate's own config, rules, approvals or audit
 * log, or that kills the guard. Reading them is fine.
 */
import type { Analyzer, Fact } from '../facts.js';
import type { Context } from '../context.js';
import { absolutePath, homeOf } from '../path-class.js';
import { DYN } from '../../parser/model.js';

const WRITERS = new Set(['rm', 'mv', 'cp', 'tee', 'truncate', 'shred', 'chmod', 'chown', 'ln', 'sed', 'perl', 'vim', 'vi',
  'nvim', 'nano', 'emacs', 'code', 'touch', 'dd', 'install', 'rsync', 'unlink', 'rmdir', 'find', 'ed', 'patch']);

/** shellgate's own directories as the context sees them. */
export function protectedDirs(ctx: Context): string[] {
  const home = homeOf(ctx);
  const e = ctx.env;
  return [
    e.SHELLGATE_CONFIG_DIR || `${e.XDG_CONFIG_HOME || `${home}/.config`}/shellgate`,
    e.SHELLGATE_STATE_DIR || `${e.XDG_STATE_HOME || `${home}/.local/state`}/shellgate`,
  ].map((d) => absolutePath(d, ctx));
}

export const selfAnalyzer: Analyzer = ({ view, ctx }) => {
  const cmd = view.cmd;
  const facts: Fact[] = [];
  const dirs = protectedDirs(ctx);
  const inside = (v: string) => {
    if (!v || v.includes(DYN)) return false;
    const abs = absolutePath(v.replace(/^[a-z]+=/, ''), ctx);
    return dirs.some((d) => abs === d || abs.startsWith(d + '/'));
  };
  const targets = [
    ...(cmd.program && WRITERS.has(cmd.program) ? cmd.argv.slice(1) : []),
    ...cmd.redirects.filter((r) => r.op !== '<').map((r) => r.target),
  ];
  const hit = targets.find((w) => inside(w.value));
  if (hit) facts.push({ id: 'self.write', detail: hit.value, span: hit.span });
  if ((cmd.program === 'pkill' || cmd.program === 'killall') && cmd.argv.some((w) => /shellgate/.test(w.value))) {
    facts.push({ id: 'self.kill', detail: 'the shellgate process', span: cmd.span });
  }
  if (cmd.program === 'kill' && cmd.argv.some((w) => /\$(PPID|SHELLGATE_PID)|\$\{(PPID|SHELLGATE_PID)\}/.test(w.raw))) {
    facts.push({ id: 'self.kill', detail: 'the shellgate process', span: cmd.span });
  }
  return facts;
};
