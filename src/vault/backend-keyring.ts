/*!
 * The OS keyring backend (Secret Service on Linux, Keychain on macOS) through `@napi-rs/keyring`.
 * On Linux it is used only when an agent's container cannot reach the Secret Service: the session
 * bus must be a socket path inside a directory the container hides (the runtime directory). An
 * abstract socket (`unix:abstract=…`, what `dbus-launch` often makes) is reachable from any
 * process sharing the network namespace, and contained commands keep the network: then the
 * encrypted file is used instead (backend.ts), and `vault list` says why.
 */
import { createRequire } from 'node:module';
import { isWithin } from '../sandbox/protected-paths.js';
import { quickHash } from '../util/quick-hash.js';
import { stateDir } from '../config/paths.js';
import type { VaultBackend } from './types.js';

interface KeyringEntry {
  getPassword(): string | null;
  setPassword(value: string): void;
  deletePassword(): boolean;
}
type KeyringModule = { Entry: new (service: string, account: string) => KeyringEntry };

const SERVICE = 'shellgate-vault';

function loadKeyring(): KeyringModule {
  return createRequire(import.meta.url)('@napi-rs/keyring') as KeyringModule;
}

/**
 * Why the keyring may not be used here (null: it may). On Linux the bus address must name only
 * socket paths inside `$XDG_RUNTIME_DIR`, which agent containers hide.
 */
export function keyringUnsafeReason(env: NodeJS.ProcessEnv): string | null {
  if (process.platform === 'darwin') return null;
  if (process.platform !== 'linux') return `no supported keyring on ${process.platform}`;
  const runtime = env.XDG_RUNTIME_DIR;
  const address = env.DBUS_SESSION_BUS_ADDRESS || (runtime ? `unix:path=${runtime}/bus` : '');
  if (!address) return 'no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS and XDG_RUNTIME_DIR unset)';
  if (!runtime) return 'XDG_RUNTIME_DIR is unset, so agent containers cannot hide the session bus';
  for (const part of address.split(';')) {
    const path = /^unix:path=([^,]+)$/.exec(part)?.[1];
    if (!path) return `the session bus (${part}) is not a socket path: agent commands could reach the Secret Service`;
    if (!isWithin(path, runtime)) return `the session bus ${path} is outside ${runtime}: agent commands could reach the Secret Service`;
  }
  return null;
}

export function keyringBackend(env: NodeJS.ProcessEnv): VaultBackend {
  // One vault per state directory (tests and sandboxes each have their own).
  const prefix = quickHash(stateDir(env));
  const entry = (name: string) => new (loadKeyring().Entry)(SERVICE, `${prefix}/${name}`);
  return {
    kind: 'keyring',
    describe: `OS keyring (service "${SERVICE}"${process.platform === 'linux' ? `, Secret Service on ${env.DBUS_SESSION_BUS_ADDRESS ?? 'the session bus'}` : ''})`,
    get: async (name) => entry(name).getPassword(),
    set: async (name, value) => entry(name).setPassword(value),
    remove: async (name) => {
      try {
        entry(name).deletePassword();
      } catch {
        /* already gone */
      }
    },
  };
}

/** Null when a value can be stored and read back in the keyring here; else what went wrong. */
export async function probeKeyring(env: NodeJS.ProcessEnv): Promise<string | null> {
  const unsafe = keyringUnsafeReason(env);
  if (unsafe) return unsafe;
  try {
    const b = keyringBackend(env);
    const token = `probe-${process.pid}-${Date.now()}`;
    await b.set('.probe', token);
    const back = await b.get('.probe');
    await b.remove('.probe');
    return back === token ? null : 'the keyring did not give back what was stored';
  } catch (err) {
    return `the keyring does not answer: ${(err as Error).message}`;
  }
}
