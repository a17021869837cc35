/*!
 * CST walker: visits every node of a tree-sitter-bash tree and emits every simple command that can
 * run, wherever it stands (lists, pipelines, compound statements, function bodies, substitutions,
 * redirect targets). Pipes link a command to what feeds its stdin. Nothing is dropped: ERROR nodes
 * are walked too, and recorded as issues. Redirects (walk-redirects.ts), assignments and declarations
 * (walk-assignments.ts) and the `:` standing for a statement without a command (colon-command.ts) are
 * read by functions of their own that take the walker.
 */
import type { SyntaxNode } from './syntax-tree.js';
import { UNKNOWN_INPUT, type Assignment, type Command, type Redirect, type StdinSource, type Word } from './model.js';
import type { Span } from '../core/verdict.js';
import { parseNested } from './nested.js';
import { promptCommands } from './prompt-expansion.js';
import { dashBeforeHeredoc } from './assignment-forms.js';
import { resolveWord, resolveWords, type WordScope } from './words.js';
import type { LineState } from './line-state.js';
import type { Emit, Frame, Walker } from './walker.js';
import { commandOutput, readRedirects } from './walk-redirects.js';
import { assignVariable, declareVariables } from './walk-assignments.js';
import { colonCommand } from './colon-command.js';

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
    return commandOutput(this, cmd);
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
        assignVariable(this, node);
        return [];
      case 'variable_assignments':
        node.namedChildren.forEach((c) => assignVariable(this, c));
        return [];
      case 'declaration_command':
        return declareVariables(this, node);
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
   * Reads redirect nodes: plain redirects, stdin sources, and statement tails inside heredocs
   * (walk-redirects.ts).
   */
  redirects(nodes: SyntaxNode[], depth: number): { redirects: Redirect[]; stdin: StdinSource | null; tails: SyntaxNode[]; args: SyntaxNode[] } {
    return readRedirects(this, nodes, depth);
  }

  /** Words after a redirect that belong to no command shellgate can rebuild (`! A=1 2>/dev/null git reset --hard`). */
  private unattached(node: SyntaxNode): void {
    this.state.issue('unsupported', 'words after a redirect that shellgate cannot give to their command', this.span(node));
  }

  private bareRedirect(node: SyntaxNode, redirects: Redirect[]): Command[] {
    const cmd = colonCommand(this, node, redirects, []);
    this.state.commands.push(cmd);
    return [cmd];
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
