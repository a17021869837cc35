/*
 * Parser corpus: every command that can run in a line, as data (test/corpus/parser.yaml).
 * Checks that each listed command appears (in order) and each listed issue is reported.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseLine, DYN } from '../../src/parser/index.js';

interface Case {
  note: string;
  line: string;
  env?: Record<string, string>;
  commands?: string[];
  programs?: string[];
  issues?: string[];
}

const cases = parse(readFileSync(new URL('../corpus/parser.yaml', import.meta.url), 'utf8')) as Case[];

describe('parser corpus', () => {
  it.each(cases)('$note', (c) => {
    const parsed = parseLine(c.line, { env: c.env ?? {}, cwd: '/home/dev/app' });
    const got = parsed.commands.map((cmd) => cmd.argv.map((w) => w.value.split(DYN).join('<?>')).join(' '));
    if (c.commands) {
      let from = 0;
      for (const want of c.commands) {
        const at = got.indexOf(want, from);
        expect(at, `missing ${JSON.stringify(want)} in ${JSON.stringify(got)}`).toBeGreaterThanOrEqual(0);
        from = at + 1;
      }
    }
    if (c.programs) expect(parsed.commands.map((cmd) => cmd.program)).toEqual(expect.arrayContaining(c.programs));
    for (const kind of c.issues ?? []) expect(parsed.issues.map((i) => i.kind)).toContain(kind);
    if (!c.issues) expect(parsed.issues.filter((i) => i.kind !== 'dynamic-command')).toEqual([]);
  });

  it('maps spans of nested commands back to the line', () => {
    const line = "bash -c 'rm -rf /'";
    const rm = parseLine(line).commands.find((c) => c.program === 'rm')!;
    expect(line.slice(rm.span[0], rm.span[1])).toBe('rm -rf /');
  });
});
