/*!
 * The parsers for bash's own listings, fed with what a real bash prints (values with quotes,
 * newlines, control characters and non-ASCII text survive the round trip).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseAliases, parseExports, parseFunctionBodies, parseFunctionNames, readWord } from '../../src/shell/bash-listings.js';

function bash(script: string, env: Record<string, string> = {}): string {
  return execFileSync('bash', ['--norc', '--noprofile', '-c', script], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } });
}

const TRICKY: Record<string, string> = {
  PLAIN: 'hello',
  SPACES: 'a b  c',
  QUOTES: `it's "quoted" \\ $HOME \`x\``,
  NEWLINE: 'line1\nline2',
  CONTROL: 'a\x01b\tc\x1bd',
  UNICODE: 'héllo → 世界',
  EMPTY: '',
};

describe('bash listings', () => {
  it('reads back every exported value from declare -px', () => {
    const env = parseExports(bash('declare -px', TRICKY));
    for (const [k, v] of Object.entries(TRICKY)) expect(env[k], k).toBe(v);
  });

  it('skips exported names without a value and arrays', () => {
    const env = parseExports(bash('export NOVALUE; declare -ax ARR=(1 2); export X=1; declare -px'));
    expect(env).not.toHaveProperty('NOVALUE');
    expect(env).not.toHaveProperty('ARR');
    expect(env.X).toBe('1');
  });

  it('reads aliases from alias -p, including quotes and newlines', () => {
    const text = bash(`shopt -s expand_aliases; alias zap='rm -rf'; alias q=$'it\\'s\\nfine'; alias ll='ls -l "$HOME"'; alias -p`);
    expect(parseAliases(text)).toEqual({ zap: 'rm -rf', q: "it's\nfine", ll: 'ls -l "$HOME"' });
  });

  it('lists function names from declare -F and bodies from declare -f', () => {
    const script = 'f() { rm -rf "$1"; }; g() ( echo sub ); h() { cat <<END\ng () \nEND\n}; declare -fx f;';
    const names = parseFunctionNames(bash(`${script} declare -F`));
    expect(names.sort()).toEqual(['f', 'g', 'h']);
    const bodies = parseFunctionBodies(bash(`${script} declare -f f g`), ['f', 'g']);
    expect(bodies.f).toContain('rm -rf "$1"');
    expect(bodies.g).toContain('echo sub');
    expect(Object.keys(bodies).sort()).toEqual(['f', 'g']);
  });

  it.each([
    [`'a'\\''b'`, "a'b"],
    [`"x\\"y\\$z"`, 'x"y$z'],
    [`$'\\x41\\101\\u00e9\\cA'`, 'AAé\x01'],
    [`plain\\ word rest`, 'plain word'],
  ])('readWord(%s)', (input, value) => {
    expect(readWord(input, 0).value).toBe(value);
  });
});
