/*!
 * Parser entry: a command line → every command that can run in it, plus the issues that stop the
 * classifier from trusting the picture (syntax errors, limits, dynamic command names).
 */
import { parseBash } from './grammar.js';
import { LIMITS, LineState, type ParseContext } from './line-state.js';
import type { ParsedLine } from './model.js';
import { CstWalker } from './walk.js';
import { emitCommand } from './emit.js';
import { joinContinuations } from './continuations.js';
import { subscriptCommands } from './subscripts.js';
import { readTree } from './syntax-tree.js';
import { rereadLegalBash } from './legal-rereads.js';

export type { ParseContext } from './line-state.js';
export { LIMITS } from './line-state.js';
export * from './model.js';

export function parseLine(source: string, ctx: ParseContext = {}): ParsedLine {
  const state = new LineState(ctx);
  const whole: [number, number] = [0, source.length];
  const result = (): ParsedLine => {
    const line: ParsedLine = { source, commands: state.commands, issues: state.issues, assignments: state.assignments };
    for (const [path, file] of state.written) if (file.text !== null) (line.written ??= {})[path] = { text: file.text, from: file.at ?? 0 };
    if (state.projects?.size) line.projects = [...state.projects];
    return line;
  };
  if (source.length > LIMITS.maxInput) {
    state.issue('too-large', `the line is over ${LIMITS.maxInput} characters`, whole);
    return result();
  }
  let tree = parseBash(source);
  let text = source;
  let mapSpan = (a: number, b: number): [number, number] => [a, b];
  const joined = tree && source.includes('\\\n') ? joinContinuations(source, tree.rootNode) : null;
  if (joined) {
    // bash removes a backslash-newline before it splits words (`r\<newline>m` is `rm`); tree-sitter splits there.
    text = joined.text;
    mapSpan = joined.mapSpan;
    tree = parseBash(text);
  }
  if (!tree) {
    state.issue('timeout', 'parsing the line took too long', whole);
    return result();
  }
  const filled = tree.rootNode.hasError ? rereadLegalBash(text) : null;
  if (filled) {
    // `echo $()`: read as `echo $(:)`, which means the same (legal-rereads.ts)
    const outer = mapSpan;
    [text, tree, mapSpan] = [filled.text, filled.tree, (a, b) => outer(filled.back(a), filled.back(b))];
  }
  const rootNode = tree.rootNode;
  const hasError = rootNode.hasError;
  if (hasError)
    state.issue('syntax-error', 'the line does not parse as bash (unterminated quote or construct?)', mapSpan(...errorSpan(rootNode, [0, text.length])));
  const walker = new CstWalker({ source: text, mapSpan, origin: 'line', via: [], depth: 0 }, state, emitCommand);
  walker.visit(readTree(tree, text, hasError), 0, null);
  if (text.includes('[')) subscriptCommands(text, walker);
  return result();
}

function errorSpan(root: import('./grammar.js').SyntaxNode, whole: [number, number]): [number, number] {
  const err = root.descendantsOfType('ERROR')[0];
  return err ? [err.startIndex, Math.max(err.endIndex, err.startIndex + 1)] : whole;
}
