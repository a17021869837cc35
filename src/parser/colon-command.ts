/*!
 * The no-op command `:` standing for what a statement without a command does: a bare redirect
 * (`> ~/.bashrc` truncates it), or an assignment that runs code later (`PROMPT_COMMAND='…'`), so
 * that what it carries is judged like any command's.
 */
import type { SyntaxNode } from './syntax-tree.js';
import type { Assignment, Command, Redirect, Word } from './model.js';
import type { Walker } from './walker.js';

/** The no-op command `:` standing for what a statement without a command does. */
export function colonCommand(walker: Walker, node: SyntaxNode, redirects: Redirect[], assignments: Assignment[]): Command {
  const span = walker.span(node);
  const colon: Word = { raw: ':', value: ':', dynamic: false, quoted: false, span: [span[0], span[0]] };
  return {
    argv: [colon],
    program: ':',
    assignments,
    redirects,
    stdin: null,
    span,
    text: node.text,
    via: [...walker.frame.via],
    origin: walker.frame.origin,
    depth: walker.frame.depth,
  };
}
