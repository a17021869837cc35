/*!
 * What one word says as a verb: destructive, read, other (builds or changes) or nothing. A word is
 * split into parts (`delete-cluster`, `dropAll`, `db:drop`) and compared with the vocabulary, with
 * the exceptions that keep housekeeping (`cache:clear`) and undoing (`cancel-key-deletion`) apart.
 */
import { DESTRUCTIVE_VERBS, OTHER_VERBS, READ_VERBS, WHOLE_WORD_ONLY } from './verb-vocabulary.js';

/** Whole-word verbs that also destroy as the first part of a verb-object word. */
const LEADING_VERBS = new Set(['rollback', 'forget', 'detach', 'disable', 'deactivate', 'unpublish']);

/** Emptying a cache is housekeeping: `cache:clear`, `clear-cache`, `cache flush`. */
export const CACHE_VERBS = new Set(['clear', 'flush', 'clean', 'purge', 'cleanup']);
export const CACHE_NOUNS = new Set(['cache', 'caches', 'tmp', 'temp', 'log', 'logs']);
/** Framework caches of compiled files, rebuilt on the next request (`php artisan config:clear`, `view:clear`, `optimize:clear`). */
const COMPILED_CACHES = new Set(['config', 'route', 'routes', 'view', 'views', 'event', 'events', 'optimize', 'compiled', 'opcache']);
const UNDOING = new Set(['cancel', 'undo', 'abort', 'restore', 'recover', 'undelete']);

/** Verbs glued to their object without a separator: `deletefile`, `removeall`. */
const GLUED_VERB =
  /^(delete|remove|destroy|purge)[a-z]{3,}$|^(del|rm)(user|users|group|groups|key|keys|node|nodes|db|database|table|all)$|^(user|group|db|node)(del|rm)$/;

/** Undoing migrations: `migration down`, `db:migrate:undo`, `migrate -path m down 1`. */
export const MIGRATION_UNDO = new Set(['down', 'undo', 'redo', 'revert']);
export const MIGRATION_WORD = /(^|[-_])migrat|^(goose|dbmate|umzug|sqitch|flyway|tern|shmig)$/;

/** `delete-cluster` → delete, cluster; `dropAll` → drop, all; `db:drop` → db, drop. */
export function parts(word: string): string[] {
  return word
    .replace(/([a-z])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .split(/[-_:.]/)
    .filter(Boolean);
}

export function verbKind(word: string): 'destructive' | 'read' | 'other' | null {
  const lower = word.toLowerCase();
  const ps = parts(word);
  const segs = lower.split(':');
  if (ps.some((p) => CACHE_NOUNS.has(p)) && ps.some((p) => CACHE_VERBS.has(p))) return 'other';
  if (segs.length === 2 && COMPILED_CACHES.has(segs[0]) && segs[1] === 'clear') return 'other';
  // Undoing a destroying action is not one: `cancel-key-deletion`, `undo-delete`.
  if (ps.length > 1 && UNDOING.has(ps[0])) return 'other';
  if (DESTRUCTIVE_VERBS.has(lower) || GLUED_VERB.test(lower)) return 'destructive';
  if (ps.some((p) => DESTRUCTIVE_VERBS.has(p) && !WHOLE_WORD_ONLY.has(p))) return 'destructive';
  // A weak verb leading a verb-object word (`rollback-count`, `detach-role-policy`, `forget_cluster_node`).
  if (ps.length > 1 && LEADING_VERBS.has(ps[0])) return 'destructive';
  // `topic:verb` (heroku, firebase, artisan, rake): each colon segment is a whole word.
  if (segs.length > 1 && segs.some((seg) => DESTRUCTIVE_VERBS.has(seg))) return 'destructive';
  if (segs.length > 1 && segs.some((seg) => MIGRATION_WORD.test(seg)) && segs.some((seg) => MIGRATION_UNDO.has(seg))) return 'destructive';
  if (READ_VERBS.has(lower) || READ_VERBS.has(ps[0]) || /^(get|list|describe|show|view|read|search|query|fetch|head)[A-Z]/.test(word)) return 'read';
  if (OTHER_VERBS.has(lower) || OTHER_VERBS.has(ps[0])) return 'other';
  return null;
}
