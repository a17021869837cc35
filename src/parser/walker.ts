/*!
 * The walker as the parser's helpers see it: the frame being walked, the line's shared state, and
 * the calls they make back into the walk. The walk (walk.ts), the emitter (emit.ts) and the
 * parsing of nested command strings (nested.ts) call one another recursively; each takes the
 * walker as a parameter of this type, so none of them imports another in a circle.
 */
import type { SyntaxNode } from './syntax-tree.js';
import type { Command, Origin, Redirect, StdinSource } from './model.js';
import type { LineState } from './line-state.js';
import type { Span } from '../core/verdict.js';

/** Where the text being walked came from, relative to the original line. */
export interface Frame {
  source: string;
  /** Maps a range of `source` to a range of the original line. */
  mapSpan: (start: number, end: number) => Span;
  origin: Origin;
  via: string[];
  depth: number;
  remote?: string;
}

/** Called for each simple command; returns the commands it really runs (after unwrapping). */
export type Emit = (cmd: Command, walker: Walker, nameNode: SyntaxNode | null, node: SyntaxNode) => Command[];

export interface Walker {
  readonly frame: Frame;
  readonly state: LineState;
  readonly emit: Emit;
  /** A walker for text nested in this one's (`bash -c STR`, eval, …): same line state and emitter. */
  nest(frame: Frame): Walker;
  span(node: SyntaxNode): Span;
  lookup(name: string): string | undefined;
  lookupArray(name: string): string[] | undefined;
  lookupKey(name: string, key: string): string | undefined;
  setVar(name: string, value: string | null): void;
  promptExpand(value: string | null, node: SyntaxNode): Command[];
  substitute(node: SyntaxNode): { text: string | null; commands: Command[] };
  visit(node: SyntaxNode, depth: number, stdin: StdinSource | null): Command[];
  visitChildren(node: SyntaxNode, depth: number, stdin: StdinSource | null): Command[];
  redirects(nodes: SyntaxNode[], depth: number): { redirects: Redirect[]; stdin: StdinSource | null; tails: SyntaxNode[]; args: SyntaxNode[] };
  command(node: SyntaxNode, depth: number, stdin: StdinSource | null, extraRedirects: Redirect[], extraArgs?: SyntaxNode[]): Command[];
}
