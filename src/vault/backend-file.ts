/*!
 * The encrypted-file backend, for machines without a Secret Service an agent cannot reach
 * (headless Linux, CI): every value in one age file (`<state>/vault/secrets.age`, X25519 through
 * the `age-encryption` library), its identity beside it (`identity.key`, 0600). Both are in the
 * state directory, which agent commands do not see (their container hides it), so a contained
 * command can read neither. Never plain text on disk: the map is encrypted before it is written.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VaultBackend } from './types.js';
import { withLockAsync } from '../util/lock.js';

type AgeModule = typeof import('age-encryption');

/** age-encryption is ESM only: loaded with import() (through the bundle loader in the CommonJS entries). */
function loadAge(): Promise<AgeModule> {
  return import('age-encryption');
}

function readIdentity(dir: string): string | null {
  try {
    return readFileSync(join(dir, 'identity.key'), 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

async function identity(age: AgeModule, dir: string): Promise<string> {
  const have = readIdentity(dir);
  if (have) return have;
  const fresh = await age.generateIdentity();
  writeFileSync(join(dir, 'identity.key'), fresh + '\n', { mode: 0o600, flag: 'wx' });
  return fresh;
}

async function readMap(age: AgeModule, dir: string): Promise<Record<string, string>> {
  let data: Buffer;
  try {
    data = readFileSync(join(dir, 'secrets.age'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
  const id = readIdentity(dir);
  if (!id) throw new Error(`${join(dir, 'secrets.age')} exists but its key ${join(dir, 'identity.key')} is gone: the values cannot be read (set them again)`);
  const d = new age.Decrypter();
  d.addIdentity(id);
  return JSON.parse(await d.decrypt(new Uint8Array(data), 'text')) as Record<string, string>;
}

async function writeMap(age: AgeModule, dir: string, map: Record<string, string>): Promise<void> {
  const e = new age.Encrypter();
  e.addRecipient(await age.identityToRecipient(await identity(age, dir)));
  const data = await e.encrypt(JSON.stringify(map));
  const tmp = join(dir, `secrets.age.${process.pid}.tmp`);
  writeFileSync(tmp, data, { mode: 0o600 });
  renameSync(tmp, join(dir, 'secrets.age'));
}

/** Changes the map of values under a lock. */
async function change(dir: string, fn: (map: Record<string, string>) => void): Promise<void> {
  const age = await loadAge();
  await withLockAsync(
    join(dir, 'secrets.lock'),
    async () => {
      const map = await readMap(age, dir);
      fn(map);
      await writeMap(age, dir, map);
    },
    { timeoutMs: 5000 },
  );
}

export function fileBackend(dir: string): VaultBackend {
  return {
    kind: 'file',
    describe: `encrypted file ${join(dir, 'secrets.age')} (age; key ${join(dir, 'identity.key')}, hidden from agent commands)`,
    async get(name) {
      const map = await readMap(await loadAge(), dir);
      return Object.hasOwn(map, name) ? map[name]! : null;
    },
    set: (name, value) => change(dir, (map) => void (map[name] = value)),
    remove: (name) => change(dir, (map) => void delete map[name]),
  };
}
