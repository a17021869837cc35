/*!
 * Self-protection facts: a command that writes to shellgate's own config, rules, approvals or audit
 * log, or that kills the guard. Reading them is fine.
 */
import type { Analyzer, Fact } from '../facts.js';
import type { Context } from '../context.js';
import type { CommandView } from '../command-view.js';
import { absolutePath, homeOf } from '../path-class.js';
import { DYN } from '../../parser/model.js';
import { runtimeDirs } from '../../config/paths.js';

export const WRITERS = new Set(['rm', 'mv', 'cp', 'tee', 'truncate', 'shred', 'chmod', 'chown', 'ln', 'sed', 'perl', 'vim', 'vi',
  'nvim', 'nano', 'emacs', 'code', 'touch', 'dd', 'install', 'rsync', 'unlink', 'rmdir', 'find', 'ed', 'patch']);

/** Runtimes that run a JavaScript file given as their first operand (`node …/bin/shellgate.js`). */
const JS_RUNTIMES = new Set(['node', 'nodejs', 'bun', 'deno', 'tsx', 'ts-node']);
/** shellgate's entry files, however they are reached: `bin/shellgate.js`, `node_modules/shellgate/…`. */
const SELF_SCRIPT = /(^|\/)shellgate(-sh)?(\.[cm]?[jt]s)?$|(^|\/)node_modules\/shellgate\//;
/** Subcommands only a human outside the guard may run (the self.approve rule lists the same). */
const HUMAN_ONLY = new Set(['approve', 'approvals', 'trust']);

/** `node path/to/shellgate.js approve 1`: the approval commands reached through a JS runtime. */
function selfScriptApproval(view: CommandView): Fact | undefined {
  if (!view.program || !JS_RUNTIMES.has(view.program)) return undefined;
  const ops = view.positionals.filter((w) => !(view.program === 'deno' && w.value === 'run'));
  const [script, sub, next] = ops;
  if (!script || !SELF_SCRIPT.test(script.value)) return undefined;
  if (!sub || !(HUMAN_ONLY.has(sub.value) || (sub.value === 'hook' && next?.value === 'install'))) return undefined;
  return { id: 'self.approve', detail: `shellgate ${sub.value}`, span: view.cmd.span };
}

/**
 * shellgate's own directories as the context sees them: config, state, and the runtime
 * directories where the classifier daemon's socket may live. The per-uid one (`/tmp/shellgate-0`)
 * is given as a prefix: the context has no uid.
 */
function protectedDirs(ctx: Context): { dirs: string[]; uidPrefix: string } {
  const home = homeOf(ctx);
  const e = ctx.env;
  const [perUid, ...rest] = runtimeDirs(e, '').reverse();
  const dirs = [
    e.SHELLGATE_CONFIG_DIR || `${e.XDG_CONFIG_HOME || `${home}/.config`}/shellgate`,
    e.SHELLGATE_STATE_DIR || `${e.XDG_STATE_HOME || `${home}/.local/state`}/shellgate`,
    ...rest,
  ].map((d) => absolutePath(d, ctx));
  return { dirs, uidPrefix: absolutePath(perUid!, ctx) };
}

/** `/tmp/shellgate-0` or below, for the prefix `/tmp/shellgate-`. */
function underPerUid(abs: string, prefix: string): boolean {
  if (!abs.startsWith(prefix)) return false;
  return /^\d+(\/|$)/.test(abs.slice(prefix.length));
}

export const selfAnalyzer: Analyzer = ({ view, ctx }) => {
  const cmd = view.cmd;
  const facts: Fact[] = [];
  const targets = [
    ...(cmd.program && WRITERS.has(cmd.program) ? cmd.argv.slice(1) : []),
    ...cmd.redirects.filter((r) => r.op !== '<').map((r) => r.target),
  ];
  if (targets.length) {
    const { dirs, uidPrefix } = protectedDirs(ctx);
    const inside = (v: string) => {
      if (!v || v.includes(DYN)) return false;
      const abs = absolutePath(v.replace(/^[a-z]+=/, ''), ctx);
      return dirs.some((d) => abs === d || abs.startsWith(d + '/')) || underPerUid(abs, uidPrefix);
    };
    const hit = targets.find((w) => inside(w.value));
    if (hit) facts.push({ id: 'self.write', detail: hit.value, span: hit.span });
  }
  if ((cmd.program === 'pkill' || cmd.program === 'killall') && cmd.argv.some((w) => /shellgate/.test(w.value))) {
    facts.push({ id: 'self.kill', detail: 'the shellgate process', span: cmd.span });
  }
  if (cmd.program === 'kill' && cmd.argv.some((w) => /\$(PPID|SHELLGATE_PID)|\$\{(PPID|SHELLGATE_PID)\}/.test(w.raw))) {
    facts.push({ id: 'self.kill', detail: 'the shellgate process', span: cmd.span });
  }
  const approval = selfScriptApproval(view);
  if (approval) facts.push(approval);
  return facts;
};
