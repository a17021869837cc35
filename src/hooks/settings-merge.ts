/*!
 * Helpers to add shellgate's hook entry to an agent's settings JSON without disturbing anything
 * else in it: find our entry (by its `shellgate … hook AGENT` command), update it in place if it
 * differs, or append it. Idempotent: merging twice changes nothing the second time. Removing
 * takes out our entry only (and a group or list it leaves empty).
 */

type Json = Record<string, unknown>;

/** True when `command` is a shellgate hook command for `agent` (whatever the path to shellgate). */
export function isShellgateHook(command: unknown, agent: string): boolean {
  if (typeof command !== 'string') return false;
  return new RegExp(`shellgate(\\.c?js)?["']?\\s+hook\\s+${agent}(\\s|$)`).test(command);
}

/** `parent[key]` as an object, created when missing; throws when it exists with another type. */
export function objectAt(parent: Json, key: string, where: string): Json {
  const v = parent[key];
  if (v === undefined) return (parent[key] = {}) as Json;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${where}.${key} is not an object`);
  return v as Json;
}

/** `parent[key]` as an array, created when missing; throws when it exists with another type. */
export function arrayAt(parent: Json, key: string, where: string): unknown[] {
  const v = parent[key];
  if (v === undefined) return (parent[key] = []) as unknown[];
  if (!Array.isArray(v)) throw new Error(`${where}.${key} is not an array`);
  return v;
}

/** Copies `want`'s fields onto `entry`; true when a value differed. */
function assign(entry: Json, want: Json): boolean {
  let changed = false;
  for (const [k, v] of Object.entries(want)) {
    if (JSON.stringify(entry[k]) !== JSON.stringify(v)) {
      entry[k] = v;
      changed = true;
    }
  }
  return changed;
}

/**
 * Claude Code / Gemini CLI layout: `groups` is `[{matcher, hooks: [{type, command, …}]}]`.
 * Ensures a group for `matcher` holds `hook` exactly once; returns true when it changed anything.
 */
export function mergeMatcherGroup(groups: unknown[], matcher: string, hook: Json, agent: string): boolean {
  for (const g of groups) {
    const hooks = (g as Json)?.hooks;
    if (!Array.isArray(hooks)) continue;
    const ours = hooks.find((h) => isShellgateHook((h as Json)?.command, agent)) as Json | undefined;
    if (!ours) continue;
    const changed = (g as Json).matcher !== matcher;
    (g as Json).matcher = matcher;
    return assign(ours, hook) || changed;
  }
  const group = groups.find((g) => (g as Json)?.matcher === matcher && Array.isArray((g as Json).hooks)) as Json | undefined;
  if (group) (group.hooks as unknown[]).push(hook);
  else groups.push({ matcher, hooks: [hook] });
  return true;
}

/** Cursor / Copilot layout: `entries` is `[{command, …}]` (`key`: the field holding the command). Same contract as mergeMatcherGroup. */
export function mergeFlatEntry(entries: unknown[], hook: Json, agent: string, key = 'command'): boolean {
  const ours = entries.find((h) => isShellgateHook((h as Json)?.[key], agent)) as Json | undefined;
  if (ours) return assign(ours, hook);
  entries.push(hook);
  return true;
}

/** Takes shellgate's hooks for `agent` out of matcher groups (and groups left empty); true when any was there. */
export function removeFromMatcherGroups(groups: unknown[], agent: string): boolean {
  let changed = false;
  for (let i = groups.length - 1; i >= 0; i--) {
    const hooks = (groups[i] as Json)?.hooks;
    if (!Array.isArray(hooks)) continue;
    const kept = hooks.filter((h) => !isShellgateHook((h as Json)?.command, agent));
    if (kept.length === hooks.length) continue;
    changed = true;
    if (kept.length === 0) groups.splice(i, 1);
    else (groups[i] as Json).hooks = kept;
  }
  return changed;
}

/** Takes shellgate's entries for `agent` out of a flat list; true when any was there. */
export function removeFlatEntries(entries: unknown[], agent: string, key = 'command'): boolean {
  const before = entries.length;
  for (let i = entries.length - 1; i >= 0; i--) if (isShellgateHook((entries[i] as Json)?.[key], agent)) entries.splice(i, 1);
  return entries.length !== before;
}

/** Deletes `parent[key]` when it is an empty array or object; true when it did. */
export function dropIfEmpty(parent: Json | undefined, key: string): boolean {
  const v = parent?.[key];
  const empty = Array.isArray(v) ? v.length === 0 : typeof v === 'object' && v !== null && Object.keys(v).length === 0;
  if (parent && empty) delete parent[key];
  return Boolean(parent && empty);
}
