/*! A real engine with the built-in rules and a fixed, file-less context for table tests. */
import { loadEngine, type Engine } from '../../src/engine/load-engine.js';
import type { Context } from '../../src/classifier/context.js';

let engine: Engine | null = null;

export async function builtinEngine(): Promise<Engine> {
  if (!engine) {
    engine = loadEngine();
    await engine.ready();
  }
  return engine;
}

export const BASE_CTX: Partial<Context> = {
  cwd: '/home/dev/app',
  env: { HOME: '/home/dev' },
  actor: 'agent',
  readFile: () => undefined,
};
