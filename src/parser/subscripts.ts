/*!
 * Array subscripts are arithmetic, and bash expands `$(…)` in them wherever the subscript is
 * evaluated: `x='a[$(rm -rf ~)]'; (( x ))`, `read 'a[$(cmd)]'`, `printf -v 'a[$(cmd)]'`, `[[ -v 'a[$(cmd)]' ]]`.
 * Written in quotes, such a subscript is only text to the parser, so the line is searched for
 * `name[$(…)]` and `` name[`…`] `` and the commands inside are judged as if they ran.
 */
import { parseNested } from './nested.js';
import type { Walker } from './walker.js';

/** `a[$(`, and `a[\$(` (in double quotes the backslash is removed before `let`/`((` evaluate it). */
const START = /[A-Za-z_][A-Za-z0-9_]*\[\\?(\$\(|`)/g;
const MAX_FOUND = 8;

export function subscriptCommands(text: string, walker: Walker): void {
  let found = 0;
  for (const m of text.matchAll(START)) {
    if (found >= MAX_FOUND) return;
    const open = m.index + m[0].length;
    const end = m[1] === '`' ? text.indexOf('`', open) : closingParen(text, open);
    if (end < 0) continue;
    found++;
    parseNested(walker, text.slice(open, end), (a, b) => walker.frame.mapSpan(open + a, open + b), 'substitution', 'array subscript');
  }
}

/** Index of the `)` that closes a `$(` whose content starts at `from`, or -1. */
function closingParen(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return -1;
}
