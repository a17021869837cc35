/*!
 * Git's other spellings of a subcommand: the dashed built-ins (`git-clean -fdx` is `git clean -fdx`)
 * and aliases the line defines (`git -c alias.x='reset --hard' x`, `git config alias.x …; git x`,
 * `GIT_CONFIG_KEY_0=alias.x GIT_CONFIG_VALUE_0=… git x`). An alias runs as `git VALUE ARGS`, or as
 * a shell command when its value starts with `!`.
 */
import type { Command, Word } from './model.js';
import type { Walker } from './walker.js';
import { parseNested } from './nested.js';

/** Built-ins git installs as `git-<name>` executables (third-party `git-lfs`, `git-crypt` are not rewritten). */
const BUILTINS = new Set([
  'add',
  'am',
  'apply',
  'bisect',
  'branch',
  'checkout',
  'cherry-pick',
  'clean',
  'clone',
  'commit',
  'config',
  'diff',
  'fetch',
  'filter-branch',
  'gc',
  'merge',
  'mv',
  'prune',
  'pull',
  'push',
  'rebase',
  'reflog',
  'remote',
  'replace',
  'reset',
  'restore',
  'revert',
  'rm',
  'stash',
  'switch',
  'symbolic-ref',
  'tag',
  'update-ref',
  'worktree',
  'submodule',
  'checkout-index',
  'read-tree',
  'update-index',
]);

/** Global options of git that take the next word as their value. */
const VALUE_GLOBALS = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--config-env', '--super-prefix', '--attr-source', '--shallow-file']);

/**
 * `git-clean -fdx` → `git clean -fdx`: the same built-in under its dashed name; and `git -- reset`
 * → `git reset`: a `--` among the global options only ends them.
 */
export function normalizeGit(cmd: Command): void {
  const m = /^git-(.+)$/.exec(cmd.program ?? '');
  if (m && BUILTINS.has(m[1])) {
    const name = cmd.argv[0];
    cmd.argv = [{ ...name, raw: 'git', value: 'git' }, { ...name, raw: m[1], value: m[1] }, ...cmd.argv.slice(1)];
    cmd.program = 'git';
  }
  if (cmd.program !== 'git') return;
  let i = 1;
  while (i < cmd.argv.length && cmd.argv[i].value.startsWith('-') && cmd.argv[i].value !== '--') i += VALUE_GLOBALS.has(cmd.argv[i].value) ? 2 : 1;
  if (cmd.argv[i]?.value === '--' && !cmd.argv[i].quoted) cmd.argv = [...cmd.argv.slice(0, i), ...cmd.argv.slice(i + 1)];
}

/** Runs what an alias invoked by this git command stands for; records `git config alias.NAME VALUE`. */
export function gitAliasCommands(cmd: Command, walker: Walker): void {
  const args = cmd.argv.slice(1);
  const defined = new Map(walker.state.gitAliases);
  for (const [k, v] of configEnv(cmd, walker)) defined.set(k, v);
  let i = 0;
  for (; i < args.length && args[i].value.startsWith('-'); i++) {
    const v = args[i].value;
    if (v === '-c') alias(args[i + 1]?.value ?? '', defined);
    else if (v.startsWith('-c')) alias(v.slice(2), defined);
    if (v === '--config-env' || v.startsWith('--config-env=')) envAlias(v === '--config-env' ? args[i + 1]?.value : v.slice(13), cmd, walker, defined);
    if (VALUE_GLOBALS.has(v)) i++;
  }
  const sub = args[i];
  if (!sub || sub.dynamic) return;
  if (sub.value === 'config') return recordConfig(args.slice(i + 1), walker, cmd);
  const value = defined.get(sub.value);
  if (value === undefined || cmd.via.includes(`git alias ${sub.value}`)) return;
  const rest = args
    .slice(i + 1)
    .map((w) => w.raw)
    .join(' ');
  const text = value.startsWith('!') ? `${value.slice(1)} ${rest}` : `git ${value} ${rest}`;
  parseNested(walker, text, () => cmd.span, 'alias', `git alias ${sub.value}`);
}

function alias(kv: string, into: Map<string, string>): void {
  const m = /^alias\.([^=]+)=(.*)$/is.exec(kv);
  if (m) into.set(m[1], m[2]);
}

/** `--config-env=alias.x=VAR`: the alias value is in the variable VAR. */
function envAlias(spec: string | undefined, cmd: Command, walker: Walker, into: Map<string, string>): void {
  const m = /^alias\.([^=]+)=(\w+)$/i.exec(spec ?? '');
  const value = m ? (cmd.assignments.find((a) => a.name === m[2])?.value.value ?? walker.state.lookup(m[2])) : undefined;
  if (m && value) into.set(m[1], value);
}

/** `GIT_CONFIG_KEY_<n>=alias.x GIT_CONFIG_VALUE_<n>=…`, from the command's assignments or the line's variables. */
function configEnv(cmd: Command, walker: Walker): [string, string][] {
  const get = (name: string) => cmd.assignments.find((a) => a.name === name)?.value.value ?? walker.state.lookup(name);
  const out: [string, string][] = [];
  const count = Math.min(Number(get('GIT_CONFIG_COUNT') ?? 0) || 0, 16);
  for (let n = 0; n < count; n++) {
    const key = /^alias\.(.+)$/i.exec(get(`GIT_CONFIG_KEY_${n}`) ?? '');
    const value = get(`GIT_CONFIG_VALUE_${n}`);
    if (key && value !== undefined) out.push([key[1], value]);
  }
  return out;
}

/** `git config [--global] [set] alias.NAME VALUE`: later git commands of the line may call it; a shell alias is judged now. */
function recordConfig(args: Word[], walker: Walker, cmd: Command): void {
  const words = args.filter((w) => !w.value.startsWith('-') && w.value !== 'set');
  if (args.some((w) => /^--(unset|get|list|remove-section)/.test(w.value)) || words.length < 2) return;
  const m = /^alias\.(.+)$/i.exec(words[0].value);
  if (!m || words[1].dynamic) return;
  walker.state.gitAliases.set(m[1], words[1].value);
  if (words[1].value.startsWith('!')) parseNested(walker, words[1].value.slice(1), () => cmd.span, 'alias', `git alias ${m[1]}`);
}
