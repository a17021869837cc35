/*!
 * The only user of tree-sitter (through src/parser/tree-sitter-bindings.ts and tree-sitter-wasm.ts). Picks the binding
 * once per process: the native addon when it loads, else web-tree-sitter with the WASM grammar (an
 * install without a compiler has no native addon). `SHELLGATE_PARSER=native|wasm` forces one
 * (tests, benchmarks); both give the same trees, so the choice never changes a verdict, and a forced
 * binding that does not load makes every parse fail (the engine's could-not-judge verdict): an
 * agent that sets it in its environment can make shellgate ask more, never judge less.
 *
 * Parsing is synchronous, but loading the WASM grammar is not: every entry point that classifies
 * awaits prepareGrammar() first. The native binding also loads on the first parse, so with it the
 * await costs nothing extra; without it, a parse before prepareGrammar() resolved throws.
 */
import { loadNative, type Backend, type BashParser, type SyntaxTree } from './tree-sitter-bindings.js';
import { loadWasm } from './tree-sitter-wasm.js';

export type { SyntaxNode, SyntaxTree, TreeCursor, Backend } from './tree-sitter-bindings.js';

/** Time limit for one parse; tree-sitter gives up (returns no tree) past it. */
const PARSE_TIMEOUT_MICROS = 100_000;

declare global {
  // One parser per process, shared by the bundles that each carry a copy of this module.
  // eslint-disable-next-line no-var
  var __sgBashParser: BashParser | undefined;
}

let nativeError: Error | null = null;
let wasmLoading: Promise<BashParser> | null = null;

/** The binding asked for with SHELLGATE_PARSER, or null (the native one when it loads). */
export function forcedBackend(env: NodeJS.ProcessEnv = process.env): Backend | null {
  const v = env.SHELLGATE_PARSER;
  return v === 'native' || v === 'wasm' ? v : null;
}

function tryNative(): BashParser | null {
  if (nativeError) return null;
  try {
    return (globalThis.__sgBashParser = loadNative(PARSE_TIMEOUT_MICROS));
  } catch (err) {
    // The first line only: a missing module's message goes on with its require stack.
    nativeError = new Error(String((err as Error).message).split('\n')[0]);
    return null;
  }
}

/** Loads the grammar (once); resolves to the binding in use. Rejects when no binding loads. */
export async function prepareGrammar(): Promise<Backend> {
  if (globalThis.__sgBashParser) return globalThis.__sgBashParser.backend;
  const forced = forcedBackend();
  if (forced !== 'wasm' && tryNative()) return 'native';
  if (forced === 'native') throw new Error(`the native tree-sitter binding does not load: ${nativeError?.message}`);
  wasmLoading ??= loadWasm(PARSE_TIMEOUT_MICROS);
  return (globalThis.__sgBashParser = await wasmLoading).backend;
}

function getParser(): BashParser {
  const loaded = globalThis.__sgBashParser;
  if (loaded) return loaded;
  const forced = forcedBackend();
  if (forced !== 'wasm') {
    const native = tryNative();
    if (native) return native;
    if (forced === 'native') throw new Error(`the native tree-sitter binding does not load: ${nativeError?.message}`);
  }
  throw new Error('the bash grammar (WASM) is not loaded yet: prepareGrammar() was not awaited');
}

/**
 * Makes `backend` the binding of this process (loading it if needed): for tests and benchmarks that
 * compare the two in one process. Rejects when it does not load.
 */
export async function useBackend(backend: Backend): Promise<void> {
  if (backend === 'native') {
    if (globalThis.__sgBashParser?.backend === 'native') return;
    globalThis.__sgBashParser = loadNative(PARSE_TIMEOUT_MICROS);
  } else {
    wasmLoading ??= loadWasm(PARSE_TIMEOUT_MICROS);
    globalThis.__sgBashParser = await wasmLoading;
  }
}

/** The binding in use, or null before the first parse/prepareGrammar(). */
export function grammarBackend(): Backend | null {
  return globalThis.__sgBashParser?.backend ?? null;
}

/** Parses bash source; returns null when the parser gave up (time limit). Throws when no grammar is loaded. */
export function parseBash(source: string): SyntaxTree | null {
  return getParser().parse(source);
}
