/*!
 * Which backend holds the values: the one recorded in the index when the first value was stored
 * (a vault never silently moves), chosen then as SHELLGATE_VAULT_BACKEND says (`keyring`, `file`)
 * or else the OS keyring when one answers where agent commands cannot reach it, else the
 * encrypted file (backend-keyring.ts, backend-file.ts).
 */
import { UserError } from '../core/user-error.js';
import { fileBackend } from './backend-file.js';
import { keyringBackend, probeKeyring } from './backend-keyring.js';
import { vaultDir } from './index-store.js';
import type { BackendKind, VaultBackend, VaultIndex } from './types.js';

export function openBackend(kind: BackendKind, env: NodeJS.ProcessEnv = process.env): VaultBackend {
  return kind === 'keyring' ? keyringBackend(env) : fileBackend(vaultDir(env));
}

/** The backend for a new vault, and why (for `vault set` / `vault list`). */
export async function chooseBackend(env: NodeJS.ProcessEnv = process.env): Promise<{ kind: BackendKind; why: string }> {
  const wanted = env.SHELLGATE_VAULT_BACKEND;
  if (wanted && wanted !== 'keyring' && wanted !== 'file') {
    throw new UserError(`SHELLGATE_VAULT_BACKEND=${wanted} is not a backend: use "keyring" or "file"`);
  }
  if (wanted === 'file') return { kind: 'file', why: 'SHELLGATE_VAULT_BACKEND=file' };
  const problem = await probeKeyring(env);
  if (wanted === 'keyring') {
    if (problem) throw new UserError(`SHELLGATE_VAULT_BACKEND=keyring, but ${problem}`);
    return { kind: 'keyring', why: 'SHELLGATE_VAULT_BACKEND=keyring' };
  }
  return problem ? { kind: 'file', why: `no usable keyring: ${problem}` } : { kind: 'keyring', why: 'the OS keyring answers' };
}

/** The backend of an existing vault (null when nothing was ever stored). */
export function backendOf(index: VaultIndex | null, env: NodeJS.ProcessEnv = process.env): VaultBackend | null {
  return index?.backend ? openBackend(index.backend, env) : null;
}
