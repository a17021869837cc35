/*!
 * From a path into the data (`rules/3/match/flags/1`) back to the YAML text: the node at that
 * path, or the closest ancestor that exists, as a 1-based line and column.
 */
import type { Document, LineCounter, Node } from 'yaml';
import { yaml } from '../util/yaml-module.js';

/** A path into parsed YAML: map keys and list indexes. */
export type DataPath = (string | number)[];

export interface Position {
  line: number;
  col: number;
}

/** The node at `path`, or the deepest ancestor that exists. */
export function nodeAt(doc: Document, path: DataPath): Node | null {
  let node = doc.contents as Node | null;
  for (const seg of path) {
    let next: unknown;
    if (yaml().isMap(node)) next = node.items.find((p) => keyText(p.key) === String(seg))?.value;
    else if (yaml().isSeq(node)) next = node.items[Number(seg)];
    if (!next || typeof next !== 'object') break;
    node = next as Node;
  }
  return node;
}

/** The key node of `key` in the map at `path` (for "unknown key" messages), else the map. */
export function keyNodeAt(doc: Document, path: DataPath, key: string): Node | null {
  const map = nodeAt(doc, path);
  if (yaml().isMap(map)) {
    const pair = map.items.find((p) => yaml().isPair(p) && keyText(p.key) === key);
    if (pair && pair.key && typeof pair.key === 'object') return pair.key as Node;
  }
  return map;
}

/** The text of a map key (scalars by value). */
export function keyText(key: unknown): string {
  return yaml().isScalar(key) ? String(key.value) : String(key);
}

/** Line and column of a node's start (1:1 when there is none). */
export function positionOf(lc: LineCounter, node: Node | null | undefined): Position {
  const offset = node?.range?.[0];
  if (offset === undefined) return { line: 1, col: 1 };
  const p = lc.linePos(offset);
  return { line: p.line, col: p.col };
}

/** Parses an ajv instance path (`/rules/0/match`) into a data path. */
export function parsePointer(pointer: string): DataPath {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => {
      const seg = s.replace(/~1/g, '/').replace(/~0/g, '~');
      return /^\d+$/.test(seg) ? Number(seg) : seg;
    });
}
