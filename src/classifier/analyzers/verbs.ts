/*!
 * Verbs for the CLIs we will never write a pack for. The words a tool treats as its verb —
 * leading positional words (`tool delete x`, `tool volume delete x`, `tool delete-cluster`,
 * `tool pg:reset`) and long flags (`--delete`) — are split into parts and compared with
 * destroying and reading verbs. Quoted data and arguments after the verb are never verbs.
 */
import type { Analyzer, AnalyzerInput, Fact } from '../facts.js';
import { absolutePath } from '../path-class.js';
import { DYN, type Word } from '../../parser/model.js';
import { SHELLS } from '../../parser/wrappers.js';
import type { CommandView } from '../command-view.js';

export const DESTRUCTIVE_VERBS = new Set([
  'delete',
  'del',
  'destroy',
  'remove',
  'rm',
  'purge',
  'drop',
  'truncate',
  'terminate',
  'uninstall',
  'wipe',
  'erase',
  'reset',
  'prune',
  'flush',
  'flushall',
  'flushdb',
  'revoke',
  'deregister',
  'unregister',
  'nuke',
  'obliterate',
  'shred',
  'kill',
  'deprovision',
  'decommission',
  'teardown',
  'evict',
  'drain',
  'expunge',
  'forget',
  'rmr',
  'deleteall',
  'dropdb',
  'discard',
  'overwrite',
  'disable',
  'detach',
  'rb',
  'downgrade',
  'fresh',
  'deactivate',
  'unpublish',
  'unlink',
  'rollback',
  'zap',
  'cancel',
  'clear',
  'unset',
  'untag',
  'unsubscribe',
  'undeploy',
  'rmdir',
  'rmdirs',
  'rmi',
  'rdelete',
  'cleanup',
  'archive',
  'deletion',
  'undefine',
]);

/** Verbs whose presence alone is too weak: they count only as a whole word, never as a part. */
const WHOLE_WORD_ONLY = new Set([
  'rb',
  'downgrade',
  'fresh',
  'discard',
  'disable',
  'detach',
  'deactivate',
  'unlink',
  'rollback',
  'unpublish',
  'kill',
  'overwrite',
  'forget',
  'zap',
  'cancel',
  'unset',
  'untag',
  'undeploy',
  'rmdir',
  'rmdirs',
  'rmi',
  'cleanup',
  'archive',
  'undefine',
]);

/** Whole-word verbs that also destroy as the first part of a verb-object word. */
const LEADING_VERBS = new Set(['rollback', 'forget', 'detach', 'disable', 'deactivate', 'unpublish']);

/** Emptying a cache is housekeeping: `cache:clear`, `clear-cache`, `cache flush`. */
const CACHE_VERBS = new Set(['clear', 'flush', 'clean', 'purge', 'cleanup']);
const CACHE_NOUNS = new Set(['cache', 'caches', 'tmp', 'temp', 'log', 'logs']);
/** Framework caches of compiled files, rebuilt on the next request (`php artisan config:clear`, `view:clear`, `optimize:clear`). */
const COMPILED_CACHES = new Set(['config', 'route', 'routes', 'view', 'views', 'event', 'events', 'optimize', 'compiled', 'opcache']);
const UNDOING = new Set(['cancel', 'undo', 'abort', 'restore', 'recover', 'undelete']);
const TOOLING_NOUNS = new Set(['extension', 'extensions', 'plugin', 'bicep', 'krew', 'components', 'toolchain']);
const TOOLING_VERBS = new Set(['uninstall', 'remove', 'rm', 'delete']);

/** Verbs glued to their object without a separator: `deletefile`, `removeall`. */
const GLUED_VERB =
  /^(delete|remove|destroy|purge)[a-z]{3,}$|^(del|rm)(user|users|group|groups|key|keys|node|nodes|db|database|table|all)$|^(user|group|db|node)(del|rm)$/;

/** Reading words that are nouns in a command path (`aws logs delete-log-group`, `az monitor log-profiles delete`). */
const READ_NOUNS = new Set(['log', 'logs', 'events', 'metrics', 'stats', 'history']);

/** Undoing migrations: `migration down`, `db:migrate:undo`, `migrate -path m down 1`. */
const MIGRATION_UNDO = new Set(['down', 'undo', 'redo', 'revert']);
const MIGRATION_WORD = /(^|[-_])migrat|^(goose|dbmate|umzug|sqitch|flyway|tern|shmig)$/;

/** Verbs whose next words are a command or a script, not an object (`docker run alpine rm …`). */
/** Verbs that create something named by the next word. */
const CREATING = new Set(['make', 'add', 'new', 'create', 'generate', 'gen', 'scaffold', 'init', 'makemigrations', 'revision']);
/** Options whose value is a name or a text, never a verb (`--name remove_legacy_flags`, `-m "drop x"`). */
const NAME_OPTIONS = new Set([
  '--name',
  '--message',
  '--title',
  '--description',
  '--desc',
  '--label',
  '--comment',
  '--reason',
  '--notes',
  '--note',
  '--summary',
  '--body',
]);
const RUNNERS = new Set(['run', 'exec', 'x', 'dlx', 'call', 'invoke', 'start', 'trigger', 'execute', 'submit']);

/** `-purge`, `-force-delete`: a whole word after one dash (a bundle of short letters never spells a verb). */
const SINGLE_DASH_LONG = /^-[a-z]{4,}(-[a-z]+)*$/;
const FLAG_VERBS = new Set(['delete', 'destroy', 'purge', 'drop', 'wipe', 'erase', 'truncate', 'terminate', 'obliterate', 'reset', 'remove', 'prune']);
/** Flags whose destroying verb is about something disposable (`--delete-branch`, `--remove-orphans`). */
const KEEPING_OBJECTS = new Set(['branch', 'protection', 'orphans', 'orphan', 'empty']);

export const READ_VERBS = new Set([
  'list',
  'ls',
  'get',
  'describe',
  'show',
  'status',
  'info',
  'logs',
  'log',
  'inspect',
  'version',
  'help',
  'view',
  'diff',
  'plan',
  'search',
  'find',
  'query',
  'read',
  'cat',
  'top',
  'whoami',
  'check',
  'validate',
  'lint',
  'test',
  'explain',
  'watch',
  'tail',
  'export',
  'print',
  'dump',
  'fetch',
  'head',
  'stat',
  'count',
  'ping',
  'doctor',
  'login',
  'logout',
  'whoami',
  'open',
  'preview',
  'dev',
  'serve',
  'output',
  'can-i',
  // reading operations named `verb-object` (`aws logs filter-log-events`, `aws cloudtrail lookup-events`)
  'filter',
  'lookup',
  'scan',
  'estimate',
  'simulate',
  'detect',
  'verify',
  'analyze',
  'receive',
  'poll',
  'decode',
  'decrypt',
  'evaluate',
  'compare',
]);

/** Verbs that build or change without destroying: the verb position ends here. */
const OTHER_VERBS = new Set([
  'create',
  'add',
  'update',
  'set',
  'put',
  'run',
  'exec',
  'apply',
  'deploy',
  'build',
  'install',
  'start',
  'stop',
  'restart',
  'commit',
  'push',
  'pull',
  'clone',
  'init',
  'new',
  'generate',
  'upload',
  'download',
  'copy',
  'cp',
  'move',
  'mv',
  'rename',
  'tag',
  'label',
  'annotate',
  'edit',
  'patch',
  'scale',
  'rollout',
  'enable',
  'attach',
  'connect',
  'send',
  'publish',
  'sync',
  'backup',
  'import',
  'write',
  'save',
  'merge',
  'rebase',
  'checkout',
  'switch',
  'register',
  'invoke',
  'call',
  'trigger',
  'submit',
  'open',
  'close',
  'lock',
  'unlock',
  'link',
  'use',
  'select',
  'upgrade',
  'migrate',
  'seed',
  'compile',
  'format',
  'fmt',
  'bump',
  'bundle',
  'package',
  'pack',
  'perform',
  'notes',
  'comment',
  'approve',
  'assign',
  'grant',
  'allow',
  'mount',
  'wait',
  'cordon',
]);

/** Programs whose arguments are data or files, never a verb (`grep delete log.txt`). */
export const DATA_PROGRAMS = new Set([
  'echo',
  'printf',
  'grep',
  'egrep',
  'fgrep',
  'rg',
  'ag',
  'ack',
  'zgrep',
  'zegrep',
  'zfgrep',
  'xzgrep',
  'bzgrep',
  'ugrep',
  'pcregrep',
  'git-grep',
  'cat',
  'bat',
  'less',
  'more',
  'head',
  'tail',
  'awk',
  'gawk',
  'sed',
  'jq',
  'yq',
  'man',
  'which',
  'whereis',
  'type',
  'help',
  'command',
  'hash',
  'whatis',
  'compgen',
  'tee',
  'wc',
  'sort',
  'uniq',
  'cut',
  'tr',
  'xxd',
  'od',
  'hexdump',
  'ls',
  'test',
  '[',
  '[[',
  'true',
  'false',
  'read',
  'date',
  'sleep',
  'mkdir',
  'touch',
  'cd',
  'pwd',
  'export',
  'alias',
  'history',
  'tldr',
  'info',
  'apropos',
  'file',
  'stat',
  'diff',
  'cmp',
  'comm',
  'basename',
  'dirname',
  'realpath',
  'readlink',
  'seq',
  'yes',
  'say',
  'notify-send',
  'logger',
  'tput',
  'clear',
  'cowsay',
  'figlet',
  'column',
  'fold',
  'fmt',
  'nl',
  'paste',
  'join',
  'expand',
  'rev',
  'tac',
  'strings',
  'md5sum',
  'sha1sum',
  'sha256sum',
  'base64',
  'gzip',
  'gunzip',
  'zcat',
  'tar',
  'zip',
  'unzip',
  'xz',
  'bzip2',
  'code',
  'vim',
  'vi',
  'nvim',
  'nano',
  'emacs',
  'open',
  'xdg-open',
  'tail',
  'watch',
  'time',
  'exit',
  'return',
  'source',
  '.',
  'set',
  'unset',
  'shift',
  'local',
  'declare',
  'let',
  'getopts',
  'wait',
  'jobs',
  'fg',
  'bg',
  'mkdocs',
  'python',
  'python3',
  'node',
  'ruby',
  'perl',
  'php',
  'deno',
  'go',
  'cargo',
  'make',
  'cmake',
  'pytest',
  'jest',
  'vitest',
  'mocha',
  'tsc',
  'eslint',
  'prettier',
  'black',
  'ruff',
  'mypy',
  'nc',
  'ncat',
  'ssh',
  'scp',
  'curl',
  'wget',
  'http',
  'https',
  'xh',
  'ping',
  'dig',
  'host',
  'nslookup',
  'traceroute',
  'whois',
  'git',
  'find',
  'xargs',
  'parallel',
  'env',
  'printenv',
  'id',
  'whoami',
  'uname',
  'hostname',
  'df',
  'du',
  'free',
  'ps',
  'pgrep',
  'top',
  'htop',
  'lsof',
  'tree',
  'fd',
  'fzf',
  'locate',
  'updatedb',
  'rm',
  'rmdir',
  'cp',
  'mv',
  'ln',
  'chmod',
  'chown',
  'chgrp',
  'dd',
  'shred',
  'truncate',
  'install',
  'rsync',
  'kill',
  'pkill',
  'killall',
]);

const DB_SHELLS = new Set([
  'redis-cli',
  'valkey-cli',
  'keydb-cli',
  'psql',
  'mysql',
  'mariadb',
  'sqlite3',
  'duckdb',
  'mongosh',
  'mongo',
  'cqlsh',
  'clickhouse-client',
]);

const VERBISH = /^[A-Za-z][A-Za-z0-9]*(?:[-_:.][A-Za-z0-9]+)*$/;
const MAX_VERB_POSITION = 5;

/** `delete-cluster` → delete, cluster; `dropAll` → drop, all; `db:drop` → db, drop. */
function parts(word: string): string[] {
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

/** Program names that are themselves the verb: `lvremove`, `dropuser`, `wipefs`, `userdel`, `kafka-delete-records`. */
// A leading verb counts alone, before a separator, or before what it destroys (`dropdb`, `wipefs`), not as the
// start of another word (`dropbear`, `dropbox`, `purgecss`); `del` ends a name only after what it deletes (`userdel`, not `xidel`).
const VERB_PROGRAM =
  /^(drop|wipe|purge|destroy|nuke|erase|shred)([-_.]|$|(db|dbs|user|users|lang|fs|all|data|disk|disks|database|table|tables|schema|index|old|kernels?)\b)|(remove|delete|destroy|drop|purge|wipe)$|([-_]|user|group|db|node)del$/;

function verbProgram(p: string): boolean {
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

function scriptNamedToDestroy(p: string): boolean {
  if (!SCRIPT_EXT.test(p)) return false;
  const words = parts(p.slice(p.lastIndexOf('/') + 1).replace(SCRIPT_EXT, ''));
  // `drop` alone or of a store (`drop-db.sh`, `drop_all.py`), not of data in hand (`drop_duplicates.py`).
  return words.some((x, i) => SCRIPT_VERBS.has(x) && (x !== 'drop' || i === words.length - 1 || DROPPED_STORES.has(words[i + 1]!)));
}

/** Container commands that stop or remove whatever a listing returns: `docker stop $(docker ps -q)`, `docker rmi $(docker images -q)`. */
const CONTAINER_CLIS = new Set(['docker', 'podman', 'nerdctl']);
const MASS_VERBS = new Set(['stop', 'kill', 'rm', 'pause', 'rmi']);

function massContainerAction(view: CommandView): Fact | null {
  if (!CONTAINER_CLIS.has(view.program ?? '')) return null;
  const pos = view.positionals;
  // `docker container rm …`, `docker image rm …` (as `rmi`): every image a listing returns.
  const verb = pos[0]?.value === 'container' || pos[0]?.value === 'image' ? pos[1] : pos[0];
  if (!verb || !MASS_VERBS.has(verb.value)) return null;
  const listed = pos.find((w) => w.sources?.some((c) => c.program !== null && CONTAINER_CLIS.has(c.program)));
  return listed ? { id: 'verb.destructive-mass', detail: `${verb.value} every listed container`, span: listed.span } : null;
}
/** Scripts that are CLIs of their own: `python manage.py flush`, `php artisan migrate:fresh`. */
const SCRIPT_CLI = /(^|\/)(manage\.py|artisan|bin\/(rails|rake|console)|[\w-]+\.(py|php|rb|js|mjs|cjs|ts))$/;

/** Shells and interpreters that run a script file given as their first argument (`bash x.sh`, `python3 x.py`). */
const SCRIPT_RUNNERS = /^(bash|sh|dash|zsh|ksh|python\d?(\.\d+)?|node|bun|deno|ruby|perl|php|tsx|ts-node)$/;

/** `bash ./scripts/drop-db.sh` as `./scripts/drop-db.sh`: a script named for destroying that cannot be read here. */
function runsScriptNamedToDestroy(view: CommandView, ctx: AnalyzerInput['ctx']): Fact | null {
  const script = view.positionals[0];
  if (!SCRIPT_RUNNERS.test(view.program ?? '') || !script || script.dynamic || !scriptNamedToDestroy(script.value)) return null;
  if (ctx.fileKind?.(absolutePath(script.value, ctx)) === 'file') return null; // read and judged as the script it is
  return { id: 'verb.destructive-program', detail: script.value, span: script.span };
}

export const verbsAnalyzer: Analyzer = ({ view, ctx }) => {
  const p = view.program;
  if (!p) return [];
  const facts: Fact[] = [];
  // a program named for destroying, unless told only to list or show (`vkpurge list`)
  const listing = verbKind(view.positionals[0]?.value ?? '') === 'read' && !view.positionals[0]!.dynamic;
  if ((verbProgram(p) || scriptNamedToDestroy(p)) && !listing) facts.push({ id: 'verb.destructive-program', detail: p, span: view.cmd.argv[0].span });
  const named = runsScriptNamedToDestroy(view, ctx);
  if (named) facts.push(named);
  const mass = massContainerAction(view);
  if (mass) facts.push(mass);
  const argv = view.cmd.argv;
  let positionals = view.positionals.filter((w) => {
    if (view.afterDashDash.includes(w)) return false;
    const prev = argv[argv.indexOf(w) - 1]?.value ?? '';
    // `rclone --config "my conf" purge`: a quoted phrase right after a long option is that option's value
    return !NAME_OPTIONS.has(prev) && !(w.quoted && /\s/.test(w.value) && /^--[\w-]+$/.test(prev));
  });
  // Database shells' arguments are statements and key names (`redis-cli LLEN queue:purge`), judged by the sql analyzer.
  if (DB_SHELLS.has(p)) return facts;
  // `bash -c STR ARG0 ARG1…`: the string is parsed and judged as a line of its own; the words after it are its $0, $1…
  if (SHELLS.has(p) && argv.some((w) => /^-[a-z]*c[a-z]*$/.test(w.value))) return facts;
  if (DATA_PROGRAMS.has(p)) {
    if (!/^(python\d?(\.\d+)?|php|ruby|node|bun|deno)$/.test(p) || !SCRIPT_CLI.test(positionals[0]?.value ?? '')) return facts;
    positionals = positionals.slice(1);
  }
  const verb = findVerb(positionals, p) ?? rpcMethod(positionals);
  if (verb) facts.push(verb);
  const reading = verb?.id === 'verb.read';
  const disrupt = disruptiveVerb(positionals);
  if (disrupt) facts.push(disrupt);
  // `hasura migrate apply --down all`: applying migrations downwards undoes them.
  const migrating = MIGRATION_WORD.test(p) || positionals.slice(0, 2).some((w) => MIGRATION_WORD.test(w.value.toLowerCase()));
  const down = migrating ? view.flags.find((f) => f.name.startsWith('--') && MIGRATION_UNDO.has(f.name.slice(2))) : undefined;
  if (down) facts.push({ id: 'verb.destructive-flag', detail: down.name, span: down.word.span });
  for (const f of view.flags) {
    // Long flags, and single-dash long ones of Go-style CLIs (`nomad job stop -purge`, `consul … -force-delete`).
    // (`terraform plan -destroy` only shows what a destroy would do.)
    if (!f.name.startsWith('--') && (reading || !SINGLE_DASH_LONG.test(f.name))) continue;
    const ps = parts(f.name.replace(/^--?/, ''));
    if (ps.some((x) => FLAG_VERBS.has(x)) && !ps.some((x) => KEEPING_OBJECTS.has(x))) {
      facts.push({ id: 'verb.destructive-flag', detail: f.name, span: f.word.span });
    }
  }
  return facts;
};

/** A gRPC method named in full, `package.Service/Method` (`grpcurl … acme.users.v1.UserService/DeleteUser`). */
const RPC_METHOD = /^(?:[a-z_]\w*\.)+[A-Z]\w*\/([A-Z]\w+)$/;

/** The method a gRPC client calls, when its name says it destroys. */
function rpcMethod(positionals: Word[]): Fact | null {
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
function disruptiveVerb(positionals: Word[]): Fact | null {
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

function findVerb(positionals: Word[], program: string): Fact | null {
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
