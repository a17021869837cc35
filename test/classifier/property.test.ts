/*
 * Properties of the engine over generated input (fast-check): it never throws, always decides,
 * never allows a line it cannot parse, and never allows a truncated or noisy variant of a
 * destructive line that it would not allow whole.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinEngine, BASE_CTX } from '../helpers/engine.js';
import { parseLine } from '../../src/parser/index.js';

const DECISIONS = ['allow', 'confirm', 'deny'];
const SHELLISH = fc.array(fc.constantFrom(...'rm -rf/~$(){}`\'";|&<>\\ x=1\n#*!'.split('')), { maxLength: 80 }).map((a) => a.join(''));

describe('engine properties', () => {
  it('never throws and always decides, on arbitrary text', async () => {
    const engine = await builtinEngine();
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), SHELLISH), (line) => {
        const v = engine.classify(line, BASE_CTX);
        expect(DECISIONS).toContain(v.decision);
      }),
      { numRuns: 1500 },
    );
  });

  it('never allows a line that does not parse', async () => {
    const engine = await builtinEngine();
    fc.assert(
      fc.property(SHELLISH, (line) => {
        const parsed = parseLine(line, { cwd: BASE_CTX.cwd, env: BASE_CTX.env });
        if (!parsed.issues.some((i) => i.kind === 'syntax-error')) return;
        expect(engine.classify(line, BASE_CTX).decision).not.toBe('allow');
      }),
      { numRuns: 1500 },
    );
  });

  it('never allows a prefix of a destructive line that stops inside a quote or substitution', async () => {
    const engine = await builtinEngine();
    const lines = ["bash -c 'rm -rf ~/projects'", 'echo "$(rm -rf /)"', "ssh prod 'dropdb app'", 'python -c "import os; os.system(\'rm -rf /\')"'];
    for (const line of lines) {
      for (let cut = 1; cut < line.length; cut++) {
        const prefix = line.slice(0, cut);
        const open =
          (prefix.match(/'/g) ?? []).length % 2 === 1 || (prefix.match(/"/g) ?? []).length % 2 === 1 || prefix.split('$(').length > prefix.split(')').length;
        if (open) expect(engine.classify(prefix, BASE_CTX).decision, prefix).not.toBe('allow');
      }
    }
  });

  it('keeps blocking rm -rf ~ under any wrapper chain', async () => {
    const engine = await builtinEngine();
    const wrappers = [
      'sudo',
      'env',
      'nice -n 5',
      'timeout 10',
      'nohup',
      'command',
      'builtin',
      'exec',
      'stdbuf -oL',
      'ionice -c3',
      'setsid',
      'time',
      'xargs',
      'doas',
      'chronic',
      'FOO=1',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...wrappers), { maxLength: 6 }), (chain) => {
        const line = [...chain, 'rm -rf ~'].join(' ');
        expect(engine.classify(line, BASE_CTX).decision, line).not.toBe('allow');
      }),
      { numRuns: 300 },
    );
  });

  it('keeps blocking a destructive command however the line hands it over', async () => {
    const engine = await builtinEngine();
    // each way takes words (no quotes in them) and gives a line that runs them
    const ways: ((w: string[]) => string)[] = [
      (w) => `x='${w.join(' ')}'; $x`,
      (w) => `set -- ${w.join(' ')}; "$@"`,
      (w) => `sh -c 'exec "$@"' _ ${w.join(' ')}`,
      (w) => `declare -n r=v; v='${w.join(' ')}'; $r`,
      (w) => `IFS=,; v=${w.join(',')}; $v`,
      (w) => `echo '${w.join(' ')}' > /tmp/s.sh && bash /tmp/s.sh`,
      (w) => `source <(echo '${w.join(' ')}')`,
      (w) => `bash -c '${w.join(' ')}'`,
      (w) => `printf '%s ' ${w.join(' ')} | sh`,
    ];
    // the ways that read one quoted text as shell code again (`$x` does not: `x='a; b'; $x` runs `a;`)
    const reparsing = ways.slice(5, 8);
    const targets = [
      ['rm', '-rf', '~'],
      ['rm', '-rf', '/'],
      ['rm', '-fr', '~/'],
      ['shred', '-u', '/dev/sda'],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...reparsing), fc.constantFrom(...ways), fc.constantFrom(...targets), (outer, inner, words) => {
        const once = inner(words);
        expect(engine.classify(once, BASE_CTX).decision, once).not.toBe('allow');
        // and one level deeper, when the inner line can be passed on as a single quoted word
        if (!once.includes("'")) {
          const twice = outer([once]);
          expect(engine.classify(twice, BASE_CTX).decision, twice).not.toBe('allow');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('answers oversized and deeply nested input without allowing it', async () => {
    const engine = await builtinEngine();
    const big = 'echo ' + 'a'.repeat(70_000);
    expect(engine.classify(big, BASE_CTX).decision).not.toBe('allow');
    const deep = 'echo ' + '$('.repeat(5000) + 'rm -rf /' + ')'.repeat(5000);
    expect(engine.classify(deep, BASE_CTX).decision).not.toBe('allow');
    let nested = 'rm -rf /';
    for (let i = 0; i < 12; i++) nested = `bash -c ${JSON.stringify(nested)}`;
    expect(engine.classify(nested, BASE_CTX).decision).not.toBe('allow');
    const many = Array.from({ length: 3000 }, () => 'true').join('; ') + '; rm -rf /';
    expect(engine.classify(many, BASE_CTX).decision).not.toBe('allow');
  });
});
