/*!
 * Vitest setup file: loads the bash grammar before a test file runs. Tests call parseLine() and
 * engine.classify() directly; with the WASM binding (no native addon installed, or
 * SHELLGATE_PARSER=wasm) the grammar must be loaded first (src/parser/grammar.ts). With the native
 * addon this is skipped: it loads on the first parse, as in production.
 */
import { createRequire } from 'node:module';

function nativeInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve('tree-sitter');
    return true;
  } catch {
    return false;
  }
}

if (process.env.SHELLGATE_PARSER === 'wasm' || !nativeInstalled()) {
  const { prepareGrammar } = await import('../../src/parser/grammar.js');
  await prepareGrammar();
}
