/*!
 * Verbs for the CLIs we will never write a pack for. The words a tool treats as its verb —
 * leading positional words (`tool delete x`, `tool volume delete x`, `tool delete-cluster`,
 * `tool pg:reset`) and long flags (`--delete`) — are split into parts and compared with
 * destroying and reading verbs. Quoted data and arguments after the verb are never verbs.
 * This file puts the parts together: the words (verb-vocabulary.ts, verb-kind.ts), programs named
 * for destroying (verb-programs.ts), the verb among leading words (leading-verbs.ts).
 */
import type { Analyzer, Fact } from '../facts.js';
import { SHELLS } from '../../parser/shells.js';
import type { CommandView } from '../command-view.js';
import { DATA_PROGRAMS, DB_SHELLS } from './data-programs.js';
import { disruptiveVerb, findVerb, rpcMethod } from './leading-verbs.js';
import { MIGRATION_UNDO, MIGRATION_WORD, parts, verbKind } from './verb-kind.js';
import { runsScriptNamedToDestroy, scriptNamedToDestroy, verbProgram } from './verb-programs.js';

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

/** `-purge`, `-force-delete`: a whole word after one dash (a bundle of short letters never spells a verb). */
const SINGLE_DASH_LONG = /^-[a-z]{4,}(-[a-z]+)*$/;
const FLAG_VERBS = new Set(['delete', 'destroy', 'purge', 'drop', 'wipe', 'erase', 'truncate', 'terminate', 'obliterate', 'reset', 'remove', 'prune']);
/** Flags whose destroying verb is about something disposable (`--delete-branch`, `--remove-orphans`). */
const KEEPING_OBJECTS = new Set(['branch', 'protection', 'orphans', 'orphan', 'empty']);

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
