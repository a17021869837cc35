/*!
 * `${var@P}` expands the value as a prompt string: bash runs the command substitutions in it
 * (`x='$(rm -rf ~)'; echo "${x@P}"`). A known value is parsed as the double-quoted string it
 * becomes; an unknown one is code only known when the line runs.
 */
import type { SyntaxNode } from './syntax-tree.js';
import type { Command } from './model.js';
import { parseNested } from './nested.js';
import type { Walker } from './walker.js';

/** `name@P`, `name[idx]@P` (the operand of a `${…}` expansion), or null. */
export function promptOperand(inner: string): string | null {
  const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9@*])(\[[^\]]*\])?@P$/.exec(inner);
  return m ? m[1]! + (m[2] ?? '') : null;
}

/** The commands the prompt expansion of `value` runs (null value: unknown, an issue). */
export function promptCommands(walker: Walker, value: string | null, node: SyntaxNode): Command[] {
  const span = walker.span(node);
  if (value === null) {
    walker.state.issue('dynamic-command', '`${…@P}` runs code that is only known when the line runs', span);
    return [];
  }
  if (!/[$`]/.test(value)) return [];
  return parseNested(walker, `: "${value.replace(/(["\\])/g, '\\$1').replace(/\\\\([$`])/g, '$1')}"`, () => span, 'eval', '${…@P}');
}
