/*!
 * Programs and scripts named for destroying: `lvremove`, `dropuser`, `wipefs`, `userdel`,
 * `./scripts/teardown.sh`, and `bash ./drop-db.sh` when the script cannot be read here. The name is
 * the only evidence of what they do, so it is judged as a destroying verb.
 */
import type { AnalyzerInput, Fact } from '../facts.js';
import { absolutePath } from '../path-class.js';
import type { CommandView } from '../command-view.js';
import { parts } from './verb-kind.js';
import { DESTRUCTIVE_VERBS, WHOLE_WORD_ONLY } from './verb-vocabulary.js';

/** Program names that are themselves the verb: `lvremove`, `dropuser`, `wipefs`, `userdel`, `kafka-delete-records`. */
// A leading verb counts alone, before a separator, or before what it destroys (`dropdb`, `wipefs`), not as the
// start of another word (`dropbear`, `dropbox`, `purgecss`); `del` ends a name only after what it deletes (`userdel`, not `xidel`).
const VERB_PROGRAM =
  /^(drop|wipe|purge|destroy|nuke|erase|shred)([-_.]|$|(db|dbs|user|users|lang|fs|all|data|disk|disks|database|table|tables|schema|index|old|kernels?)\b)|(remove|delete|destroy|drop|purge|wipe)$|([-_]|user|group|db|node)del$/;

export function verbProgram(p: string): boolean {
  // rmdir removes only empty directories; duperemove shares duplicate extents, it deletes no file; *undelete restores
  if (p === 'rmdir' || p === 'duperemove' || p.endsWith('undelete')) return false;
  if (VERB_PROGRAM.test(p)) return true;
  const ps = p.toLowerCase().split(/[-_]/);
  return ps.length > 1 && ps.some((x) => DESTRUCTIVE_VERBS.has(x) && !WHOLE_WORD_ONLY.has(x));
}

/** Scripts named for destroying (`./scripts/teardown.sh`, `destroy-prod.sh`, `drop_db.py`): what they hold is unknown when unread. */
const SCRIPT_EXT = /\.(sh|bash|zsh|py|rb|pl|js|mjs|ts)$/;
const SCRIPT_VERBS = new Set(['destroy', 'teardown', 'nuke', 'wipe', 'purge', 'drop', 'dropdb', 'obliterate', 'erase', 'delete', 'truncate']);

const DROPPED_STORES = new Set([
  'db',
  'dbs',
  'database',
  'databases',
  'table',
  'tables',
  'schema',
  'schemas',
  'all',
  'everything',
  'prod',
  'production',
  'data',
  'bucket',
  'buckets',
  'index',
  'indexes',
  'collection',
  'collections',
  'keyspace',
]);

export function scriptNamedToDestroy(p: string): boolean {
  if (!SCRIPT_EXT.test(p)) return false;
  const words = parts(p.slice(p.lastIndexOf('/') + 1).replace(SCRIPT_EXT, ''));
  // `drop` alone or of a store (`drop-db.sh`, `drop_all.py`), not of data in hand (`drop_duplicates.py`).
  return words.some((x, i) => SCRIPT_VERBS.has(x) && (x !== 'drop' || i === words.length - 1 || DROPPED_STORES.has(words[i + 1]!)));
}

/** Shells and interpreters that run a script file given as their first argument (`bash x.sh`, `python3 x.py`). */
const SCRIPT_RUNNERS = /^(bash|sh|dash|zsh|ksh|python\d?(\.\d+)?|node|bun|deno|ruby|perl|php|tsx|ts-node)$/;

/** `bash ./scripts/drop-db.sh` as `./scripts/drop-db.sh`: a script named for destroying that cannot be read here. */
export function runsScriptNamedToDestroy(view: CommandView, ctx: AnalyzerInput['ctx']): Fact | null {
  const script = view.positionals[0];
  if (!SCRIPT_RUNNERS.test(view.program ?? '') || !script || script.dynamic || !scriptNamedToDestroy(script.value)) return null;
  if (ctx.fileKind?.(absolutePath(script.value, ctx)) === 'file') return null; // read and judged as the script it is
  return { id: 'verb.destructive-program', detail: script.value, span: script.span };
}
