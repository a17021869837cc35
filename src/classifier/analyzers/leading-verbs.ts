/*!
 * The verb among a CLI's leading positional words: `tool delete x`, `tool volume delete x`,
 * `aws logs delete-log-group`, a gRPC method named in full, and the verbs that only interrupt a
 * service (`az vm stop`). Quoted prose, settings and the names a creating verb is given are never verbs.
 */
import type { Fact } from '../facts.js';
import { DYN, type Word } from '../../parser/model.js';
import { CACHE_NOUNS, CACHE_VERBS, MIGRATION_UNDO, MIGRATION_WORD, parts, verbKind } from './verb-kind.js';

/** A CLI's own extensions and components are local software (`az extension remove`, `gcloud components remove`). */
const TOOLING_NOUNS = new Set(['extension', 'extensions', 'plugin', 'bicep', 'krew', 'components', 'toolchain']);
const TOOLING_VERBS = new Set(['uninstall', 'remove', 'rm', 'delete']);

/** Reading words that are nouns in a command path (`aws logs delete-log-group`, `az monitor log-profiles delete`). */
const READ_NOUNS = new Set(['log', 'logs', 'events', 'metrics', 'stats', 'history']);

/** Verbs that create something named by the next word. */
const CREATING = new Set(['make', 'add', 'new', 'create', 'generate', 'gen', 'scaffold', 'init', 'makemigrations', 'revision']);
/** Verbs whose next words are a command or a script, not an object (`docker run alpine rm …`). */
const RUNNERS = new Set(['run', 'exec', 'x', 'dlx', 'call', 'invoke', 'start', 'trigger', 'execute', 'submit']);

const VERBISH = /^[A-Za-z][A-Za-z0-9]*(?:[-_:.][A-Za-z0-9]+)*$/;
const MAX_VERB_POSITION = 5;

/** A gRPC method named in full, `package.Service/Method` (`grpcurl … acme.users.v1.UserService/DeleteUser`). */
const RPC_METHOD = /^(?:[a-z_]\w*\.)+[A-Z]\w*\/([A-Z]\w+)$/;

/** The method a gRPC client calls, when its name says it destroys. */
export function rpcMethod(positionals: Word[]): Fact | null {
  for (const w of positionals) {
    const m = w.dynamic ? null : RPC_METHOD.exec(w.value);
    if (m && verbKind(m[1]!) === 'destructive') return { id: 'verb.destructive', detail: m[1], span: w.span };
  }
  return null;
}

/** Verbs that interrupt a running service without destroying it: harmless in development, an outage in production. */
const DISRUPTIVE_VERBS = new Set(['stop', 'restart', 'reboot', 'deallocate', 'suspend', 'pause', 'hibernate', 'shutdown', 'poweroff', 'halt', 'failover']);

const DISRUPTIVE_HINT = /stop|restart|reboot|deallocate|suspend|pause|hibernate|shutdown|poweroff|halt|failover/i;

/** `az vm stop`, `aws ec2 reboot-instances`, `kubectl rollout restart`: the first verb-like word that stops or restarts. */
export function disruptiveVerb(positionals: Word[]): Fact | null {
  for (let i = 0; i < positionals.length && i < MAX_VERB_POSITION; i++) {
    const w = positionals[i];
    if (w.dynamic || !VERBISH.test(w.value)) return null;
    if (DISRUPTIVE_HINT.test(w.value) && parts(w.value).some((x) => DISRUPTIVE_VERBS.has(x))) return { id: 'verb.disruptive', detail: w.value, span: w.span };
    if (verbKind(w.value) === 'read') return null;
  }
  return null;
}

/** A `key=value` word (`s3.bucket="my bucket"`, `region=eu`). */
const SETTING = /^[A-Za-z_][\w.-]*=/;

export function findVerb(positionals: Word[], program: string): Fact | null {
  const words = positionals.slice(0, MAX_VERB_POSITION);
  const verbish = (w: Word | undefined): w is Word => !!w && !w.dynamic && VERBISH.test(w.value);
  const destructive = (w: Word): Fact => ({ id: 'verb.destructive', detail: w.value, span: w.span });
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    // `del${EMPTY}ete`: a verb split by an expansion reads as its static parts when the variable is empty
    const joined = w.dynamic ? w.value.split(DYN).join('') : '';
    if (joined && VERBISH.test(joined) && verbKind(joined) === 'destructive') return destructive({ ...w, value: joined });
    // `restic -o s3.bucket="my bucket" forget`: a key=value setting is an option's value, never a verb nor prose
    if (!w.dynamic && SETTING.test(w.value)) continue;
    if (w.dynamic || (w.quoted && /\s/.test(w.value))) return null;
    if (!VERBISH.test(w.value)) continue;
    const kind = verbKind(w.value);
    const lower = w.value.toLowerCase();
    if (MIGRATION_UNDO.has(lower) && (MIGRATION_WORD.test(program) || words.slice(0, i).some((x) => MIGRATION_WORD.test(x.value.toLowerCase()))))
      return destructive(w);
    if (kind === 'destructive') {
      // `yaa archive -d src`, `bdfr archive out/`: a first word `archive` makes one; `gh repo archive x` retires what it names
      if (i === 0 && lower === 'archive') continue;
      const prev = words[i - 1]?.value.toLowerCase();
      if (prev && CACHE_NOUNS.has(prev) && CACHE_VERBS.has(lower)) return null;
      // `gh cache delete --all`, `npm cache rm`: a cache's entries, whatever verb empties it
      if ((prev === 'cache' || prev === 'caches') && /^(delete|rm|remove|prune)$/.test(lower)) return null;
      // A CLI's own settings (`az config unset x`, `kubectl config delete-context c`) are local preferences,
      // and its extensions and components are local software (`az extension remove`, `gcloud components remove`).
      if (prev === 'config' && i === 1) return null;
      if (prev && TOOLING_NOUNS.has(prev) && i <= 2 && TOOLING_VERBS.has(lower)) return null;
      return destructive(w);
    }
    const next = words[i + 1];
    if (kind === 'read') {
      // A noun that reads like a verb (`aws logs delete-log-group`): the next word decides.
      const noun = READ_NOUNS.has(lower) || (READ_NOUNS.has(parts(w.value)[0]) && parts(w.value).length > 1);
      if (noun && verbish(next) && verbKind(next.value) === 'destructive') return destructive(next);
      if (noun) continue;
      return { id: 'verb.read', detail: w.value, span: w.span };
    }
    // A creating verb's next word is the name of what it creates (`migrate:make drop_old_tokens`, `migrations add RemoveX`).
    if (kind === 'other' && CREATING.has(parts(w.value).pop() ?? '')) return null;
    if (kind === 'other') {
      // A noun that is also a verb (`velero backup delete`, `prisma migrate reset`, `gcloud run services delete`):
      // the next word decides, past one plural noun.
      if (verbish(next) && verbKind(next.value) === 'destructive') return destructive(next);
      const after = words[i + 2];
      const noun = verbish(next) && verbKind(next.value) === null && (/[a-z]s$/.test(next.value) || !RUNNERS.has(lower));
      if (noun && verbish(after) && verbKind(after.value) === 'destructive') return destructive(after);
      if (verbish(next) && MIGRATION_WORD.test(lower) && MIGRATION_UNDO.has(next.value.toLowerCase())) return destructive(next);
      return null;
    }
  }
  return null;
}
