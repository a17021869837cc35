/*!
 * The shell's own rules, added to the engine's verdict: lines that would switch the guard off
 * (rebinding keys, replacing traps or PROMPT_COMMAND, touching `__sg_*`), replace the guarded
 * shell (`exec prog`) or start an unguarded interactive shell need a human's confirmation. These
 * are text checks and may over-match: the cost of that is one question, never a silent allow.
 */
import type { Reason } from '../core/verdict.js';

interface GuardRule {
  id: string;
  re: RegExp;
  message: string;
}

/** Start of a simple command: line start or after a control operator / opening bracket. */
const CMD = String.raw`(?:^|[\n;&|({]|\$\(|\bthen\b|\bdo\b|\belse\b|!)\s*(?:builtin\s+|command\s+)?`;

const RULES: GuardRule[] = [
  {
    id: 'shell.guard-tamper',
    // Reading `$PROMPT_COMMAND`, `${LINENO}`… is harmless: only a bare name (assigned, unset, declared) counts.
    re: /__sg_|(?<![$\w{!#])(?:PROMPT_COMMAND|SHELLGATE_SESSION|LINENO)\b|\bextdebug\b|\bfunctrace\b/,
    message: "touches the guard's own hook (PROMPT_COMMAND, __sg_*, extdebug, LINENO)",
  },
  {
    id: 'shell.guard-tamper',
    re: new RegExp(`${CMD}(?:bind|trap|enable)(?=\\s|$|;)`),
    message: 'changes key bindings, traps or builtins that the guard relies on',
  },
  {
    id: 'shell.guard-tamper',
    re: new RegExp(`${CMD}set\\s+(?:[-+]\\w*\\s+)*\\+o\\s+(?:emacs|vi)\\b`),
    message: 'turns off line editing, which the guard relies on',
  },
  {
    id: 'shell.history-rerun',
    re: new RegExp(`${CMD}fc(?=\\s|$|;)`),
    message: 'runs lines from the history list, which the guard does not see',
  },
  {
    id: 'shell.replace-shell',
    re: new RegExp(`${CMD}exec\\s+(?![<>&0-9]|\\d*[<>])[^\\s;&|]`),
    message: 'replaces the guarded shell with another program: later lines would not be checked',
  },
  {
    id: 'shell.unguarded-shell',
    re: new RegExp(`${CMD}(?:\\S*/)?(?:bash|sh|dash|zsh|ksh|fish)(?:\\s+-[a-zA-Z]*[il][a-zA-Z]*)*\\s*(?:$|[;&|)])`),
    message: 'starts a nested interactive shell, whose lines shellgate does not see',
  },
];

/** Reasons from the shell's own rules for one line (empty when none applies). */
export function guardReasons(line: string): Reason[] {
  const reasons: Reason[] = [];
  const seen = new Set<string>();
  for (const rule of RULES) {
    const m = rule.re.exec(line);
    if (!m || seen.has(rule.id)) continue;
    seen.add(rule.id);
    let start = m.index;
    while (start < m.index + m[0].length - 1 && /[\s;&|({!$]/.test(line[start])) start++;
    reasons.push({
      rule: rule.id,
      message: rule.message,
      command: line,
      span: [start, m.index + m[0].length],
      decision: 'confirm',
      risk: 'high',
    });
  }
  return reasons;
}
