/*!
 * Assignments made by builtins rather than `NAME=value`: `printf -v NAME FMT ARGS` sets NAME to
 * what printf would print. A known format and arguments give the value (`printf -v c 'rm -rf %s' ~;
 * $c` is `rm -rf ~`); anything else makes NAME unknown, never what it held before. Also
 * `declare 'c=rm -rf ~'` / `declare "$n=…"` (a quoted or built NAME=value), and a grammar quirk
 * that loses a word (`-` before a heredoc).
 */
import type { Command, Word } from './model.js';
import type { SyntaxNode } from './syntax-tree.js';
import type { LineState } from './line-state.js';
import type { Span } from '../core/verdict.js';
import type { Walker } from './walker.js';
import { staticOutput } from './static-output.js';

export function printfInto(cmd: Command, walker: Walker): void {
  const args = cmd.argv.slice(1);
  let i = 0;
  let name: string | null = null;
  for (; i < args.length; i++) {
    const v = args[i]!.value;
    if (v === '--') {
      i++;
      break;
    }
    if (v === '-v' && args[i + 1]) {
      name = args[++i]!.dynamic ? '' : args[i]!.value;
      continue;
    }
    if (/^-v./.test(v)) {
      name = args[i]!.dynamic ? '' : v.slice(2);
      continue;
    }
    break;
  }
  if (name === null) return;
  const target = /^([A-Za-z_][A-Za-z0-9_]*)/.exec(name)?.[1];
  if (!target) return;
  const rest = args.slice(i);
  const printed = rest.length ? staticOutput({ ...cmd, argv: [cmd.argv[0]!, ...rest], redirects: [], stdin: null }) : null;
  // An element (`printf -v 'a[2]' …`) makes the array unknown; the name alone takes the value.
  walker.state.setVar(target, name === target ? printed : null);
}

/** `declare 'c=rm -rf ~'`, `declare "$n=…"`: a quoted or built NAME=value assigns once resolved. */
export function declaredWords(node: SyntaxNode, words: Word[], state: LineState): void {
  for (const w of words) {
    const m = node.type !== 'word' || w.quoted ? /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(w.value) : null;
    if (m) state.setVar(m[1]!, w.dynamic ? null : m[2]!);
  }
}

/** tree-sitter-bash drops a lone `-` right before a heredoc (`curl -K - <<EOF`, `kubectl apply -f - <<EOF`); bash passes it. */
export function dashBeforeHeredoc(source: string, end: number, mapSpan: (a: number, b: number) => Span): Word[] {
  const dash = /^[ \t]+-(?=[ \t]+<<)/.exec(source.slice(end, end + 64));
  return dash ? [{ raw: '-', value: '-', dynamic: false, quoted: false, span: mapSpan(end + dash[0].length - 1, end + dash[0].length) }] : [];
}
