/*!
 * The bash syntax tree as plain objects, read from tree-sitter in one pass of a TreeCursor. The
 * walker asks each node for its type, text, range, children and fields many times; asked of
 * tree-sitter's own node objects, every such question is a call into the native binding (and
 * `namedChildren` builds a new array each time), which cost more than the parse itself. Here each
 * node is read once. Only what web-tree-sitter has too is used (rootNode.walk, gotoFirstChild,
 * gotoNextSibling, gotoParent, nodeTypeId, nodeType, nodeIsNamed, nodeIsMissing, startIndex,
 * endIndex, currentFieldId, currentFieldName); without the ids, the names are asked each time.
 */
import type { parseBash } from './grammar.js';

type Tree = NonNullable<ReturnType<typeof parseBash>>;
/** Both bindings' cursors also number types and fields (ids the names are looked up by once). */
type TreeCursor = ReturnType<Tree['rootNode']['walk']> & { readonly nodeTypeId?: number; readonly currentFieldId?: number };

const NO_CHILDREN: readonly SyntaxNode[] = Object.freeze([]);

/** One node: the subset of tree-sitter's SyntaxNode the parser uses, with the same meanings. */
export class SyntaxNode {
  /** All children, anonymous ones (`|`, `<<-`, `+=`) included, in order. */
  children: SyntaxNode[] = NO_CHILDREN as SyntaxNode[];
  private named: SyntaxNode[] | null = null;
  private cachedText: string | null = null;

  constructor(
    private readonly source: string,
    readonly type: string,
    readonly isNamed: boolean,
    readonly isMissing: boolean,
    readonly startIndex: number,
    readonly endIndex: number,
    /** The field this node fills in its parent (`name`, `value`, `destination` …), or null. */
    readonly field: string | null,
    readonly parent: SyntaxNode | null,
  ) {}

  get text(): string {
    return (this.cachedText ??= this.source.slice(this.startIndex, this.endIndex));
  }

  get namedChildren(): SyntaxNode[] {
    if (this.named) return this.named;
    const all = this.children;
    let named = all;
    for (let i = 0; i < all.length; i++) {
      if (!all[i]!.isNamed) {
        named = all.filter((c) => c.isNamed);
        break;
      }
    }
    return (this.named = named);
  }

  childForFieldName(name: string): SyntaxNode | null {
    const all = this.children;
    for (let i = 0; i < all.length; i++) if (all[i]!.field === name) return all[i]!;
    return null;
  }

  childrenForFieldName(name: string): SyntaxNode[] {
    return this.children.filter((c) => c.field === name);
  }

  get previousSibling(): SyntaxNode | null {
    if (!this.parent) return null;
    const siblings = this.parent.children;
    const i = siblings.indexOf(this);
    return i > 0 ? siblings[i - 1]! : null;
  }
}

/**
 * Type names (with whether the type is named) and field names by id, per grammar: a node's type
 * and named-ness follow from its symbol id, a field's name from its field id.
 */
interface Names {
  types: Map<number, { type: string; named: boolean }>;
  fields: Map<number, string | null>;
}
const namesByLanguage = new WeakMap<object, Names>();

function namesFor(tree: Tree): Names {
  const language = (tree as unknown as { language?: object }).language;
  const fresh = (): Names => ({ types: new Map(), fields: new Map() });
  if (!language) return fresh();
  let names = namesByLanguage.get(language);
  if (!names) namesByLanguage.set(language, (names = fresh()));
  return names;
}

/**
 * Reads the whole tree of `source` into plain nodes (one cursor walk). `hasError`: whether the
 * tree has errors; only then can a node be MISSING, so only then is that asked.
 */
export function readTree(tree: Tree, source: string, hasError: boolean): SyntaxNode {
  const cursor: TreeCursor = tree.rootNode.walk();
  try {
    const names = namesFor(tree);
    const root = readNode(cursor, source, names, hasError, null, false);
    let parent = root;
    if (!cursor.gotoFirstChild()) return root;
    for (;;) {
      const node = readNode(cursor, source, names, hasError, parent, true);
      if (parent.children === NO_CHILDREN) parent.children = [];
      parent.children.push(node);
      if (cursor.gotoFirstChild()) {
        parent = node;
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (parent === root || !cursor.gotoParent()) return root;
        parent = parent.parent!;
      }
    }
  } finally {
    (cursor as { delete?: () => void }).delete?.(); // web-tree-sitter frees its cursors by hand
  }
}

function readNode(cursor: TreeCursor, source: string, names: Names, hasError: boolean, parent: SyntaxNode | null, inParent: boolean): SyntaxNode {
  const typeId = cursor.nodeTypeId;
  let kind = typeId === undefined ? undefined : names.types.get(typeId);
  if (!kind) {
    kind = { type: cursor.nodeType, named: cursor.nodeIsNamed };
    if (typeId !== undefined) names.types.set(typeId, kind);
  }
  let field: string | null = null;
  if (inParent) {
    const fieldId = cursor.currentFieldId;
    if (fieldId === undefined) field = cursor.currentFieldName ?? null;
    else if (fieldId) {
      let name = names.fields.get(fieldId);
      if (name === undefined) names.fields.set(fieldId, (name = cursor.currentFieldName ?? null));
      field = name;
    }
  }
  const missing = hasError ? cursor.nodeIsMissing : false;
  return new SyntaxNode(source, kind.type, kind.named, missing, cursor.startIndex, cursor.endIndex, field, parent);
}
