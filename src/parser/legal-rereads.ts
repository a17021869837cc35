/*!
 * Legal bash that tree-sitter-bash reports as an error, read again in a spelling that means the same:
 *   - empty command and process substitutions (`echo $()`, `x="$( )"`, `cat <()`) run nothing and
 *     expand to nothing; the grammar has no rule for them (a command with a MISSING name, or an ERROR
 *     when there are several). Read with `:` inside (`$(:)`: the command that does nothing, prints nothing).
 *   - a lone `~` in a test (`[ -d ~ ]`, `[[ $PWD == ~ ]]`): the grammar takes it for the arithmetic
 *     operator. Read as `~/` (the same directory; a test runs nothing itself, only its substitutions).
 * Without this such a line would be a syntax error: asked, never judged. The second reading is used
 * only when it has no error at all and every character put in stands where its rewrite meant it (in
 * a substitution of its own; in a word of a test), not in quotes, a comment or a heredoc's text;
 * otherwise the line keeps its errors: a real syntax error still fails closed.
 */
import { parseBash } from './grammar.js';
import { readTree, type SyntaxNode } from './syntax-tree.js';

type Tree = NonNullable<ReturnType<typeof parseBash>>;

interface Reread {
  /** Where the character goes: the match's end. */
  at: RegExp;
  char: string;
  /** Offsets of the put-in characters that stand where they should, in the reread tree. */
  placed: (root: SyntaxNode) => Set<number>;
}

const REREADS: Reread[] = [
  // `$(`, `<(` or `>(`, then only blanks and newlines, then `)`
  { at: /[$<>]\((?=\s*\))/g, char: ':', placed: (root) => nodesAt(root, isColonSubstitution, ':') },
  // `~` between blanks (or before `]`) after a `[`/`[[` earlier on the line
  { at: /(?<=\[[^\n]*\s)~(?=\s|\]|$)/g, char: '/', placed: (root) => nodesAt(root, isTestTilde, '/') },
];

/** The line read again with the rewrites above, and the way back from its offsets to the line's; null when that does not parse either. */
export function rereadLegalBash(text: string): { text: string; tree: Tree; back: (offset: number) => number } | null {
  let inserts = REREADS.flatMap((r) => [...text.matchAll(r.at)].map((m) => ({ at: m.index + m[0].length, r })));
  inserts.sort((a, b) => a.at - b.at);
  for (let round = 0; round < 3 && inserts.length; round++) {
    const filled = insert(text, inserts);
    const tree = parseBash(filled);
    if (!tree) return null;
    // where each character is in the filled text (the i-th insertion moved i characters right)
    const where = inserts.map((x, i) => x.at + i);
    const root = readTree(tree, filled, tree.rootNode.hasError);
    const placed = new Map(REREADS.map((r) => [r, r.placed(root)]));
    const kept = inserts.filter((x, i) => placed.get(x.r)!.has(where[i]!));
    if (kept.length === inserts.length) return tree.rootNode.hasError ? null : { text: filled, tree, back: backFrom(where) };
    inserts = kept;
  }
  return null;
}

function insert(text: string, inserts: { at: number; r: Reread }[]): string {
  let out = '';
  let from = 0;
  for (const x of inserts) {
    out += text.slice(from, x.at) + x.r.char;
    from = x.at;
  }
  return out + text.slice(from);
}

/** Offsets of `char` in every node the test accepts. */
function nodesAt(root: SyntaxNode, accept: (node: SyntaxNode) => boolean, char: string): Set<number> {
  const out = new Set<number>();
  const stack = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (accept(node)) out.add(node.startIndex + node.text.indexOf(char));
    for (const c of node.children) stack.push(c);
  }
  return out;
}

/** A substitution whose whole text is `$( : )`: the command alone, blanks around it. */
const isColonSubstitution = (node: SyntaxNode): boolean =>
  (node.type === 'command_substitution' || node.type === 'process_substitution') && /^[$<>]\(\s*:\s*\)$/.test(node.text);

/** `~/` inside a test (which the grammar reads as its `~` operator before the word `/`). */
function isTestTilde(node: SyntaxNode): boolean {
  if ((node.type !== 'word' && node.type !== 'unary_expression') || node.text !== '~/') return false;
  for (let p = node.parent; p; p = p.parent) if (p.type === 'test_command') return true;
  return false;
}

/** Maps an offset in the filled text back to the line: each character put in before it was not there. */
function backFrom(where: number[]): (offset: number) => number {
  return (offset) => {
    let shift = 0;
    for (const c of where) if (c < offset) shift++;
    return offset - shift;
  };
}
