/*!
 * Config files read on every agent command (undo.yaml, sandbox.yaml) are parsed once per version
 * of their text (config/parsed-cache.ts): a change is seen at once, a broken file fails every time
 * (never a cached older answer), and a cache entry planted for another text is not used.
 */
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadUndoConfig, UndoConfigError } from '../../src/undo/undo-config.js';
import { loadSandboxConfig } from '../../src/sandbox/user-config.js';

let env: NodeJS.ProcessEnv;
const saved = { ...process.env };
beforeEach(() => {
  const root = mkdtempSync(join(tmpdir(), 'sg-parsed-'));
  env = { ...process.env, SHELLGATE_CONFIG_DIR: join(root, 'config'), SHELLGATE_CACHE_DIR: join(root, 'cache') };
  mkdirSync(env.SHELLGATE_CONFIG_DIR!, { recursive: true });
  Object.assign(process.env, { SHELLGATE_CACHE_DIR: env.SHELLGATE_CACHE_DIR, SHELLGATE_CONFIG_DIR: env.SHELLGATE_CONFIG_DIR });
});
afterEach(() => {
  for (const k of ['SHELLGATE_CACHE_DIR', 'SHELLGATE_CONFIG_DIR']) if (saved[k] === undefined) delete process.env[k];
  Object.assign(process.env, saved);
});

describe('config files parsed once per version', () => {
  it('undo.yaml: cached, a change seen at once, a broken file refused every time', () => {
    const file = join(env.SHELLGATE_CONFIG_DIR!, 'undo.yaml');
    writeFileSync(file, 'keep: 7\n');
    expect(loadUndoConfig(env).keep).toBe(7);
    expect(readdirSync(join(env.SHELLGATE_CACHE_DIR!, 'config')).some((f) => f.startsWith('undo-v2-'))).toBe(true);
    expect(loadUndoConfig(env).keep).toBe(7);
    writeFileSync(file, 'keep: 9\n');
    expect(loadUndoConfig(env).keep).toBe(9);
    writeFileSync(file, 'keep: [\n');
    expect(() => loadUndoConfig(env)).toThrow(UndoConfigError);
    expect(() => loadUndoConfig(env)).toThrow(UndoConfigError);
    writeFileSync(file, 'keep: 7\n'); // the first version again: its entry is still good
    expect(loadUndoConfig(env).keep).toBe(7);
  });

  it('an entry is named by the text it was parsed from: one planted under another name is not used', () => {
    const file = join(env.SHELLGATE_CONFIG_DIR!, 'sandbox.yaml');
    writeFileSync(file, 'agents: advisory\n');
    expect(loadSandboxConfig(env).agents).toBe('advisory');
    const dir = join(env.SHELLGATE_CACHE_DIR!, 'config');
    for (const f of readdirSync(dir)) writeFileSync(join(dir, f), JSON.stringify({ mask: [], unmask: [], writable: ['/'] }));
    writeFileSync(file, 'agents: enforce\n');
    expect(loadSandboxConfig(env)).toMatchObject({ agents: 'enforce', writable: [] });
  });
});
