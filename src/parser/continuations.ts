/*!
 * Line continuations inside a word. bash removes every backslash-newline outside single quotes
 * before it splits words, so `r\<newline>m -rf /` runs `rm`; tree-sitter-bash ends the word at the
 * backslash instead. Continuations glued to both neighbours are removed here, and spans are
 * mapped back to the original line.
 */
import type { SyntaxNode } from './grammar.js';

/** Node types in which a backslash-newline is literal text. */
const LITERAL = new Set(['raw_string', 'comment', 'heredoc_body', 'heredoc_content', 'ansi_c_string']);

const GLUED = /(?<=[^\s\\])\\\n(?=\S)/g;

/** The line with glued continuations removed and a span map back, or null when there are none. */
export function joinContinuations(source: string, root: SyntaxNode): { text: string; mapSpan: (a: number, b: number) => [number, number] } | null {
  const cuts: number[] = [];
  for (const m of source.matchAll(GLUED)) {
    if (!literalAt(root, m.index)) cuts.push(m.index);
  }
  if (cuts.length === 0) return null;
  let text = '';
  let from = 0;
  for (const at of cuts) {
    text += source.slice(from, at);
    from = at + 2;
  }
  text += source.slice(from);
  // A position in the joined text maps past every cut made before it (each cut removed two characters).
  const orig = (x: number): number => {
    let shift = 0;
    for (let i = 0; i < cuts.length && cuts[i] - shift <= x; i++) shift += 2;
    return x + shift;
  };
  return { text, mapSpan: (a, b) => [orig(a), orig(b)] };
}

function literalAt(root: SyntaxNode, index: number): boolean {
  for (let n: SyntaxNode | null = root.descendantForIndex(index, index + 1); n; n = n.parent) {
    if (LITERAL.has(n.type)) return true;
  }
  return false;
}
