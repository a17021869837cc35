/*!
 * What the vault knows about a credential besides its value: its name (the environment variable
 * an in-scope command receives), the environment it belongs to, its scope (hosts, programs) and
 * whether a human must approve each use. Kept in the vault index (index-store.ts); values live only
 * in a backend (backend.ts), never next to this.
 */
import type { Environment } from '../core/verdict.js';

export interface Credential {
  /** Environment variable name the value is given under (`RAILWAY_TOKEN`). */
  name: string;
  env: Environment;
  /** Hosts a request may go to (curl/wget/httpie URLs, psql/mysql hosts), lowercased. */
  hosts: string[];
  /** Programs that get it in their environment (`railway`, `gh`, `psql`). */
  programs: string[];
  /** Every use needs a human's approval for that command (always so for production). */
  approve: boolean;
  /** An approval lasts this long for this credential in that directory (else: that one command, once). */
  ttlMs?: number;
  createdAt: string;
}

/** Where values are kept. */
export type BackendKind = 'keyring' | 'file';

export interface VaultIndex {
  v: 1;
  backend?: BackendKind;
  credentials: Credential[];
}

/** A backend holds values by name; nothing else. */
export interface VaultBackend {
  kind: BackendKind;
  /** One line for `vault list`: where values are and why this backend. */
  describe: string;
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  remove(name: string): Promise<void>;
}

/** True when a human must approve uses of `c`. */
export function needsApproval(c: Credential): boolean {
  return c.approve || c.env === 'production';
}

export const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
