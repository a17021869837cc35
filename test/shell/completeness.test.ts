/*!
 * Incomplete lines are not accepted: the gate keeps them in the buffer so that whole constructs
 * are judged at once. Checked against bash's own parser.
 */
import { describe, expect, it } from 'vitest';
import { isIncomplete, scanLine } from '../../src/shell/completeness.js';

describe('completeness', () => {
  it.each([
    'echo hello',
    'ls -la /tmp && echo ok',
    `echo "a (b" 'c {d'`,
    'git commit -m "fix: it\'s done"',
    'echo $(date) `uname`',
    'for i in 1 2; do echo $i; done',
    'if true; then echo y; fi',
    'cat <<END\nbody\nEND',
    "echo a # comment with a quote ' in it",
    'echo "multi\nline"',
    'case x in x) echo x;; esac',
    'cat <<<"here string"',
    'fi',
  ])('complete: %j', (line) => {
    expect(isIncomplete(line)).toBe(false);
  });

  it.each([
    'for i in 1 2; do',
    'if true; then',
    'echo "unterminated',
    "echo 'unterminated",
    'echo a \\',
    'echo a |',
    'true &&',
    'cat <<END',
    'cat <<END\nrm -rf x',
    'f() {',
    'echo $(',
    "echo $'abc",
    'while read x; do echo $x',
  ])('incomplete: %j', (line) => {
    expect(isIncomplete(line)).toBe(true);
  });

  it('settles ordinary lines without asking bash', () => {
    for (const line of ['ls -la', 'npm test', 'git status', `echo "quoted (paren"`]) {
      expect(scanLine(line)).toEqual({ open: false, unsure: false });
    }
  });
});
