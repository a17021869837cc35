/*!
 * Finding what bash would run from its arguments (built module): `-c` string, script, stdin.
 */
import { describe, expect, it } from 'vitest';
// @ts-expect-error built JavaScript, no declarations
import { parseShArgs } from '../../src/sh/args.js';

describe('parseShArgs', () => {
  it.each([
    [['-c', 'ls'], { mode: 'command', command: 'ls' }],
    [['-lc', 'ls'], { mode: 'command', command: 'ls', login: true }],
    [['-ic', 'ls'], { mode: 'command', command: 'ls', interactive: true }],
    [['-c', '-l', 'ls'], { mode: 'command', command: 'ls', login: true }],
    [['-euo', 'pipefail', '-c', 'ls', 'name', 'arg'], { mode: 'command', command: 'ls' }],
    [['-o', 'pipefail', '+O', 'extglob', '-c', 'ls'], { mode: 'command', command: 'ls' }],
    [['--login', '--norc', '--noprofile', '-c', 'ls'], { mode: 'command', command: 'ls', login: true }],
    [['--rcfile', 'rc.sh', '-i', '-c', 'ls'], { mode: 'command', command: 'ls', interactive: true, rcfile: 'rc.sh' }],
    [['-c'], { mode: 'command', command: undefined }],
    [['script.sh', '-c', 'x'], { mode: 'script', script: 'script.sh' }],
    [['-e', '--', '-script.sh'], { mode: 'script', script: '-script.sh' }],
    [['-x', 'script.sh', 'a'], { mode: 'script', script: 'script.sh' }],
    [[], { mode: 'stdin' }],
    [['-s', 'a', 'b'], { mode: 'stdin' }],
    [['-i'], { mode: 'stdin', interactive: true }],
    [['--version'], { mode: 'info' }],
  ])('%j', (argv, want) => {
    expect(parseShArgs(argv)).toMatchObject(want);
  });
});
