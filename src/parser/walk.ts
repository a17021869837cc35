/*!
 * CST walker: visits every node of a tree-sitter-bash tree and emits every simple command that can
 * run, wherever it stands (lists, pipelines, compound statements, function bodies, substitutions,
 * redirect targets). Pipes link a command to what feeds its stdin. Nothing is dropped: ERROR nodes
 * are walked too, and recorded as issues.
 */
import type { SyntaxNode } from './syntax-tree.js';
import { UNKNOWN_INPUT, type Assignment, type Command, type Redirect, type StdinSource, type Word } from './model.js';
import type { Span } from '../core/verdict.js';
import { parseNested } from './nested.js';
import { promptCommands } from './prompt-expansion.js';
import { declaredWords, dashBeforeHeredoc } from './assignment-forms.js';
import { resolveWord, resolveWords, type WordScope } from './words.js';
import { staticOutput } from './static-output.js';
import { COMMAND_VARS } from './command-vars.js';
import { fileText } from './written-files.js';
import type { LineState } from './line-state.js';
import type { Emit, Frame, Walker } from './walker.js';

export type { Frame } from './walker.js';

const MAX_TREE_DEPTH = 150;

const SEQUENTIAL = new Set([
  'program',
  'list',
  'compound_statement',
  'subshell',
  'do_group',
  'if_statement',
  'elif_clause',
  'else_clause',
  'while_statement',
  'until_statement',
  'negated_command',
  'case_item',
]);

/** Nodes that are only assignments: with words hung on their redirect they are a command (`A=1 2>&1 git status`). */
const ASSIGNMENT_NODES: ReadonlySet<string> = new Set(['variable_assignment', 'variable_assignments']);

export class CstWalker implements Walker, WordScope {
  constructor(
    readonly frame: Frame,
    readonly state: LineState,
    /** Called for each simple command; returns the commands it really runs (after unwrapping). */
    readonly emit: Emit,
  ) {}

  nest(frame: Frame): Walker {
    return new CstWalker(frame, this.state, this.emit);
  }

  span(node: SyntaxNode): Span {
    return this.frame.mapSpan(node.startIndex, node.endIndex);
  }

  lookup(name: string): string | undefined {
    return this.state.lookup(name);
  }

  lookupArray(name: string): string[] | undefined {
    return this.state.lookupArray(name);
  }

  lookupKey(name: string, key: string): string | undefined {
    return this.state.lookupKey(name, key);
  }

  setVar(name: string, value: string | null): void {
    this.state.setVar(name, value);
  }

  promptExpand(value: string | null, node: SyntaxNode): Command[] {
    return promptCommands(this, value, node);
  }

  /** What a command prints, when known without running it (files it cats read through the context). */
  private output(cmd: Command): string | null {
    return staticOutput(
      cmd,
      (w) => fileText(w, this.state),
      (name) => this.state.lookup(name),
    );
  }

  substitute(node: SyntaxNode): { text: string | null; commands: Command[] } {
    const saved = this.frame.origin;
    this.frame.origin = node.type === 'process_substitution' ? 'process-substitution' : 'substitution';
    // `$(<file)` is bash's `$(cat file)`.
    const only = node.namedChildren.length === 1 ? node.namedChildren[0] : null;
    const readsFile = node.type === 'command_substitution' && only?.type === 'file_redirect' && only.children.some((c) => c.type === '<');
    const dest = readsFile ? only!.childForFieldName('destination') : null;
    // What is written to `>(cmd)` is cmd's stdin, unknown here: `tee >(sh)` runs code only known when the line runs.
    const writtenTo = node.type === 'process_substitution' && node.text.startsWith('>(') ? UNKNOWN_INPUT : null;
    const commands = dest ? parseNested(this, `cat ${dest.text}`, () => this.span(node), 'substitution', '$(<file)') : this.visitChildren(node, 0, writtenTo);
    this.frame.origin = saved;
    const text = node.type === 'command_substitution' && commands.length === 1 ? this.output(commands[0]) : null;
    return { text, commands };
  }

  /** Visits a node; returns the commands it runs at its own level (used to link pipes). */
  visit(node: SyntaxNode, depth: number, stdin: StdinSource | null): Command[] {
    if (depth > MAX_TREE_DEPTH) {
      this.state.issue('too-deep', 'the line nests deeper than shellgate analyses', this.span(node));
      return [];
    }
    if (node.type === 'ERROR' || node.isMissing) {
      this.state.issue('syntax-error', 'the line does not parse as bash (unterminated quote or construct?)', this.span(node));
    }
    if (SEQUENTIAL.has(node.type) || node.type === 'ERROR') return this.visitChildren(node, depth, stdin);
    switch (node.type) {
      case 'command':
        return this.command(node, depth, stdin, []);
      case 'pipeline':
        return this.pipeline(node, depth, stdin);
      case 'redirected_statement':
        return this.redirected(node, depth, stdin);
      case 'variable_assignment':
        this.assign(node);
        return [];
      case 'variable_assignments':
        node.namedChildren.forEach((c) => this.assign(c));
        return [];
      case 'declaration_command':
        return this.declaration(node);
      case 'unset_command':
        node.namedChildren.forEach((c) => this.state.setVar(c.text, null));
        return [];
      case 'for_statement':
        return this.forStatement(node, depth, stdin);
      case 'function_definition': {
        // A definition runs nothing: the body is parsed where the function is called.
        const name = node.childForFieldName('name')?.text;
        const body = node.childForFieldName('body');
        if (name && body) this.state.functions.set(name, body.text);
        else return this.visitChildren(node, depth, stdin);
        // bash calls command_not_found_handle for every name it cannot find: judged as if called.
        if (name === 'command_not_found_handle' && body) return parseNested(this, body.text, () => this.span(node), 'function', `function ${name}`);
        return [];
      }
      case 'comment':
      case 'heredoc_body':
      case 'heredoc_start':
      case 'heredoc_end':
        return [];
      case 'command_substitution':
      case 'process_substitution':
        return this.substitute(node).commands;
      default:
        return this.visitChildren(node, depth, stdin);
    }
  }

  visitChildren(node: SyntaxNode, depth: number, stdin: StdinSource | null): Command[] {
    const out: Command[] = [];
    for (const child of node.namedChildren) {
      if (child.type === 'word' || child.type === 'string' || child.type === 'raw_string' || child.type === 'concatenation') {
        resolveWords(child, this); // walks substitutions inside loose words (test commands, case values)
        continue;
      }
      out.push(...this.visit(child, depth + 1, stdin));
    }
    return out;
  }

  /** `hung`: the redirects and words that tree-sitter hung on the whole pipeline (`a | b 2>/dev/null x`) belong to its last command. */
  private pipeline(node: SyntaxNode, depth: number, stdin: StdinSource | null, hung?: ReturnType<Walker['redirects']>): Command[] {
    let input = stdin;
    let last: Command[] = [];
    const parts = node.namedChildren;
    const takes = (n: SyntaxNode | undefined) => n?.type === 'command' || (!!n && ASSIGNMENT_NODES.has(n.type));
    if (hung?.args.length && !takes(parts[parts.length - 1])) this.unattached(node);
    for (const child of parts) {
      const end = hung && child === parts[parts.length - 1] && takes(child);
      last = end ? this.command(child, depth + 1, hung.stdin ?? input, hung.redirects, hung.args) : this.visit(child, depth + 1, input);
      const text = last.length === 1 ? this.output(last[0]) : null;
      input = { kind: 'pipe', from: last, text };
    }
    return last;
  }

  private redirected(node: SyntaxNode, depth: number, stdin: StdinSource | null): Command[] {
    const body = node.childForFieldName('body');
    const redirectNodes = node.namedChildren.filter((c) => c !== body);
    // tree-sitter-bash reads `a && b > f` as `(a && b) > f`; bash gives the redirect to `b` alone,
    // after `a` ran (`S=/etc && echo x > "$S/passwd"`).
    let target = body;
    while (target?.type === 'list' && target.namedChildren.length > 1) {
      const parts = target.namedChildren;
      for (const part of parts.slice(0, -1)) this.visit(part, depth + 1, stdin);
      target = parts[parts.length - 1]!;
    }
    // `! rm -rf 2>/dev/null /`: negation changes only the status; the words after the redirect are still rm's
    while (target?.type === 'negated_command' && target.namedChildren.length === 1) target = target.namedChildren[0]!;
    const extra = this.redirects(redirectNodes, depth);
    const input = extra.stdin ?? stdin;
    let cmds: Command[] = [];
    if (target?.type === 'command' || (target && ASSIGNMENT_NODES.has(target.type) && extra.args.length))
      cmds = this.command(target, depth + 1, input, extra.redirects, extra.args);
    else if (target?.type === 'pipeline' && extra.args.length) cmds = this.pipeline(target, depth + 1, stdin, extra);
    else if (target && target !== body) {
      if (extra.args.length) this.unattached(node);
      cmds = this.visit(target, depth + 1, input);
      for (const c of cmds) c.redirects.push(...extra.redirects);
    } else if (body) {
      if (extra.args.length) this.unattached(node);
      cmds = this.visit(body, depth + 1, input);
      for (const c of cmds) c.redirects.push(...extra.redirects);
    } else if (extra.redirects.length) {
      // A bare redirect (`> ~/.bashrc`) truncates its target: record it as the no-op command `:`.
      cmds = this.bareRedirect(node, extra.redirects);
    }
    // A heredoc may carry the rest of the statement: `cat <<EOF | psql`, `cat <<EOF && rm x`.
    for (const tail of extra.tails) {
      if (tail.type === 'pipeline' || tail.type === 'command' || tail.type === 'redirected_statement') {
        const piped = tail.type === 'pipeline' || tail.previousSibling?.type === '|';
        const text = cmds.length === 1 ? this.output(cmds[0]) : null;
        const next = this.visit(tail, depth + 1, piped ? { kind: 'pipe', from: cmds, text } : null);
        if (piped) cmds = next;
      } else {
        this.visit(tail, depth + 1, null);
      }
    }
    return cmds;
  }

  /**
   * Reads redirect nodes: plain redirects, stdin sources, and statement tails inside heredocs.
   * tree-sitter gives the words after a redirect target (`git >/dev/null reset --hard`) to the
   * redirect as further destinations; bash passes them to the command: they come back as `args`.
   */
  redirects(nodes: SyntaxNode[], depth: number): { redirects: Redirect[]; stdin: StdinSource | null; tails: SyntaxNode[]; args: SyntaxNode[] } {
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
        const word = resolveWord(target, this);
        redirects.push({ op, fd: fdNode ? Number(fdNode.text) : null, target: word });
        // `psql < <(echo 'DROP TABLE t')`: what a process substitution prints is read as from a pipe.
        const fed = target.type === 'process_substitution' && word.sources?.length ? word.sources : null;
        if (op === '<' && !fdNode)
          stdin = fed ? { kind: 'pipe', from: fed, text: fed.length === 1 ? this.output(fed[0]!) : null } : { kind: 'file', path: word };
        // `bash <&3`, `sh 0<&$fd`: stdin is another descriptor, what it holds is only known when the line runs
        if (op === '<&' && (!fdNode || fdNode.text === '0') && word.value !== '0') stdin = UNKNOWN_INPUT;
      } else if (r.type === 'herestring_redirect') {
        const arg = r.namedChildren[0];
        const word = arg ? resolveWord(arg, this) : null;
        stdin = { kind: 'herestring', text: (word?.value ?? '') + '\n', dynamic: word?.dynamic ?? true, span: this.span(r) };
      } else if (r.type === 'heredoc_redirect') {
        stdin = this.heredoc(r);
        // `rm <<EOF -rf /`: the words after the delimiter are the command's
        args.push(...r.childrenForFieldName('argument'));
        for (const c of r.namedChildren) {
          if (!['heredoc_start', 'heredoc_body', 'heredoc_end'].includes(c.type) && c.type !== 'word' && !args.includes(c)) {
            if (c.type === 'file_redirect' || c.type === 'herestring_redirect') {
              const inner = this.redirects([c], depth);
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

  /** Words after a redirect that belong to no command shellgate can rebuild (`! A=1 2>/dev/null git reset --hard`). */
  private unattached(node: SyntaxNode): void {
    this.state.issue('unsupported', 'words after a redirect that shellgate cannot give to their command', this.span(node));
  }

  private bareRedirect(node: SyntaxNode, redirects: Redirect[]): Command[] {
    const cmd = this.colon(node, redirects, []);
    this.state.commands.push(cmd);
    return [cmd];
  }

  /** The no-op command `:` standing for what a statement without a command does. */
  private colon(node: SyntaxNode, redirects: Redirect[], assignments: Assignment[]): Command {
    const span = this.span(node);
    const colon: Word = { raw: ':', value: ':', dynamic: false, quoted: false, span: [span[0], span[0]] };
    return {
      argv: [colon],
      program: ':',
      assignments,
      redirects,
      stdin: null,
      span,
      text: node.text,
      via: [...this.frame.via],
      origin: this.frame.origin,
      depth: this.frame.depth,
    };
  }

  /** Emits a `:` (as a command of the line, so what it carries is judged). */
  private emitColon(node: SyntaxNode, redirects: Redirect[], assignments: Assignment[]): void {
    this.emit(this.colon(node, redirects, assignments), this, null, node);
  }

  private heredoc(node: SyntaxNode): StdinSource {
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
        if (c.type === 'command_substitution' || c.type === 'expansion' || c.type === 'simple_expansion') resolveWord(c, this);
      }
      // Backquotes run in an unquoted heredoc too; tree-sitter-bash leaves them as text.
      for (const m of body.text.matchAll(/(?<!\\)`((?:\\.|[^`\\])+)`/g)) {
        dynamic = true;
        const at = body.startIndex + m.index + 1;
        parseNested(this, m[1], (a, b) => this.frame.mapSpan(at + a, at + b), 'substitution', 'heredoc backquotes');
      }
    }
    if (stripTabs) text = text.replace(/^\t+/gm, '');
    return { kind: 'heredoc', text, dynamic, span: this.span(node) };
  }

  command(node: SyntaxNode, depth: number, stdin: StdinSource | null, extraRedirects: Redirect[], extraArgs: SyntaxNode[] = []): Command[] {
    if (!this.state.countCommand(this.span(node))) return [];
    // `! A=1 2>/dev/null git reset --hard`: tree-sitter ends the command at its assignments and gives the rest to the redirect
    const bare = ASSIGNMENT_NODES.has(node.type);
    const nameNode = bare ? null : node.childForFieldName('name');
    const assignments: Assignment[] = [];
    const argv: Word[] = [];
    const redirectNodes: SyntaxNode[] = [];
    for (const child of node.type === 'variable_assignment' ? [node] : node.namedChildren) {
      if (child.type === 'variable_assignment' && (!nameNode || child.startIndex < nameNode.startIndex)) {
        const name = child.childForFieldName('name')?.text ?? '';
        const value = child.childForFieldName('value');
        assignments.push({ name, value: value ? resolveWord(value, this) : emptyWord(this.span(child)) });
      } else if (child.type.endsWith('_redirect')) {
        redirectNodes.push(child);
      } else if (child === nameNode) {
        for (const n of child.namedChildren) argv.push(...resolveWords(n, this));
      } else if (child.type === 'number' && /[<>]/.test(this.frame.source[child.endIndex] ?? '')) {
        // `sh 0<&3`, `cat 0<f`: tree-sitter reads the descriptor 0 as an argument; bash gives it to the redirect it touches
      } else {
        argv.push(...resolveWords(child, this));
      }
    }
    const extra = this.redirects(redirectNodes, depth);
    for (const a of [...extra.args, ...extraArgs]) argv.push(...resolveWords(a, this));
    argv.push(...dashBeforeHeredoc(this.frame.source, node.endIndex, this.frame.mapSpan));
    for (const tail of extra.tails) this.visit(tail, depth + 1, null);
    const cmd: Command = {
      argv,
      program: null,
      assignments,
      redirects: [...extra.redirects, ...extraRedirects],
      stdin: extra.stdin ?? stdin,
      span: this.span(node),
      text: node.text,
      via: [...this.frame.via],
      origin: this.frame.origin,
      depth: this.frame.depth,
    };
    if (this.frame.remote) cmd.remote = this.frame.remote;
    return this.emit(cmd, this, nameNode, node);
  }

  private assign(node: SyntaxNode): void {
    const nameNode = node.childForFieldName('name');
    // `a[$(cmd)]=1`: the subscript is expanded (and its substitutions run) before the assignment.
    if (nameNode?.type === 'subscript') {
      const index = nameNode.childForFieldName('index');
      const key = index ? resolveWord(index, this) : null;
      const arrayName = nameNode.childForFieldName('name')?.text;
      const valueNode = node.childForFieldName('value');
      const value = valueNode ? resolveWord(valueNode, this) : null;
      // `BASH_CMDS[ls]=/bin/rm`: bash runs that path for the name.
      if (arrayName === 'BASH_CMDS' && index && value && !value.dynamic) (this.state.hashed ??= new Map()).set(index.text, value.value);
      // `a[0]=rm; a[1]=-rf`: the array's elements, one by one.
      if (arrayName) this.state.setElement(arrayName, key && !key.dynamic ? key.value : null, value && !value.dynamic ? value.value : null);
      // `PROMPT_COMMAND[1]='…'`: bash 5.1 runs every element of the array
      if (arrayName && value && COMMAND_VARS.has(arrayName)) this.emitColon(node, [], [{ name: arrayName, value }]);
      return;
    }
    const name = nameNode?.text;
    const valueNode = node.childForFieldName('value');
    if (!name) return;
    // `a+=(x)` and `s+=x` append to what the variable held.
    const append = node.children.some((c) => c.type === '+=');
    if (valueNode?.type === 'array') {
      const words = valueNode.namedChildren.flatMap((c) => resolveWords(c, this));
      // `PROMPT_COMMAND+=('…')`: each element runs as a command (bash 5.1)
      if (COMMAND_VARS.has(name)) for (const w of words.slice(0, 8)) this.emitColon(node, [], [{ name, value: w }]);
      // `declare -A m=([k]="rm -rf ~")`, `a=([0]=rm [1]=-rf)`: elements by key.
      const keyed = words.length > 0 && words.every((w) => !w.dynamic && /^\[[^\]]+\]=/s.test(w.value));
      if (keyed) {
        const map = new Map(
          words.map((w) => {
            const end = w.value.indexOf(']=');
            return [w.value.slice(1, end), w.value.slice(end + 2)] as const;
          }),
        );
        this.state.setVar(name, [...map.values()].join(' '));
        (this.state.keyed ??= new Map()).set(name, map);
        return;
      }
      const before = append ? this.state.lookupArray(name) : [];
      this.state.setArray(name, words.some((w) => w.dynamic) || !before ? null : [...before, ...words.map((w) => w.value)]);
      return;
    }
    const value = valueNode ? resolveWord(valueNode, this) : null;
    const prefix = append ? this.state.lookup(name) : '';
    this.state.setVar(name, value && !value.dynamic && prefix !== undefined ? prefix + value.value : value ? null : (prefix ?? null));
    if (name === 'PATH') this.state.pathSet = value?.value;
    // `PROMPT_COMMAND='…'` alone runs its value at every prompt: judged as the no-op `:` carrying it.
    if (value && COMMAND_VARS.has(name)) this.emitColon(node, [], [{ name, value }]);
  }

  private declaration(node: SyntaxNode): Command[] {
    // `declare -n r=x` (also local/typeset): r names x, and `$r` is x's value wherever it is read.
    const nameref = node.namedChildren.some((c) => c.type === 'word' && /^-[a-zA-Z]*n/.test(c.text));
    for (const c of node.namedChildren) {
      if (c.type === 'variable_assignment') {
        const name = c.childForFieldName('name')?.text;
        const target = c.childForFieldName('value')?.text;
        if (nameref && name && target && /^[A-Za-z_][A-Za-z0-9_]*$/.test(target)) this.state.refs.set(name, target);
        else this.assign(c);
      } else declaredWords(c, resolveWords(c, this), this.state);
    }
    return [];
  }

  private forStatement(node: SyntaxNode, depth: number, stdin: StdinSource | null): Command[] {
    const variable = node.childForFieldName('variable');
    const values = node.childrenForFieldName('value').flatMap((v) => resolveWords(v, this));
    const body = node.childForFieldName('body');
    if (!body) return [];
    // A short static list: the body is judged once per value (`for f in ~/.bashrc ~/.profile; do > "$f"; done`).
    if (variable && values.length > 0 && values.length <= MAX_UNROLL && values.every((w) => !w.dynamic)) {
      const out: Command[] = [];
      for (const w of values) {
        this.state.setVar(variable.text, w.value);
        out.push(...this.visit(body, depth + 1, stdin));
      }
      return out;
    }
    if (variable) this.state.setVar(variable.text, null);
    return this.visit(body, depth + 1, stdin);
  }
}

/** Loop values up to which a for loop's body is judged once per value. */
const MAX_UNROLL = 8;

function emptyWord(span: Span): Word {
  return { raw: '', value: '', dynamic: false, quoted: false, span };
}
