/*
 * Empty substitutions (`$()`, `$( )`, `<()`) and a lone `~` in a test (`[ -d ~ ]`) are legal bash that
 * tree-sitter-bash reports as an error; the parser reads them again (src/parser/legal-rereads.ts) without opening a hole: real bash
 * (`bash -n`, which reads and never runs) is the judge of what does not parse, and whatever it
 * rejects is never allowed. Empty words are removed as bash removes them, whatever they hide.
 */
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinEngine, BASE_CTX } from '../helpers/engine.js';
import { parseBash, prepareGrammar } from '../../src/parser/grammar.js';

/** bash's own verdict on the syntax (`-n`: commands are read, not executed). */
const bashParses = (line: string): boolean => spawnSync('bash', ['-n', '-c', '--', line], { stdio: 'ignore' }).status === 0;

const EMPTY = ['$()', '$( )', '"$()"', '$(\n)', 'a$()b', '<()', '$()$()'];
// Left out: pieces tree-sitter reads as commands where bash refuses the line (`then` or `]]` alone, `x ( y )`,
// `x == y ' ]`): the grammar's own misreadings, on the safe side (bash runs none of them), not what is tested here.
const PIECES = [...EMPTY, 'echo', 'ls', 'x', "'q'", '"d"', '$(', ')', '`', "'", '"', ';', '|', '&&', '$((', '<<', '#', 'rm -rf ~', '[', ']', '[[', '~', '-d'];

describe('legal bash tree-sitter misreads', () => {
  it('a line bash itself rejects, and tree-sitter too, is never allowed, empty substitutions or not', async () => {
    const engine = await builtinEngine();
    await prepareGrammar();
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 7 }), (parts) => {
        const line = parts.join(' ');
        if (!parseBash(line)?.rootNode.hasError || bashParses(line)) return;
        expect(engine.classify(line, BASE_CTX).decision, line).not.toBe('allow');
      }),
      { numRuns: 300 },
    );
  }, 120_000); // a bash per case: slow when the machine is shared

  it('benign lines with empty substitutions anywhere, and tests of ~, are allowed', async () => {
    const engine = await builtinEngine();
    const benign = fc.array(fc.constantFrom(...EMPTY, 'hello', "'a b'", '"$HOME"', '-n'), { maxLength: 5 });
    fc.assert(
      fc.property(fc.constantFrom('echo', 'printf %s', 'ls', 'cat <() ', '[ -d ~ ] && echo', '[[ $PWD == ~ ]] || echo'), benign, (cmd, args) => {
        const line = `${cmd} ${args.join(' ')}`;
        expect(bashParses(line), line).toBe(true);
        expect(engine.classify(line, BASE_CTX).decision, line).toBe('allow');
      }),
      { numRuns: 200 },
    );
  }, 120_000);

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
