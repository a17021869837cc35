/*!
 * The WASM binding of ./tree-sitter-bindings.ts: web-tree-sitter with the grammar's WASM build,
 * made to behave as the native addon where the parser code could tell them apart: one object per
 * node (the parser compares nodes with ===), ASCII-only character classes in the grammar's scanner
 * (as glibc's C locale has them natively), trees and cursors freed when collected, and a time limit
 * through the progress callback. Loading is asynchronous (WebAssembly compiles off the main path).
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import type { BashParser, SyntaxTree } from './tree-sitter-bindings.js';
import { dict } from '../util/dict.js';

const require = createRequire(import.meta.url);

/** Members of web-tree-sitter's classes that return nodes (see internNodes). */
const NODE_RETURNING: Record<'Node' | 'Tree' | 'TreeCursor', string[]> = {
  Node: [
    'parent',
    'children',
    'namedChildren',
    'child',
    'namedChild',
    'childForFieldName',
    'childForFieldId',
    'childrenForFieldName',
    'childrenForFieldId',
    'firstChild',
    'lastChild',
    'firstNamedChild',
    'lastNamedChild',
    'nextSibling',
    'previousSibling',
    'nextNamedSibling',
    'previousNamedSibling',
    'firstChildForIndex',
    'firstNamedChildForIndex',
    'childWithDescendant',
    'descendantsOfType',
    'descendantForIndex',
    'namedDescendantForIndex',
    'descendantForPosition',
    'namedDescendantForPosition',
  ],
  Tree: ['rootNode'],
  TreeCursor: ['currentNode'],
};
const NODES = Symbol('shellgate.nodes');
const INTERNED = Symbol('shellgate.interned');

/**
 * The one behavioural difference between the bindings that the parser code can see: the native
 * binding hands out one object per node of a tree (it caches them by id), so `child === nameNode`
 * holds; web-tree-sitter builds a new object on every access. This makes web-tree-sitter return the
 * tree's first object for each node id too (a map per tree, dropped with the tree).
 */
function internNodes(wts: Record<string, unknown>): void {
  const NodeClass = wts.Node as { prototype: object } & (abstract new (...a: never[]) => object);
  const intern = (n: unknown): unknown => {
    if (!(n instanceof NodeClass)) return n;
    const node = n as { id: number; tree: { [NODES]?: Map<number, unknown> } };
    const nodes = (node.tree[NODES] ??= new Map());
    const known = nodes.get(node.id);
    if (known) return known;
    nodes.set(node.id, n);
    return n;
  };
  const internAll = (v: unknown): unknown => {
    if (!Array.isArray(v)) return intern(v);
    for (let i = 0; i < v.length; i++) v[i] = intern(v[i]);
    return v;
  };
  for (const [cls, names] of Object.entries(NODE_RETURNING)) {
    const proto = (wts[cls] as { prototype: Record<symbol, boolean> }).prototype;
    if (proto[INTERNED]) continue;
    for (const name of names) {
      const d = Object.getOwnPropertyDescriptor(proto, name);
      if (d?.get) {
        const get = d.get;
        Object.defineProperty(proto, name, {
          ...d,
          get(this: unknown) {
            return internAll(get.call(this));
          },
        });
      } else if (typeof d?.value === 'function') {
        const fn = d.value as (...a: unknown[]) => unknown;
        Object.defineProperty(proto, name, {
          ...d,
          value(this: unknown, ...a: unknown[]) {
            return internAll(fn.apply(this, a));
          },
        });
      } else {
        throw new Error(`web-tree-sitter: ${cls}.${name} is missing (an unsupported version?)`);
      }
    }
    proto[INTERNED] = true;
  }
}

interface WebParser {
  setLanguage(l: unknown): void;
  parse(s: string, old: null, options: { progressCallback: () => boolean }): SyntaxTree | null;
  reset(): void;
}
interface WebTreeSitter {
  Parser: { init(moduleOptions: object): Promise<void>; new (): WebParser };
  Language: { load(bytes: Uint8Array): Promise<unknown> };
}
/** The Emscripten module of web-tree-sitter (the object passed to Parser.init, filled in by it). */
interface WasmRuntime {
  loadWebAssemblyModule(binary: unknown, flags: unknown, name?: string, localScope?: Record<string, unknown>, handle?: number): unknown;
  _ts_init(): number;
  _ts_tree_delete(tree: number): void;
  _ts_tree_cursor_delete_wasm(tree: number): void;
  setValue(address: number, value: number, type: 'i32'): void;
}

type Handles = Record<number, number> & { [HANDLES]?: number[]; tree: Handles };
const HANDLES = Symbol('shellgate.handles');
const FREED = Symbol('shellgate.freed');

/**
 * web-tree-sitter 0.25 frees a tree's or a cursor's WASM memory only on an explicit delete(). The
 * parser code leaves trees to the garbage collector, as the native binding allows, so each tree and
 * cursor gets a FinalizationRegistry entry that frees it. The entry holds a copy of the object's
 * WASM handles (slots [0]..[3]), kept current by the methods that change them: a cursor's stack
 * moves as it walks, and delete() zeroes them, so the finalizer frees what is there, or nothing.
 * (Accessors on the slots instead made every cursor call ≈3× slower: the slots are read on each.)
 */
function freeOnCollect(wts: Record<string, unknown>, runtime: WasmRuntime): (tree: object) => void {
  const transfer = runtime._ts_init(); // the address of web-tree-sitter's transfer buffer
  const trees = new FinalizationRegistry<number[]>((h) => {
    if (h[0]) runtime._ts_tree_delete(h[0]);
  });
  const cursors = new FinalizationRegistry<number[]>((h) => {
    if (!h[0] && !h[1] && !h[2]) return;
    for (let i = 0; i < 4; i++) runtime.setValue(transfer + 4 * i, h[i]!, 'i32');
    runtime._ts_tree_cursor_delete_wasm(h[4]!);
  });
  const track = (c: Handles): Handles => {
    const h = [c[0]!, c[1]!, c[2]!, c[3]!, c.tree[0]!];
    c[HANDLES] = h;
    cursors.register(c, h);
    return c;
  };
  const proto = (cls: string) => (wts[cls] as { prototype: Record<string | symbol, unknown> }).prototype;
  const wrap = (cls: string, name: string, after: (self: Handles, result: unknown) => unknown) => {
    const fn = proto(cls)[name] as (this: Handles, ...a: unknown[]) => unknown;
    proto(cls)[name] = function (this: Handles, ...a: unknown[]) {
      return after(this, fn.apply(this, a));
    };
  };
  if (!proto('TreeCursor')[FREED]) {
    wrap('Node', 'walk', (_, c) => track(c as Handles));
    wrap('TreeCursor', 'copy', (_, c) => track(c as Handles));
    for (const name of Object.getOwnPropertyNames(proto('TreeCursor')).filter((n) => /^(goto|reset|delete)/.test(n))) {
      wrap('TreeCursor', name, (c, result) => {
        const h = c[HANDLES];
        if (h) for (let i = 0; i < 4; i++) h[i] = c[i]!;
        return result;
      });
    }
    wrap('Tree', 'delete', (t, result) => ((t[HANDLES]![0] = 0), result));
    proto('TreeCursor')[FREED] = true;
  }
  return (tree) => {
    const h = [(tree as Handles)[0]!];
    (tree as Handles)[HANDLES] = h;
    trees.register(tree, h);
  };
}

declare global {
  // eslint-disable-next-line no-var
  var __sgWasmRuntime: Promise<{ runtime: WasmRuntime; freeTree: (tree: object) => void }> | undefined;
}

/**
 * The character classes of the grammar's external scanner, as the native addon has them: glibc's
 * iswalpha/iswalnum/iswspace in the C locale (Node never sets LC_CTYPE) are ASCII-only, as bash's
 * variable names are. web-tree-sitter's own versions follow Unicode (`é=x` would lex as an
 * assignment where bash and the native parser see a command named `é=x`), so the WASM grammar's
 * imports of them are renamed (same length) to these.
 */
const ASCII_CLASSES = dict<(c: number) => number>({
  sg_alpha: (c) => ((c | 32) >= 97 && (c | 32) <= 122 ? 1 : 0),
  sg_alnum: (c) => (((c | 32) >= 97 && (c | 32) <= 122) || (c >= 48 && c <= 57) ? 1 : 0),
  sg_space: (c) => (c === 32 || (c >= 9 && c <= 13) ? 1 : 0),
});
const RENAMED: [string, string][] = [
  ['iswalpha', 'sg_alpha'],
  ['iswalnum', 'sg_alnum'],
  ['iswspace', 'sg_space'],
];

/** The grammar's WASM with the imports in RENAMED renamed, in its import and dylink sections only. */
export function withAsciiClasses(wasm: Uint8Array): Uint8Array {
  const b = Uint8Array.from(wasm);
  const leb = (at: number): [number, number] => {
    let v = 0,
      shift = 0,
      p = at;
    for (;;) {
      const byte = b[p++]!;
      v |= (byte & 0x7f) << shift;
      if (!(byte & 0x80)) return [v >>> 0, p];
      shift += 7;
    }
  };
  let renamed = 0;
  for (let p = 8; p < b.length; ) {
    const id = b[p]!;
    const [size, start] = leb(p + 1);
    const end = start + size;
    const custom = id === 0 ? new TextDecoder().decode(b.subarray(leb(start)[1], leb(start)[1] + leb(start)[0])) : '';
    if (id === 2 || custom === 'dylink.0') {
      for (const [from, to] of RENAMED) {
        const needle = [from.length, ...Buffer.from(from)];
        for (let i = start; i + needle.length <= end; i++) {
          if (needle.every((x, k) => b[i + k] === x)) {
            b.set(Buffer.from(to), i + 1);
            if (id === 2) renamed++;
          }
        }
      }
    }
    p = end;
  }
  if (renamed !== RENAMED.length) throw new Error(`tree-sitter-bash.wasm: expected imports ${RENAMED.map(([f]) => f).join(', ')}`);
  return b;
}

/**
 * Loads web-tree-sitter and the WASM grammar (asynchronous: the runtime's WebAssembly is compiled
 * off the main path). Trees live in WASM memory and are freed when the garbage collector drops them
 * (web-tree-sitter registers them with a FinalizationRegistry), as native trees are.
 */
export async function loadWasm(timeoutMicros: number): Promise<BashParser> {
  const wts = require('web-tree-sitter') as WebTreeSitter & Record<string, unknown>;
  const { Parser, Language } = wts;
  internNodes(wts);
  globalThis.__sgWasmRuntime ??= (async () => {
    // V8 compiles WebAssembly with Liftoff at once and again with TurboFan in the background; for
    // the 1.4 MB grammar that second compile is ≈0.6 s of CPU, which a short process (a hook, an
    // in-process shellgate-sh) waits for at exit (measured: 1.5 s vs 0.3 s). Liftoff's code parses
    // as fast for lines this short (engine p50 within noise), so this process compiles WASM with
    // Liftoff only.
    setFlagsFromString('--liftoff-only');
    const runtime = {} as WasmRuntime;
    await Parser.init(runtime);
    // Language.load links a grammar through this: the renamed imports resolve to ASCII_CLASSES.
    const link = runtime.loadWebAssemblyModule;
    runtime.loadWebAssemblyModule = (binary, flags, name, localScope, handle) => link(binary, flags, name, { ...ASCII_CLASSES, ...localScope }, handle);
    return { runtime, freeTree: freeOnCollect(wts, runtime) };
  })();
  const { freeTree } = await globalThis.__sgWasmRuntime;
  const bash = await Language.load(withAsciiClasses(readFileSync(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'))));
  const parser = new Parser();
  parser.setLanguage(bash);
  return {
    backend: 'wasm',
    parse(source) {
      // web-tree-sitter has no setTimeoutMicros: the progress callback (called every few hundred
      // parser steps) cancels the parse past the deadline, and parse() then returns null.
      const deadline = performance.now() + timeoutMicros / 1000;
      try {
        const tree = parser.parse(source, null, { progressCallback: () => performance.now() > deadline });
        if (tree) freeTree(tree);
        else parser.reset();
        return tree;
      } catch {
        parser.reset();
        return null;
      }
    },
  };
}
