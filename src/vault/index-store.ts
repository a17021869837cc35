/*!
 * The vault index (`<state>/vault/index.json`): names, environments and scopes, never values. In
 * the state directory, which agent commands cannot see (contain/agent-plan.ts), so an agent cannot
 * widen a credential's scope. Updates take a lock and replace the file atomically. Last use is kept
 * apart (usage.json) so that the injection path never rewrites the index.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stateDir } from '../config/paths.js';
import { withLock } from '../util/lock.js';
import type { Credential, VaultIndex } from './types.js';

/** `<state>/vault`, created 0700. */
export function vaultDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = join(stateDir(env), 'vault');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

function indexPath(env: NodeJS.ProcessEnv): string {
  return join(stateDir(env), 'vault', 'index.json');
}

/** The index, or null when there is no vault (the fast path of every agent command). */
export function readIndex(env: NodeJS.ProcessEnv = process.env): VaultIndex | null {
  let text: string;
  try {
    text = readFileSync(indexPath(env), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`cannot read the vault index ${indexPath(env)}: ${(err as Error).message}`);
  }
  const data = JSON.parse(text) as VaultIndex;
  if (data?.v !== 1 || !Array.isArray(data.credentials)) throw new Error(`the vault index ${indexPath(env)} is not a shellgate vault index (v1)`);
  return data;
}

function writeJson(path: string, value: unknown): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, path);
}

/** Changes the index under its lock. */
export function updateIndex<T>(env: NodeJS.ProcessEnv, fn: (index: VaultIndex) => T): T {
  const dir = vaultDir(env);
  return withLock(
    join(dir, 'index.lock'),
    () => {
      const index = readIndex(env) ?? { v: 1, credentials: [] };
      const out = fn(index);
      writeJson(indexPath(env), index);
      return out;
    },
    { timeoutMs: 5000 },
  );
}

export function findCredential(index: VaultIndex | null, name: string): Credential | undefined {
  return index?.credentials.find((c) => c.name === name);
}

function usagePath(env: NodeJS.ProcessEnv): string {
  return join(stateDir(env), 'vault', 'usage.json');
}

/** Last use per credential (ISO time). */
export function readUsage(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  try {
    return JSON.parse(readFileSync(usagePath(env), 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}

/** Records a use (best effort: last use is information, not a control). */
export function recordUse(names: string[], env: NodeJS.ProcessEnv = process.env): void {
  if (names.length === 0) return;
  try {
    withLock(
      join(vaultDir(env), 'usage.lock'),
      () => {
        const usage = readUsage(env);
        for (const n of names) usage[n] = new Date().toISOString();
        writeJson(usagePath(env), usage);
      },
      { timeoutMs: 5000 },
    );
  } catch {
    /* not recorded */
  }
}
