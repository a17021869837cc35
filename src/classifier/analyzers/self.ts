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
import { holdsAgentSettings, isAgentSettingsFile, SETTINGS_NAME } from '../agent-settings.js';
import { interpreterCode, isInterpreter } from '../../parser/interpreters.js';
import { WRITE_API } from './code-writes.js';

export const WRITERS = new Set([
  'rm',
  'mv',
  'cp',
  'tee',
  'truncate',
  'shred',
  'chmod',
  'chown',
  'ln',
  'sed',
  'perl',
  'vim',
  'vi',
  'nvim',
  'nano',
  'emacs',
  'code',
  'touch',
  'dd',
  'install',
  'rsync',
  'unlink',
  'rmdir',
  'find',
  'ed',
  'patch',
]);

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
 * shellgate's own directories as the context sees them: config, state, cache, and the runtime
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
    e.SHELLGATE_CACHE_DIR || `${e.XDG_CACHE_HOME || `${home}/.cache`}/shellgate`,
    ...rest,
  ].map((d) => absolutePath(d, ctx));
  return { dirs, uidPrefix: absolutePath(perUid!, ctx) };
}

/** `/tmp/shellgate-0` or below, for the prefix `/tmp/shellgate-`. */
function underPerUid(abs: string, prefix: string): boolean {
  if (!abs.startsWith(prefix)) return false;
  return /^\d+(\/|$)/.test(abs.slice(prefix.length));
}

export const selfAnalyzer: Analyzer = ({ view, ctx, earlier }) => {
  const cmd = view.cmd;
  const facts: Fact[] = [];
  const targets = [...(cmd.program && WRITERS.has(cmd.program) ? cmd.argv.slice(1) : []), ...cmd.redirects.filter((r) => r.op !== '<').map((r) => r.target)];
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
  const settings = agentSettingsWrite(view, ctx, earlier ?? []);
  if (settings) facts.push(settings);
  return facts;
};

/** Facts of earlier analyzers that say a path is written, moved, deleted or has its mode changed. */
const WRITE_FACT =
  /^fs\.(write|overwrite|append|empty|delete|delete-recursive|move|truncate|shred|fill|sync-delete|chmod|chmod-recursive|find-delete|find-delete-filtered)\./;
const RECURSIVE_FACT = /^fs\.(delete-recursive|move|find-delete|sync-delete|chmod-recursive)\./;
/** Programs that change a file named as an operand without the fs analyzer calling it a write (modes, editors, patches). */
const TOUCHERS = new Set([
  'sponge',
  'chmod',
  'chown',
  'chgrp',
  'chattr',
  'setfacl',
  'touch',
  'truncate',
  'vim',
  'vi',
  'nvim',
  'nano',
  'emacs',
  'code',
  'ed',
  'ex',
  'patch',
  'unlink',
  'rmdir',
  'shred',
]);

/** A write to the hook settings of an agent (`.claude/settings.json`, `.cursor/hooks.json`, …): the guard switched off. */
function agentSettingsWrite(view: CommandView, ctx: Context, earlier: readonly Fact[]): Fact | undefined {
  const hit = (path: string, recursive: boolean) => {
    if (!path || path.includes(DYN)) return false;
    const abs = absolutePath(path, ctx);
    return recursive ? holdsAgentSettings(abs, ctx.env) : isAgentSettingsFile(abs, ctx.env);
  };
  for (const f of earlier) {
    if (f.detail && WRITE_FACT.test(f.id) && hit(f.detail, RECURSIVE_FACT.test(f.id))) return { id: 'self.agent-settings', detail: f.detail, span: f.span };
  }
  const cmd = view.cmd;
  // `git rm`, `git mv`, `git checkout|restore -- FILE` change the file in the working tree.
  if (cmd.program === 'git' && /^(rm|mv|checkout|restore|reset|stash)$/.test(view.positionals[0]?.value ?? '')) {
    const w = view.positionals.slice(1).find((p) => hit(p.value, true));
    if (w) return { id: 'self.agent-settings', detail: w.value, span: w.span };
  }
  // `cp -r dotfiles/.claude ./`: a directory of settings copied or moved into place.
  if (cmd.program && /^(cp|mv|rsync|install|ln)$/.test(cmd.program) && view.positionals.length >= 2) {
    const dest = view.positionals[view.positionals.length - 1]!.value;
    // Only into the working directory or the home directory, where agents read their settings.
    const into = absolutePath(dest, ctx);
    const w =
      into === absolutePath('.', ctx) || into === homeOf(ctx)
        ? view.positionals.slice(0, -1).find((src) => hit(`${into}/${src.value.replace(/\/+$/, '').split('/').pop()}`, true))
        : undefined;
    if (w) return { id: 'self.agent-settings', detail: w.value, span: w.span };
  }
  if (cmd.program && TOUCHERS.has(cmd.program)) {
    const w = view.positionals.find((p) => hit(p.value, cmd.program === 'chmod' || cmd.program === 'chown' || cmd.program === 'rmdir'));
    if (w) return { id: 'self.agent-settings', detail: w.value, span: w.span };
  }
  if (isInterpreter(cmd.program)) {
    for (const code of interpreterCode(cmd)) {
      const m = SETTINGS_NAME.exec(code);
      if (m && WRITE_API.test(code)) return { id: 'self.agent-settings', detail: m[0], span: cmd.span };
    }
  }
  return undefined;
}
