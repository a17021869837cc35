/*!
 * The shell's own rules: lines that would switch the guard off, replace the shell, start an
 * unguarded shell or re-run history need a confirmation; ordinary lines are untouched.
 */
import { describe, expect, it } from 'vitest';
import { guardReasons } from '../../src/shell/guard-rules.js';

describe('guard rules', () => {
  it.each([
    [`bind '"\\C-m": accept-line'`, 'shell.guard-tamper'],
    ['trap - DEBUG', 'shell.guard-tamper'],
    ['echo hi; trap "" DEBUG', 'shell.guard-tamper'],
    ['PROMPT_COMMAND=', 'shell.guard-tamper'],
    ['unset PROMPT_COMMAND', 'shell.guard-tamper'],
    ['export SHELLGATE_SESSION=', 'shell.guard-tamper'],
    ['LINENO=1', 'shell.guard-tamper'],
    ['unset -f __sg_gate', 'shell.guard-tamper'],
    ['shopt -u extdebug', 'shell.guard-tamper'],
    ['set +o emacs', 'shell.guard-tamper'],
    ['enable -n bind', 'shell.guard-tamper'],
    ['fc -s', 'shell.history-rerun'],
    ['exec bash --norc', 'shell.replace-shell'],
    ['exec zsh', 'shell.replace-shell'],
    ['bash', 'shell.unguarded-shell'],
    ['sudo -s; bash -l', 'shell.unguarded-shell'],
    ['cd /tmp && /bin/sh', 'shell.unguarded-shell'],
  ])('%j → %s', (line, rule) => {
    const reasons = guardReasons(line);
    expect(reasons.map((r) => r.rule)).toContain(rule);
    const r = reasons.find((x) => x.rule === rule)!;
    expect(r.decision).toBe('confirm');
    expect(line.slice(r.span[0], r.span[1]).trim().length).toBeGreaterThan(0);
  });

  it.each([
    'echo hello',
    'git commit -m "bind the trap"',
    'mount --bind /a /b',
    'exec >log.txt 2>&1',
    'exec 3<file',
    'bash script.sh',
    'bash -c "echo hi"',
    'sh ./configure',
    'npm run build',
    'echo $BASH',
    'echo "$SHELLGATE_SESSION" ${PROMPT_COMMAND} $LINENO',
  ])('%j → nothing', (line) => {
    expect(guardReasons(line)).toEqual([]);
  });
});
