/*!
 * Redirects as the walk reads them: file redirects, here-strings and heredocs (the command's stdin),
 * and what tree-sitter hangs on them: words after a redirect target that bash gives to the command
 * (`git >/dev/null reset --hard`), and statement tails inside heredocs (`cat <<EOF | psql`).
 */
import type { SyntaxNode } from './syntax-tree.js';
import { UNKNOWN_INPUT, type Command, type Redirect, type StdinSource } from './model.js';
import { staticOutput } from './static-output.js';
import { fileText } from './written-files.js';
import { parseNested } from './nested.js';
import { resolveWord } from './words.js';
import type { Walker } from './walker.js';

/**
 * Reads redirect nodes: plain redirects, stdin sources, and statement tails inside heredocs.
 * tree-sitter gives the words after a redirect target (`git >/dev/null reset --hard`) to the
 * redirect as further destinations; bash passes them to the command: they come back as `args`.
 */
/** What `cmd` prints when that is known from the line alone (static-output.ts), else null. */
export function commandOutput(walker: Walker, cmd: Command): string | null {
  return staticOutput(
    cmd,
    (w) => fileText(w, walker.state),
    (name) => walker.state.lookup(name),
  );
}

export function readRedirects(walker: Walker, nodes: SyntaxNode[], depth: number): ReturnType<Walker['redirects']> {
  const redirects: Redirect[] = [];
  const tails: SyntaxNode[] = [];
  const args: SyntaxNode[] = [];
  let stdin: StdinSource | null = null;
  for (const r of nodes) {
    if (r.type === 'file_redirect') {
      const [target, ...rest] = r.childrenForFieldName('destination');
      const fdNode = r.childForFieldName('descriptor');
      const op = r.children.find((c) => !c.isNamed)?.text ?? '>';
      // `3>&-` closes a descriptor and has no target: tree-sitter takes the next word (`deck 3>&- reset`) as one
      if (op.endsWith('&-')) {
        args.push(...r.childrenForFieldName('destination'));
        continue;
      }
      if (!target) continue;
      args.push(...rest);
      const word = resolveWord(target, walker);
      redirects.push({ op, fd: fdNode ? Number(fdNode.text) : null, target: word });
      // `psql < <(echo 'DROP TABLE t')`: what a process substitution prints is read as from a pipe.
      const fed = target.type === 'process_substitution' && word.sources?.length ? word.sources : null;
      if (op === '<' && !fdNode)
        stdin = fed ? { kind: 'pipe', from: fed, text: fed.length === 1 ? commandOutput(walker, fed[0]!) : null } : { kind: 'file', path: word };
      // `bash <&3`, `sh 0<&$fd`: stdin is another descriptor, what it holds is only known when the line runs
      if (op === '<&' && (!fdNode || fdNode.text === '0') && word.value !== '0') stdin = UNKNOWN_INPUT;
    } else if (r.type === 'herestring_redirect') {
      const arg = r.namedChildren[0];
      const word = arg ? resolveWord(arg, walker) : null;
      stdin = { kind: 'herestring', text: (word?.value ?? '') + '\n', dynamic: word?.dynamic ?? true, span: walker.span(r) };
    } else if (r.type === 'heredoc_redirect') {
      stdin = heredocSource(walker, r);
      // `rm <<EOF -rf /`: the words after the delimiter are the command's
      args.push(...r.childrenForFieldName('argument'));
      for (const c of r.namedChildren) {
        if (!['heredoc_start', 'heredoc_body', 'heredoc_end'].includes(c.type) && c.type !== 'word' && !args.includes(c)) {
          if (c.type === 'file_redirect' || c.type === 'herestring_redirect') {
            const inner = readRedirects(walker, [c], depth);
            redirects.push(...inner.redirects);
            args.push(...inner.args);
          } else tails.push(c);
        }
      }
    } else {
      tails.push(r);
    }
  }
  return { redirects, stdin, tails, args };
}

/** A heredoc as the command's stdin: its text, and whether expansions make it known only when the line runs. */
export function heredocSource(walker: Walker, node: SyntaxNode): StdinSource {
  const start = node.namedChildren.find((c) => c.type === 'heredoc_start');
  const body = node.namedChildren.find((c) => c.type === 'heredoc_body');
  const quotedDelimiter = !!start && /['"\\]/.test(start.text);
  const stripTabs = node.children.some((c) => c.type === '<<-');
  let text = body ? body.text : '';
  let dynamic = false;
  if (body && !quotedDelimiter) {
    for (const c of body.namedChildren) {
      if (c.type === 'heredoc_content') continue;
      dynamic = true;
      if (c.type === 'command_substitution' || c.type === 'expansion' || c.type === 'simple_expansion') resolveWord(c, walker);
    }
    // Backquotes run in an unquoted heredoc too; tree-sitter-bash leaves them as text.
    for (const m of body.text.matchAll(/(?<!\\)`((?:\\.|[^`\\])+)`/g)) {
      dynamic = true;
      const at = body.startIndex + m.index + 1;
      parseNested(walker, m[1], (a, b) => walker.frame.mapSpan(at + a, at + b), 'substitution', 'heredoc backquotes');
    }
  }
  if (stripTabs) text = text.replace(/^\t+/gm, '');
  return { kind: 'heredoc', text, dynamic, span: walker.span(node) };
}
