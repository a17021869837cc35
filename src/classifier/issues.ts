/*!
 * Reasons for what the parser could not see through. Syntax errors, limits and timeouts are
 * `confirm` (fail closed). A command whose name is only known at run time is `confirm` when its
 * arguments look risky (paths like `/` or `~`, forcing/recursive flags, destroying verbs).
 */
import type { ParsedLine, ParseIssue } from '../parser/model.js';
import type { CommandView } from './command-view.js';
import type { Context } from './context.js';
import type { Reason } from '../core/verdict.js';
import { classifyPath } from './path-class.js';
import { verbKind } from './analyzers/verb-kind.js';

const RISKY_FLAGS = new Set(['-r', '-R', '-f', '-D', '--force', '--recursive', '--delete', '--hard', '--no-preserve-root', '--purge', '--prune', '-9']);
const RISKY_PATHS = new Set(['root', 'home', 'home-sub', 'system', 'system-file', 'device', 'parent', 'cwd', 'wildcard', 'outside']);

export function issueReasons(line: ParsedLine, views: CommandView[], ctx: Context): Reason[] {
  const reasons: Reason[] = [];
  for (const issue of line.issues) {
    if (issue.kind === 'dynamic-command') continue;
    reasons.push(reason(issue, line, `engine.${issue.kind}`, `${issue.message}: shellgate cannot tell what it runs`));
  }
  for (const view of views) {
    if (view.program !== null) continue;
    const risky = riskyArgs(view, ctx) ?? riskyAssigned(view, line.source, ctx);
    if (
      !risky &&
      !line.issues.some((i) => i.kind === 'dynamic-command' && i.span[0] >= view.cmd.span[0] && i.span[1] <= view.cmd.span[1] && /runs code/.test(i.message))
    )
      continue;
    reasons.push({
      rule: 'engine.dynamic-command',
      message: `the command name \`${view.cmd.argv[0]?.raw ?? ''}\` is only known when the line runs${risky ? `, and its arguments look risky (${risky})` : ''}`,
      command: view.cmd.text,
      span: view.cmd.span,
      decision: 'confirm',
      risk: 'high',
    });
  }
  for (const issue of line.issues) {
    if (issue.kind === 'dynamic-command' && /runs code/.test(issue.message)) reasons.push(reason(issue, line, 'engine.dynamic-code', issue.message));
  }
  return reasons;
}

function reason(issue: ParseIssue, line: ParsedLine, rule: string, message: string): Reason {
  return { rule, message, command: line.source.slice(issue.span[0], issue.span[1]) || line.source, span: issue.span, decision: 'confirm', risk: 'medium' };
}

const RISKY_PROGRAMS = /^(rm|rmdir|dd|mkfs\S*|shred|wipefs|chmod|chown|mv|truncate|kill|sudo|eval|curl|wget|sh|bash|zsh|python3?|node|perl)$/;

function riskyArgs(view: CommandView, ctx: Context): string | null {
  const flag = view.flags.find((f) => RISKY_FLAGS.has(f.name));
  if (flag) return flag.name;
  // The static pieces of an unknown name (`rm${IFS}-rf${IFS}/`) can say as much as arguments.
  for (const piece of (view.cmd.argv[0]?.value ?? '').split(/[\uFFFC\s]+/)) {
    if (RISKY_PROGRAMS.test(piece) || RISKY_FLAGS.has(piece) || /^-[a-zA-Z]*[rf][a-zA-Z]*$/.test(piece)) return piece;
    if (/^[~/]/.test(piece) && RISKY_PATHS.has(classifyPath(piece, ctx))) return piece;
  }
  for (const w of view.positionals) {
    if (w.dynamic) continue;
    if (verbKind(w.value) === 'destructive') return w.value;
    // A path, or an operand that names one (`of=/dev/sda`).
    const path = w.value.replace(/^[a-z]+=(?=[~/])/, '');
    if (/^[~/.]/.test(path) && RISKY_PATHS.has(classifyPath(path, ctx))) return w.value;
  }
  return null;
}

/**
 * A name from a variable the line itself set in ways not followed (`a[$((0))]=rm; a[1]=-rf; "${a[@]}"`):
 * the literal values the line gives that variable say what the name may be.
 */
function riskyAssigned(view: CommandView, source: string, ctx: Context): string | null {
  const names = [...(view.cmd.argv[0]?.raw ?? '').matchAll(/\$\{?!?([A-Za-z_]\w*)/g)].map((m) => m[1]!).slice(0, 4);
  for (const name of names) {
    const assigned = new RegExp(`(?:^|[\\s;&|(])${name}(?:\\[[^\\]]*\\])?\\+?=(\\([^)]*\\)|'[^']*'|"[^"]*"|[^\\s;&|)]+)`, 'g');
    for (const m of source.matchAll(assigned)) {
      const words = m[1]!
        .replace(/^\(|\)$/g, '')
        .replace(/['"]/g, ' ')
        .split(/\s+/)
        .filter(Boolean);
      for (const w of words.slice(0, 16)) {
        if (RISKY_PROGRAMS.test(w) || RISKY_FLAGS.has(w) || /^-[a-zA-Z]*[rf][a-zA-Z]*$/.test(w)) return w;
        if (/^[~/]/.test(w) && RISKY_PATHS.has(classifyPath(w, ctx))) return w;
      }
    }
  }
  return null;
}
