/*!
 * The hash chain. Every entry carries `prev` (the hash of the entry before it, across rotated
 * files) and `hash` = sha256 over the canonical JSON of the entry without its own `hash` field.
 * Canonical JSON sorts object keys at every depth and drops `undefined`, so the hash does not
 * depend on the key order in which a line was written or re-serialised by a tool.
 */
import { createHash } from 'node:crypto';

/** `prev` of the very first entry of a log. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every depth, no whitespace; `undefined` members are dropped. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(obj).sort()) {
    if (obj[key] === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${canonicalJson(obj[key])}`);
  }
  return `{${parts.join(',')}}`;
}

/** The hash an entry must carry: sha256 (hex) of its canonical JSON without `hash`. */
export function entryHash(entry: Record<string, unknown>): string {
  const { hash: _ignored, ...rest } = entry;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

/** Returns a copy of `entry` with its `hash` set; `hash` is the last key of the written line. */
export function seal<T extends Record<string, unknown>>(entry: T): T & { hash: string } {
  const { hash: _ignored, ...rest } = entry;
  return { ...(rest as T), hash: entryHash(rest) };
}

/** True when `hash` is a 64-hex-digit sha256. */
export function isHash(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
}
