/*
 * Empty substitutions (`$()`, `$( )`, `<()`) are legal bash that tree-sitter-bash reports as an error;
 * the parser accepts them (src/parser/empty-substitutions.ts) without opening a hole: real bash
 * (`bash -n`, which reads and never runs) is the judge of what does not parse, and whatever it
 * rejects is never allowed. Empty words are removed as bash removes them, whatever they hide.
 */
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinEngine, BASE_CTX } from '../helpers/engine.js';

/** bash's own verdict on the syntax (`-n`: commands are read, not executed). */
const bashParses = (line: string): boolean => spawnSync('bash', ['-n', '-c', line], { stdio: 'ignore' }).status === 0;

const EMPTY = ['$()', '$( )', '"$()"', '$(\n)', 'a$()b', '<()', '$()$()'];
// Reserved words out of place (`then` alone) are left out: tree-sitter reads them as command names bash refuses to run,
// so what it judges is never run (the safe side).
const PIECES = [...EMPTY, 'echo', 'ls', 'x', "'q'", '"d"', '$(', ')', '(', '`', "'", '"', ';', '|', '&&', '{', '$((', 'if', '<<', '#', 'rm -rf ~'];

describe('empty substitutions', () => {
  it('a line bash itself rejects is never allowed, empty substitutions or not', async () => {
    const engine = await builtinEngine();
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 7 }), (parts) => {
        const line = parts.join(' ');
        if (bashParses(line)) return;
        expect(engine.classify(line, BASE_CTX).decision, line).not.toBe('allow');
      }),
      { numRuns: 400 },
    );
  });

  it('benign lines with empty substitutions anywhere are allowed', async () => {
    const engine = await builtinEngine();
    const benign = fc.array(fc.constantFrom(...EMPTY, 'hello', "'a b'", '"$HOME"', '-n'), { maxLength: 5 });
    fc.assert(
      fc.property(fc.constantFrom('echo', 'printf %s', 'ls', 'cat <() '), benign, (cmd, args) => {
        const line = `${cmd} ${args.join(' ')}`;
        expect(bashParses(line), line).toBe(true);
        expect(engine.classify(line, BASE_CTX).decision, line).toBe('allow');
      }),
      { numRuns: 200 },
    );
  });

  it('an unquoted empty word anywhere in a destructive line leaves its verdict as it was', async () => {
    const engine = await builtinEngine();
    const lines = ['rm -rf ~', 'git push --force origin main', "psql -c 'DROP TABLE users'", 'dd if=/dev/zero of=/dev/sda'];
    const empties = ['$()', '$(true)', '`:`', '$E', '${E:-}', "$(printf '')"];
    fc.assert(
      fc.property(fc.constantFrom(...lines), fc.nat(), fc.constantFrom(...empties), (line, at, empty) => {
        const words = line.split(' ');
        const k = at % (words.length + 1);
        const hidden = `E=; ${[...words.slice(0, k), empty, ...words.slice(k)].join(' ')}`;
        expect(engine.classify(hidden, BASE_CTX).decision, hidden).toBe(engine.classify(line, BASE_CTX).decision);
      }),
      { numRuns: 150 },
    );
  });
});
