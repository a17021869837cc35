/*!
 * Empty command and process substitutions (`echo $()`, `x="$( )"`, `cat <()`) are legal bash: they
 * run nothing and expand to nothing. tree-sitter-bash has no rule for them and reports an error
 * (a command with a MISSING name, or an ERROR node when there are several), which would make the
 * whole line a syntax error: asked, never judged. Here a line with errors is read again with `:`
 * (the command that does nothing and prints nothing) inside each empty substitution: `$()` means
 * the same as `$(:)`. The second reading is used only when it has no error at all and every `:`
 * put in stands in a substitution of its own (not in quotes, a comment or a heredoc's text);
 * otherwise the line keeps its errors: a real syntax error still fails closed.
 */
import { parseBash } from './grammar.js';
import { readTree, type SyntaxNode } from './syntax-tree.js';

type Tree = NonNullable<ReturnType<typeof parseBash>>;

/** `$(`, `<(` or `>(`, then only blanks and newlines, then `)`: the `:` goes right after the `(`. */
const EMPTY = /[$<>]\((?=\s*\))/g;

/** The line read with `:` in its empty substitutions, and the way back from its offsets to the line's; null when that does not parse either. */
export function fillEmptySubstitutions(text: string): { text: string; tree: Tree; back: (offset: number) => number } | null {
  let at = [...text.matchAll(EMPTY)].map((m) => m.index + m[0].length);
  for (let round = 0; round < 3 && at.length; round++) {
    const filled = insertColons(text, at);
    const tree = parseBash(filled);
    if (!tree) return null;
    // where each `:` is in the filled text (the i-th insertion moved i characters right)
    const colons = at.map((p, i) => p + i);
    const real = substitutionColons(readTree(tree, filled, tree.rootNode.hasError));
    const kept = at.filter((_, i) => real.has(colons[i]!));
    if (kept.length === at.length) return tree.rootNode.hasError ? null : { text: filled, tree, back: backFrom(colons) };
    at = kept;
  }
  return null;
}

function insertColons(text: string, at: number[]): string {
  let out = '';
  let from = 0;
  for (const p of at) {
    out += `${text.slice(from, p)}:`;
    from = p;
  }
  return out + text.slice(from);
}

/** Offsets of the `:` of every substitution whose whole text is `$( : )` (the command alone, blanks around it). */
function substitutionColons(root: SyntaxNode): Set<number> {
  const out = new Set<number>();
  const stack = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if ((node.type === 'command_substitution' || node.type === 'process_substitution') && /^[$<>]\(\s*:\s*\)$/.test(node.text))
      out.add(node.startIndex + node.text.indexOf(':'));
    for (const c of node.children) stack.push(c);
  }
  return out;
}

/** Maps an offset in the filled text back to the line: each `:` before it was not there. */
function backFrom(colons: number[]): (offset: number) => number {
  return (offset) => {
    let shift = 0;
    for (const c of colons) if (c < offset) shift++;
    return offset - shift;
  };
}
