/*!
 * The two tree-sitter bindings behind one face. `native` is the `tree-sitter` addon (an optional
 * dependency: it has no linux-x64 prebuild and compiles on install); `wasm` is web-tree-sitter with
 * the WASM grammar that `tree-sitter-bash` ships, which installs without a compiler. Both run the
 * same C parser (web-tree-sitter is pinned to the addon's minor, 0.25: the 0.26/0.27 cores recover
 * from syntax errors differently) on the same grammar tables, so the trees are the same
 * (test/parser/bindings.test.ts asserts identical trees and verdicts). The parser code sees only the types below: the part of the
 * node and cursor API that both bindings implement alike (all properties/getters, none of the
 * `hasError()`-as-a-method forms of older web-tree-sitter releases). Anything beyond it belongs here;
 * what the WASM binding needs to behave as the native one is in ./tree-sitter-wasm.ts. Both packages
 * are loaded with require(): an ESM `import` costs ~30 ms more per process.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface Point {
  readonly row: number;
  readonly column: number;
}

/** A node of the bash syntax tree: the members both bindings have, with the same meaning. */
export interface SyntaxNode {
  /** Unique within a tree. */
  readonly id: number;
  readonly type: string;
  readonly isNamed: boolean;
  readonly isMissing: boolean;
  readonly isError: boolean;
  readonly hasError: boolean;
  readonly text: string;
  /** Offsets in UTF-16 code units of the parsed string (both bindings parse UTF-16). */
  readonly startIndex: number;
  readonly endIndex: number;
  readonly startPosition: Point;
  readonly endPosition: Point;
  readonly parent: SyntaxNode | null;
  readonly children: SyntaxNode[];
  readonly namedChildren: SyntaxNode[];
  readonly childCount: number;
  readonly namedChildCount: number;
  readonly firstChild: SyntaxNode | null;
  readonly lastChild: SyntaxNode | null;
  readonly firstNamedChild: SyntaxNode | null;
  readonly lastNamedChild: SyntaxNode | null;
  readonly nextSibling: SyntaxNode | null;
  readonly previousSibling: SyntaxNode | null;
  readonly nextNamedSibling: SyntaxNode | null;
  readonly previousNamedSibling: SyntaxNode | null;
  child(index: number): SyntaxNode | null;
  namedChild(index: number): SyntaxNode | null;
  childForFieldName(field: string): SyntaxNode | null;
  childrenForFieldName(field: string): SyntaxNode[];
  descendantsOfType(types: string | string[]): SyntaxNode[];
  descendantForIndex(start: number, end?: number): SyntaxNode | null;
  walk(): TreeCursor;
  toString(): string;
}

/** A tree cursor: the members both bindings have. */
export interface TreeCursor {
  readonly nodeType: string;
  /** The node type's number in the grammar (the same in both bindings: one grammar). */
  readonly nodeTypeId: number;
  readonly nodeText: string;
  readonly nodeIsNamed: boolean;
  readonly nodeIsMissing: boolean;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly currentNode: SyntaxNode;
  readonly currentFieldName: string | null;
  /** 0 when the node fills no field. */
  readonly currentFieldId: number;
  readonly currentDepth: number;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
  reset(node: SyntaxNode): void;
}

export interface SyntaxTree {
  readonly rootNode: SyntaxNode;
}

export type Backend = 'native' | 'wasm';

/** A bash parser of one binding: null when it gave up (past `timeoutMicros`). */
export interface BashParser {
  readonly backend: Backend;
  parse(source: string): SyntaxTree | null;
}

/** Loads the native addon and the grammar's prebuilt native binding; throws when either is missing. */
export function loadNative(timeoutMicros: number): BashParser {
  interface NativeParser {
    setLanguage(l: unknown): void;
    setTimeoutMicros(t: number): void;
    parse(s: string, oldTree?: undefined, options?: { bufferSize?: number }): SyntaxTree | null | undefined;
    reset(): void;
  }
  const TreeSitter = require('tree-sitter') as new () => NativeParser;
  const parser = new TreeSitter();
  parser.setLanguage(require('tree-sitter-bash'));
  parser.setTimeoutMicros(timeoutMicros);
  return {
    backend: 'native',
    parse(source) {
      try {
        // The whole line in one read into a buffer just big enough (N-API adds a NUL): the default
        // buffer is 32K UTF-16 units, allocated and zeroed on every parse.
        const tree = parser.parse(source, undefined, { bufferSize: source.length + 1 });
        if (!tree) parser.reset();
        return tree ?? null;
      } catch {
        parser.reset();
        return null;
      }
    },
  };
}
