/*
 * The two tree-sitter bindings (src/parser/tree-sitter-bindings.ts) give the same trees and the
 * same verdicts: every line of the classification tables (test/cases, test/corpus/parser.yaml, the
 * built-in rules' examples) and generated lines are parsed and judged with the native addon and
 * with web-tree-sitter + the WASM grammar, and the results compared whole.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadNative, type BashParser, type SyntaxNode } from '../../src/parser/tree-sitter-bindings.js';
import { loadWasm } from '../../src/parser/tree-sitter-wasm.js';
import { grammarBackend, useBackend, type Backend } from '../../src/parser/grammar.js';
import { parseLine } from '../../src/parser/index.js';
import { loadRulesets } from '../../src/rules/load.js';
import type { Context } from '../../src/classifier/context.js';
import { builtinEngine, BASE_CTX } from '../helpers/engine.js';

interface TableLine {
  line: string;
  env?: Record<string, string>;
  cwd?: string;
  files?: Record<string, string>;
  actor?: 'agent' | 'human';
}

function tableLines(): TableLine[] {
  const dir = new URL('../cases/', import.meta.url);
  const cases = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) =>
      (
        parse(readFileSync(new URL(f, dir), 'utf8')) as {
          command: string;
          env?: Record<string, string>;
          cwd?: string;
          files?: Record<string, string>;
          actor?: 'agent' | 'human';
        }[]
      ).map((c) => ({ line: c.command, env: c.env, cwd: c.cwd, files: c.files, actor: c.actor })),
    );
  const corpus = (parse(readFileSync(new URL('../corpus/parser.yaml', import.meta.url), 'utf8')) as { line: string; env?: Record<string, string> }[]).map(
    (c) => ({ line: c.line, env: c.env }),
  );
  const examples = loadRulesets()
    .rules.flatMap((r) => [...(r.examples?.match ?? []), ...(r.examples?.not_match ?? [])])
    .map((line) => ({ line }));
  return [...cases, ...corpus, ...examples];
}

/** Everything about a tree the parser code can read, node by node (with the field each child is in). */
function dump(node: SyntaxNode): string[] {
  const out: string[] = [];
  const cursor = node.walk();
  for (;;) {
    const n = cursor.currentNode;
    out.push(
      `${cursor.currentDepth} ${cursor.currentFieldName ?? '-'} ${n.type} ${n.startIndex}-${n.endIndex} ${n.startPosition.row}:${n.startPosition.column} named=${n.isNamed} missing=${n.isMissing} error=${n.hasError} ${JSON.stringify(n.text)}`,
    );
    if (cursor.gotoFirstChild() || cursor.gotoNextSibling()) continue;
    while (cursor.gotoParent()) if (cursor.gotoNextSibling()) break;
    if (cursor.currentDepth === 0) return out;
  }
}

/** What one binding makes of a line: its tree, and the verdict and parse of the engine using it. */
async function judged(backend: Backend, lines: TableLine[]): Promise<string[]> {
  await useBackend(backend);
  expect(grammarBackend()).toBe(backend);
  const engine = await builtinEngine();
  return lines.map((c) => {
    const ctx: Partial<Context> = {
      ...BASE_CTX,
      env: { ...BASE_CTX.env, ...c.env },
      cwd: c.cwd ?? BASE_CTX.cwd,
      actor: c.actor ?? 'agent',
      readFile: c.files ? (p) => c.files![p] : BASE_CTX.readFile,
    };
    const parsed = parseLine(c.line, { env: ctx.env, cwd: ctx.cwd });
    return JSON.stringify({ verdict: engine.classify(c.line, ctx), parsed });
  });
}

let native: BashParser;
let wasm: BashParser;
beforeAll(async () => {
  native = loadNative(100_000);
  wasm = await loadWasm(100_000);
});
afterAll(() => useBackend('native'));

describe('tree-sitter bindings', () => {
  const lines = tableLines();

  it('give the same trees for every table line', () => {
    expect(lines.length).toBeGreaterThan(500);
    for (const { line } of lines) expect(dump(wasm.parse(line)!.rootNode), line).toEqual(dump(native.parse(line)!.rootNode));
  });

  // Judges every table line twice: its time grows with the tables (and with the machine's load), not a measure.
  it('give the same verdicts and parses for every table line', { timeout: 120_000 }, async () => {
    const byNative = await judged('native', lines);
    const byWasm = await judged('wasm', lines);
    for (let i = 0; i < lines.length; i++) expect(byWasm[i], lines[i]!.line).toBe(byNative[i]);
  });

  it('give the same trees and verdicts on generated lines', async () => {
    const shellish = fc
      .array(fc.constantFrom(...'rm -rf/~$(){}[]`\'";|&<>\\ x=1\n\t#*!é€😀'.split(''), 'sudo ', 'bash -c ', '<<EOF\n', '$((', '${'), { maxLength: 60 })
      .map((a) => a.join(''));
    const samples = fc.sample(fc.oneof(fc.string({ maxLength: 120, unit: 'binary' }), shellish), { numRuns: 600, seed: 18 });
    for (const line of samples) expect(dump(wasm.parse(line)!.rootNode), JSON.stringify(line)).toEqual(dump(native.parse(line)!.rootNode));
    const lines = samples.map((line) => ({ line }));
    const byNative = await judged('native', lines);
    const byWasm = await judged('wasm', lines);
    for (let i = 0; i < lines.length; i++) expect(byWasm[i], JSON.stringify(lines[i]!.line)).toBe(byNative[i]);
  });

  it('agree on non-ASCII letters and spaces (bash and the native scanner: ASCII classes only)', async () => {
    const lines = [' é=]//', 'é=1 rm -rf /', 'ñame=x bash', 'x\u00a0=1 rm -rf ~', 'cat <<é\nrm -rf /\né\n', 'echo ${é:-x}', 'a\u3000b=1', 'FOO=é rm -rf ~/x'];
    for (const line of lines) expect(dump(wasm.parse(line)!.rootNode), line).toEqual(dump(native.parse(line)!.rootNode));
    const byNative = await judged(
      'native',
      lines.map((line) => ({ line })),
    );
    expect(
      await judged(
        'wasm',
        lines.map((line) => ({ line })),
      ),
    ).toEqual(byNative);
  });

  it('both hand out one object per node, as the parser code compares nodes with ===', () => {
    for (const p of [native, wasm]) {
      const root = p.parse('FOO=1 rm -rf / > out; echo "$(ls)"')!.rootNode;
      expect(p.parse('x')!.rootNode).not.toBe(root);
      const cmd = root.namedChildren[0]!.namedChildren.find((n) => n.type === 'command') ?? root.namedChildren[0]!;
      expect(cmd.namedChildren.find((n) => n.type === 'command_name')).toBe(cmd.childForFieldName('name'));
      expect(cmd.children[0]).toBe(cmd.child(0));
      expect(cmd.children[0]!.parent).toBe(cmd);
      expect(cmd.firstChild!.nextSibling).toBe(cmd.children[1]);
      expect(root.descendantsOfType('word')[0]).toBe(root.descendantForIndex(6, 8));
      const cursor = cmd.walk();
      cursor.gotoFirstChild();
      expect(cursor.currentNode).toBe(cmd.firstChild);
    }
  });

  it('WASM: frees the trees and cursors that the program drops (as the native binding does)', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const { runtime } = (await globalThis.__sgWasmRuntime)! as unknown as { runtime: { HEAP8: Int8Array } };
    const sizes: number[] = [];
    for (let batch = 0; batch < 5; batch++) {
      for (let i = 0; i < 3000; i++) {
        const cursor = wasm.parse(`for f in *.txt; do cat "$f" | grep -v x > "$f.out"; done # ${i}`)!.rootNode.walk();
        while (cursor.gotoFirstChild());
      }
      gc();
      for (let turn = 0; turn < 5; turn++) await new Promise((r) => setImmediate(r)); // finalizers run
      sizes.push(runtime.HEAP8.length);
    }
    // Kept, each batch would take ≈7 MB more WASM memory (WebAssembly memory never shrinks).
    expect(sizes.at(-1)! - sizes[0]!).toBeLessThan(4_000_000);
  });

  it('both give up on a parse past the time limit, and never resume it on the next input', async () => {
    const long = 'echo "$(a; b)" | x && y; '.repeat(2500);
    for (const p of [loadNative(1), await loadWasm(1)]) {
      expect(p.parse(long), p.backend).toBeNull();
      const next = p.parse('ls'); // cancelled again, or a tree of `ls` (not the rest of `long`)
      if (next) expect(next.rootNode.text, p.backend).toBe('ls');
    }
  });
});
