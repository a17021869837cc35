/*!
 * shellgate-sh behaves like bash for allowed commands: output, exit status, arguments, options,
 * script files, stdin, and death by signal. Every test spawns the built bin and real bash.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, runBash, runSh } from '../helpers/cli.js';

const sb = makeSandbox();
const opts = { env: sb.env, cwd: sb.dir };

describe('shellgate-sh -c', () => {
  it('prints 2 for echo $((1+1)) and exits 0', () => {
    const r = runSh(['-c', 'echo $((1+1))'], opts);
    expect(r.stdout, r.stderr).toBe('2\n');
    expect(r.status).toBe(0);
  });

  it('exits with the status of the command', () => {
    expect(runSh(['-c', 'exit 7'], opts).status).toBe(7);
  });

  it('passes $0 and positional arguments like bash', () => {
    const args = ['-c', 'echo "$0|$1|$2|$#"', 'name', 'a b', 'c'];
    const r = runSh(args, opts);
    expect(r.stdout).toBe('name|a b|c|2\n');
    expect(r.stdout).toBe(runBash(args, opts).stdout);
  });

  it.each([
    [['-lc', 'echo login:$(shopt -q login_shell && echo yes)']],
    [['-l', '-c', 'shopt -q login_shell && echo login']],
    [['--login', '-c', 'shopt -q login_shell && echo login']],
    [['-e', '-c', 'false; echo not-reached']],
    [['-o', 'pipefail', '-c', 'false | true; echo "status $?"']],
    [['-euo', 'pipefail', '-c', 'echo $-; false | true']],
    [['--norc', '--noprofile', '-c', 'echo plain']],
    [['-c', 'echo "$BASH_VERSION" | cut -d. -f1']],
  ])('%j matches bash (stdout and status)', (args) => {
    const mine = runSh(args, opts);
    const bash = runBash(args, opts);
    expect({ out: mine.stdout, status: mine.status }, mine.stderr).toEqual({ out: bash.stdout, status: bash.status });
  });

  it('-ic runs an interactive bash for the command', () => {
    writeFileSync(join(sb.home, '.bashrc'), 'RC_LOADED=yes\n');
    const r = runSh(['-ic', 'echo "$RC_LOADED:${-//[^i]/}"'], opts);
    expect(r.stdout).toBe('yes:i\n');
    expect(r.status).toBe(0);
  });

  it('exports SHELLGATE_SESSION to the bash it runs', () => {
    const r = runSh(['-c', 'echo "[$SHELLGATE_SESSION]"'], opts);
    expect(r.stdout).toMatch(/^\[.+\]\n$/);
  });

  it('keeps an outer session id when nested', () => {
    const r = runSh(['-c', 'echo "$SHELLGATE_SESSION"'], { ...opts, env: { ...sb.env, SHELLGATE_SESSION: 'outer-1' } });
    expect(r.stdout).toBe('outer-1\n');
  });

  it('dies from the same signal as bash', () => {
    const r = runSh(['-c', 'kill -TERM $$'], opts);
    expect(r.signal).toBe('SIGTERM');
    expect(r.status).toBeNull();
  });

  it('re-raises SIGPIPE too (ignored by Node by default)', () => {
    const r = runSh(['-c', 'kill -PIPE $$'], opts);
    expect(r.signal).toBe('SIGPIPE');
  });
});

describe('shellgate-sh with a script file', () => {
  it('runs the script with its arguments', () => {
    const script = join(sb.dir, 'greet.sh');
    writeFileSync(script, 'echo "hello $1 and $2"\nexit 3\n');
    const r = runSh([script, 'ann', 'bob'], opts);
    expect(r.stdout).toBe('hello ann and bob\n');
    expect(r.status).toBe(3);
  });

  it('finds a script on PATH like bash does', () => {
    const dir = join(sb.dir, 'pathbin');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'onpath.sh'), 'echo found-on-path\n');
    chmodSync(join(dir, 'onpath.sh'), 0o644);
    const env = { ...sb.env, PATH: `${dir}:${sb.env.PATH}` };
    expect(runSh(['onpath.sh'], { env, cwd: sb.dir }).stdout).toBe('found-on-path\n');
  });

  it('leaves a missing script to bash (same message and status)', () => {
    const mine = runSh(['no-such-script.sh'], opts);
    const bash = runBash(['no-such-script.sh'], opts);
    expect(mine.status).toBe(bash.status);
    // Contained, bash is started by its trusted path, so its own messages name it so.
    expect(mine.stderr.replace(/^\/(usr\/)?bin\/bash:/, 'bash:')).toBe(bash.stderr);
  });
});

describe('shellgate-sh reading stdin (not a terminal)', () => {
  it('runs the commands and exits with the last status', () => {
    const r = runSh([], { ...opts, input: 'echo one\nx=2\necho "two $x"\nexit 4\n' });
    expect(r.stdout).toBe('one\ntwo 2\n');
    expect(r.status).toBe(4);
  });

  it('-s with arguments sets the positional parameters', () => {
    const r = runSh(['-s', 'p1', 'p2'], { ...opts, input: 'echo "$1-$2"\n' });
    expect(r.stdout).toBe('p1-p2\n');
  });

  it('waits for a complete construct (multi-line if, here-document)', () => {
    const input = 'if true; then\n  echo inside\nfi\ncat <<EOF\nheredoc line\nEOF\n';
    const r = runSh([], { ...opts, input });
    expect(r.stdout).toBe('inside\nheredoc line\n');
    expect(r.status).toBe(0);
  });
});
