/*
 * The plain syntax tree (src/parser/syntax-tree.ts) answers what tree-sitter's own nodes answer:
 * for every line of the corpus, the cases, the rule examples and some broken ones, node by node —
 * type, named-ness, MISSING, range, text, children, fields and previous siblings.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseBash, type SyntaxNode as TsNode } from '../../src/parser/grammar.js';
import { readTree, type SyntaxNode } from '../../src/parser/syntax-tree.js';
import { builtinEngine } from '../helpers/engine.js';

const FIELDS = ['name', 'value', 'body', 'destination', 'descriptor', 'variable', 'index', 'argument', 'condition', 'operator', 'left', 'right', 'redirect'];

function differences(ts: TsNode, plain: SyntaxNode, path: string, out: string[]): void {
  const at = `${path}/${ts.type}`;
  const same = (what: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`${at}: ${what} ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`);
  };
  const brief = (n: TsNode | SyntaxNode | null) => (n ? [n.type, n.startIndex, n.endIndex] : null);
  same('type', ts.type, plain.type);
  same('isNamed', ts.isNamed, plain.isNamed);
  same('isMissing', ts.isMissing, plain.isMissing);
  same('range', [ts.startIndex, ts.endIndex], [plain.startIndex, plain.endIndex]);
  same('text', ts.text, plain.text);
  same('namedChildren', ts.namedChildren.map(brief), plain.namedChildren.map(brief));
  for (const f of FIELDS) {
    same(`field ${f}`, brief(ts.childForFieldName(f)), brief(plain.childForFieldName(f)));
    same(`fields ${f}`, ts.childrenForFieldName(f).map(brief), plain.childrenForFieldName(f).map(brief));
  }
  same('children', ts.children.map(brief), plain.children.map(brief));
  if (ts.children.length !== plain.children.length) return;
  ts.children.forEach((c, i) => {
    same('previousSibling', brief(c.previousSibling), brief(plain.children[i]!.previousSibling));
    differences(c, plain.children[i]!, at, out);
  });
}

async function lines(): Promise<string[]> {
  const out = new Set<string>();
  const cases = new URL('../cases/', import.meta.url);
  for (const f of readdirSync(cases).filter((x) => x.endsWith('.yaml')))
    for (const c of parse(readFileSync(new URL(f, cases), 'utf8')) as { command: string }[]) out.add(c.command);
  for (const c of parse(readFileSync(new URL('../corpus/parser.yaml', import.meta.url), 'utf8')) as { line: string }[]) out.add(c.line);
  for (const r of (await builtinEngine()).ruleset.rules) for (const l of [...(r.examples?.match ?? []), ...(r.examples?.not_match ?? [])]) out.add(l);
  for (const l of [
    'echo "unterminated',
    'if true; then',
    'a && ',
    '$(',
    'cat <<EOF\nx',
    'for x in; do',
    '((',
    'f() {',
    '`',
    'a | | b',
    '',
    'x=$((1 +',
    'case $x in a) ;;',
  ])
    out.add(l);
  return [...out];
}

describe('plain syntax tree', () => {
  it('is tree-sitter’s tree, node by node', async () => {
    const all = await lines();
    expect(all.length).toBeGreaterThan(1000);
    const out: string[] = [];
    for (const line of all) {
      const tree = parseBash(line);
      if (!tree) continue;
      differences(tree.rootNode, readTree(tree, line, tree.rootNode.hasError), JSON.stringify(line.slice(0, 50)), out);
    }
    expect(out.slice(0, 20)).toEqual([]);
  }, 120_000); // every line of test/cases/*.yaml and the rule examples: it grows with the tables, and the machine is shared

  it('marks MISSING nodes in a tree with errors', () => {
    const tree = parseBash('a && ')!;
    const plain = readTree(tree, 'a && ', tree.rootNode.hasError);
    const missing: string[] = [];
    const walk = (n: SyntaxNode) => {
      if (n.isMissing) missing.push(n.type);
      n.children.forEach(walk);
    };
    walk(plain);
    expect(missing).toEqual(['word']);
  });
});
