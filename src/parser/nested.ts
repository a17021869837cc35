/*!
 * Parsing a string as a command line inside another (`bash -c STR`, eval, ssh, aliases, scripts),
 * with spans mapped back to the original line and the nesting depth bounded.
 */
import { parseBash } from './grammar.js';
import type { Command, Origin, StdinSource, Word } from './model.js';
import { LIMITS } from './line-state.js';
import type { Walker } from './walker.js';
import type { Span } from '../core/verdict.js';
import { readTree } from './syntax-tree.js';
import { rereadLegalBash } from './legal-rereads.js';

/** Parses `text` as a command line nested in `parent` (its commands reading `stdin`); returns the commands it emitted. */
export function parseNested(
  parent: Walker,
  text: string,
  mapper: (start: number, end: number) => Span,
  origin: Origin,
  label: string,
  remote?: string,
  stdin: StdinSource | null = null,
): Command[] {
  const state = parent.state;
  const outer = mapper(0, text.length);
  if (parent.frame.depth + 1 > LIMITS.maxNestingDepth) {
    state.issue('too-deep', `command strings nested more than ${LIMITS.maxNestingDepth} levels deep`, outer);
    return [];
  }
  if (!state.countNested(outer)) return [];
  if (text.length > LIMITS.maxInput) {
    state.issue('too-large', `a nested command string is over ${LIMITS.maxInput} characters`, outer);
    return [];
  }
  let tree = parseBash(text);
  if (!tree) {
    state.issue('timeout', 'parsing a nested command string took too long', outer);
    return [];
  }
  const filled = tree.rootNode.hasError ? rereadLegalBash(text) : null;
  if (filled) {
    // `bash -c 'echo $()'`: read as `echo $(:)` (legal-rereads.ts)
    const inner = mapper;
    [text, tree, mapper] = [filled.text, filled.tree, (a, b) => inner(filled.back(a), filled.back(b))];
  }
  // A nested string that does not parse is judged as a line that does not parse (a MISSING `)` too, which the walk does not visit).
  if (tree.rootNode.hasError) state.issue('syntax-error', `the ${label} string does not parse as bash (unterminated quote or construct?)`, outer);
  const before = state.commands.length;
  const walker = parent.nest({ source: text, mapSpan: mapper, origin, via: [...parent.frame.via, label], depth: parent.frame.depth + 1, remote });
  walker.visit(readTree(tree, text, tree.rootNode.hasError), 0, stdin);
  return state.commands.slice(before);
}

/** Maps offsets inside a word's value to the line when the value is the word's text verbatim. */
export function wordMapper(word: Word): (start: number, end: number) => Span {
  const [s, e] = word.span;
  const raw = word.raw;
  let offset = -1;
  if (raw === word.value) offset = s;
  else if ((raw.startsWith("'") || raw.startsWith('"')) && raw.slice(1, -1) === word.value) offset = s + 1;
  if (offset < 0 || e - s !== raw.length) return () => [s, e];
  return (a, b) => [offset + a, offset + b];
}
