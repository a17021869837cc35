/*!
 * Commands hidden in places other than argv: variables that hold a command bash or git will run
 * (`GIT_SSH_COMMAND=…`, `PAGER=…`), git config values (`git -c core.pager=…`, `alias.x=!…`), sed's `e`,
 * `trap 'cmd' EXIT`, awk's `system()`, and the options that run commands (src/parser/option-commands.ts). Also tracks `cd`, so later commands of the line are
 * judged in the directory they will run in.
 */
import { posix } from 'node:path';
import { DYN, UNKNOWN_INPUT, type Command, type Word } from './model.js';
import type { Walker } from './walker.js';
import { parseNested, wordMapper } from './nested.js';
import { shellStringsInCode } from './interpreters.js';
import { isCommandVar } from './command-vars.js';
import { optionCommands, stdinCommands } from './option-commands.js';
import { stdinText } from './static-output.js';
import { printfInto } from './assignment-forms.js';
import { dict } from '../util/dict.js';

const GIT_COMMAND_KEYS =
  /^(core\.(pager|sshcommand|editor|fsmonitor|askpass|hookspath)|sequence\.editor|diff\.external|pager\..+|alias\..+|credential\.helper|gpg\.program|uploadpack\.packobjectshook|filter\..+\.(clean|smudge|process)|diff\..+\.(textconv|command)|merge\..+\.driver)$/i;

/** Parses command strings the command carries outside its argv; updates the line's cwd. */
export function hiddenCommands(cmd: Command, walker: Walker): void {
  const state = walker.state;
  if (state.cwd && state.cwd !== state.ctx.cwd) cmd.cwd = state.cwd;
  for (const a of cmd.assignments) {
    if (isCommandVar(a.name) && !a.value.dynamic && a.value.value) run(walker, a.value, `${a.name}=`);
    // Variables that load code into every program they start (`LD_PRELOAD=…`, `NODE_OPTIONS=--require x.js`).
    if (CODE_LOADERS.test(`${a.name}=${a.value.value}`))
      state.issue('dynamic-command', `\`${a.name}\` runs code that is only known when the line runs, in every program it starts`, a.value.span);
    // `BASH_CMDS[ls]=/bin/rm`: the name runs the path.
    const hashed = /^BASH_CMDS\[([^\]]+)\]$/.exec(a.name);
    if (hashed && !a.value.dynamic) (state.hashed ??= new Map()).set(hashed[1], a.value.value);
    // `env 'BASH_FUNC_ls%%=() { rm -rf ~; }' bash -c ls`: an exported function the inner bash defines, judged as if called.
    const exported = /^BASH_FUNC_(.+?)(%%|\(\))$/.exec(a.name);
    if (exported && !a.value.dynamic)
      parseNested(walker, a.value.value.replace(/^\s*\(\)\s*/, ''), () => a.value.span, 'function', `exported function ${exported[1]}`);
    // A non-interactive bash sources $BASH_ENV first (sh: $ENV).
    if ((a.name === 'BASH_ENV' || a.name === 'ENV') && a.value.raw)
      parseNested(walker, `source ${a.value.raw}`, () => a.value.span, 'shell-string', `${a.name}=`);
    // Prompts expand `$(…)` each time they are shown (PS4: at every traced command).
    if (/^PS[0-4]$/.test(a.name) && !a.value.dynamic && /\$\(|`/.test(a.value.value))
      parseNested(walker, `: "${a.value.value.replace(/"/g, '\\"')}"`, () => a.value.span, 'shell-string', `${a.name}=`);
  }
  const args = cmd.argv.slice(1);
  for (const { text, word, piped } of optionCommands(cmd.program ?? '', [...args, ...optionsFromEnv(cmd, state)])) {
    if (text.includes(DYN))
      state.issue('dynamic-command', `\`${cmd.program}\` runs code that is only known when the line runs (an option's command is a variable)`, word.span);
    else parseNested(walker, text, wordMapper(word), 'shell-string', `${cmd.program} option`, undefined, piped ? UNKNOWN_INPUT : null);
  }
  const input = stdinText(cmd);
  if (input)
    for (const { text, piped } of stdinCommands(cmd.program ?? '', input))
      parseNested(walker, text, () => cmd.span, 'shell-string', `${cmd.program} stdin`, undefined, piped ? UNKNOWN_INPUT : null);
  // psql's `\gexec` runs what a query returns as SQL.
  if (cmd.program === 'psql' && (args.some((w) => w.value.includes('\\gexec')) || input?.includes('\\gexec')))
    state.issue('dynamic-command', '`\\gexec` runs code that is only known when the line runs (the SQL a query returns)', cmd.span);
  switch (cmd.program) {
    case 'set':
      // `set -- a b c`: the positional parameters for the rest of the line.
      if (args[0]?.value === '--') state.positional = args.slice(1).some((w) => w.dynamic) ? undefined : args.slice(1).map((w) => w.value);
      break;
    case 'terraform':
    case 'tofu': {
      // TF_CLI_ARGS and TF_CLI_ARGS_<command> are options terraform adds to its command line (`TF_CLI_ARGS_apply='-destroy -auto-approve'`).
      const sub = args.find((w) => !w.value.startsWith('-'))?.value;
      for (const name of ['TF_CLI_ARGS', ...(sub ? [`TF_CLI_ARGS_${sub}`] : [])]) {
        const own = cmd.assignments.find((a) => a.name === name)?.value;
        const value = own ? (own.dynamic ? undefined : own.value) : state.lookup(name);
        const span = own?.span ?? cmd.span;
        if (value) for (const part of value.split(/\s+/).filter(Boolean)) cmd.argv.push({ raw: part, value: part, dynamic: false, quoted: false, span });
      }
      break;
    }
    case 'direnv':
      // `direnv allow` / `direnv exec DIR …` source the directory's .envrc.
      if (args[0] && /^(allow|permit|grant|exec|reload)$/.test(args[0].value)) {
        const dir = args[0].value === 'exec' ? args[1] : args[1] && !args[1].value.startsWith('-') ? args[1] : undefined;
        if (!dir?.dynamic) parseNested(walker, `source ${(dir?.value ?? '.').replace(/\/+$/, '')}/.envrc`, () => cmd.span, 'script', 'direnv');
      }
      break;
    case 'make':
    case 'gmake':
      // `make CC='cmd' target`: command-line variables that name programs run as commands in the recipes.
      for (const w of args) {
        const m = /^([A-Z_][A-Z0-9_]*)=(.+)$/s.exec(w.value);
        if (m && !w.dynamic && (isCommandVar(m[1]) || m[1] === 'SHELL' || m[1] === 'MAKESHELL')) run(walker, { ...w, value: m[2] }, `make ${m[1]}=`);
      }
      break;
    case 'screen': {
      // `screen -S s -X stuff 'cmd\n'` types cmd into the session's shell.
      const stuff = args.findIndex((w) => w.value === 'stuff');
      if (stuff > 0 && args[stuff - 1].value === '-X' && args[stuff + 1])
        run(walker, { ...args[stuff + 1], value: args[stuff + 1].value.replace(/(\^M|\r|\n)+$/g, '') }, 'screen stuff');
      break;
    }
    case 'salt':
    case 'salt-ssh':
    case 'salt-call': {
      const fn = args.findIndex((w) => /^cmd\.(run|shell|run_all|run_stdout|exec_code)$/.test(w.value));
      if (fn >= 0 && args[fn + 1]) run(walker, args[fn + 1], `salt ${args[fn].value}`);
      break;
    }
    case 'hash': {
      const p = args.findIndex((w) => w.value === '-p');
      if (p >= 0 && args[p + 1] && args[p + 2] && !args[p + 1].dynamic) (state.hashed ??= new Map()).set(args[p + 2].value, args[p + 1].value);
      break;
    }
    case 'read':
    case 'mapfile':
    case 'readarray':
      readInto(cmd, args, walker);
      break;
    case 'printf':
      printfInto(cmd, walker);
      break;
    case 'cd':
    case 'pushd':
      changeDir(
        walker,
        args.find((w) => !w.value.startsWith('-')),
      );
      break;
    case 'git':
      for (let i = 0; i < args.length - 1; i++) {
        if (args[i].value !== '-c') continue;
        const kv = args[i + 1];
        const eq = kv.value.indexOf('=');
        if (eq > 0) gitSetting(walker, kv.value.slice(0, eq), { ...kv, value: kv.value.slice(eq + 1) }, 'git -c');
      }
      gitConfigCommand(walker, args);
      gitRunners(cmd, args, walker);
      break;
    case 'trap':
      if (args[0]?.value.includes(DYN)) state.issue('dynamic-command', '`trap` runs code that is only known when the line runs', args[0].span);
      else if (args[0] && !args[0].value.startsWith('-')) run(walker, args[0], 'trap');
      break;
    case 'kill':
      killFound(args, walker, cmd);
      break;
    case 'sed':
    case 'gsed':
      sedCommands(cmd, args, walker);
      break;
    case 'awk':
    case 'gawk':
    case 'mawk':
    case 'nawk': {
      // The program is the first word that is not an option or an option's value (`-v c=rm`, `-F ,`).
      const code = args.find((w, k) => !w.value.startsWith('-') && !/^-[vF]$/.test(args[k - 1]?.value ?? ''));
      if (code && !args.some((w) => w.value === '-f')) {
        for (const text of shellStringsInCode(code.value, 'awk')) parseNested(walker, text, () => cmd.span, 'shell-string', 'awk system');
        // `system(c " -rf /")`, `print "cmd" | "sh"`: the command is built while awk runs.
        if (
          /\bsystem\s*\(\s*(?!"[^"]*"\s*\))/.test(code.value) ||
          /\|&?\s*"\s*(?:sudo\s+(?:-\S+\s+)*)?(?:\/usr)?(?:\/bin\/)?(?:ba|z|da|k)?sh\b[^"]*"/.test(code.value)
        ) {
          state.issue('dynamic-command', 'awk runs code that is only known when the line runs', code.span);
        }
        if (/\|\s*"[^"]*"|"[^"]*"\s*\|\s*getline/.test(code.value))
          for (const m of code.value.matchAll(/"([^"]+)"\s*\|\s*getline|\|\s*"([^"]+)"/g))
            parseNested(walker, m[1] ?? m[2], () => cmd.span, 'shell-string', 'awk pipe');
        awkPipedVariables(code, cmd, walker);
      }
      break;
    }
  }
}

/**
 * `cmd = "rm -rf ~"; cmd | getline`: a command held in an awk variable runs as it is piped. The
 * string literals the program assigns to that variable are judged; with none, the command is only
 * known when the line runs.
 */
function awkPipedVariables(code: Word, cmd: Command, walker: Walker): void {
  for (const m of code.value.matchAll(/\b([A-Za-z_]\w*)\s*\|\s*getline\b/g)) {
    const name = m[1]!;
    if (name === 'getline') continue;
    const values = [...code.value.matchAll(new RegExp(`\\b${name}\\s*=\\s*"((?:\\\\.|[^"\\\\])*)"`, 'g'))].map((v) => v[1]!);
    if (values.length === 0)
      walker.state.issue('dynamic-command', 'awk runs code held in a variable (`VAR | getline`) that is only known when the line runs', code.span);
    for (const v of values.slice(0, 8)) parseNested(walker, v, () => cmd.span, 'shell-string', 'awk pipe');
  }
}

/** Assignments that make every program load code (`LD_PRELOAD`, `NODE_OPTIONS=--require`, `RUBYOPT=-r`, `PERL5OPT=-M`, `PERL5DB`). */
const CODE_LOADERS =
  /^(LD_PRELOAD|LD_AUDIT|DYLD_INSERT_LIBRARIES|PERL5DB)=.|^NODE_OPTIONS=.*(--require|-r |--import|--loader|--experimental-loader)|^RUBYOPT=.*-r|^PERL5OPT=.*-[MdI]|^PYTHONSTARTUP=./;

const SED_SUBST = /s([^\w\s\\])((?:\\.|(?!\1).)*)\1((?:\\.|(?!\1).)*)\1([a-zA-Z0-9]*)/g;
const SED_EXEC = /(?:^|[;\n{}!0-9$/,])\s*e\s+([^;\n}]+)/g;

/**
 * GNU sed runs commands: `e CMD`, and `s/…/…/e` runs the pattern space after the substitution
 * (the input line with the replacement in it): code only known when the line runs.
 */
function sedCommands(cmd: Command, args: Word[], walker: Walker): void {
  const scripts: Word[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i].value === '-e' || args[i].value === '--expression') {
      if (args[i + 1]) scripts.push(args[++i]);
    } else if (args[i].value.startsWith('--expression=')) scripts.push({ ...args[i], value: args[i].value.slice(13) });
    else if (args[i].value === '-f' || args[i].value === '--file') return;
  }
  if (scripts.length === 0) {
    const first = args.find((w) => !w.value.startsWith('-'));
    if (first) scripts.push(first);
  }
  for (const script of scripts) {
    if (script.dynamic) continue;
    let rest = script.value;
    for (const m of script.value.matchAll(SED_SUBST)) {
      rest = rest.replace(m[0], ';');
      if (!m[4].includes('e')) continue;
      // The whole pattern space runs, so the input line is part of the command; the replacement is judged too.
      walker.state.issue('dynamic-command', '`sed s///e` runs code that is only known when the line runs', script.span);
      if (!/&|\\\d/.test(m[3])) parseNested(walker, m[3], () => script.span, 'shell-string', 'sed e');
    }
    for (const m of rest.matchAll(SED_EXEC)) parseNested(walker, m[1], () => script.span, 'shell-string', 'sed e');
    // A bare `e` runs the pattern space (each input line) as a command: `sed e <<< 'rm -rf ~'`.
    if (/(?:^|[;\n{}])\s*e\s*(?:$|[;\n}])/.test(rest)) {
      const input = stdinText(cmd);
      if (input !== null) parseNested(walker, input, () => script.span, 'shell-string', 'sed e');
      else walker.state.issue('dynamic-command', '`sed e` runs code that is only known when the line runs', script.span);
    }
  }
}

/** A git setting that names a program (`core.pager`, `core.fsmonitor`, `alias.x=!…`) runs it; `core.hooksPath` runs unseen hooks. */
function gitSetting(walker: Walker, key: string, value: Word, label: string): void {
  if (!GIT_COMMAND_KEYS.test(key)) return;
  // An alias that is not a shell command (`alias.x=reset --hard`) runs as git: git-aliases.ts follows it.
  if (/^alias\./i.test(key) && !value.value.startsWith('!')) return;
  if (/^core\.hookspath$/i.test(key)) {
    walker.state.issue('dynamic-command', `\`${label} ${key}\` runs code that is only known when the line runs`, value.span);
    return;
  }
  run(walker, { ...value, value: value.value.replace(/^!/, '') }, label);
}

/** `git config [--global] KEY VALUE` stores the setting for every later git command. */
function gitConfigCommand(walker: Walker, args: Word[]): void {
  let at = 0;
  while (at < args.length && args[at].value.startsWith('-')) at += /^(-C|-c|--git-dir|--work-tree)$/.test(args[at].value) ? 2 : 1;
  if (args[at]?.value !== 'config') return;
  const rest = args.slice(at + 1).filter((w) => !w.value.startsWith('-') && w.value !== 'set');
  // Aliases defined this way are followed by git-aliases.ts.
  if (/^alias\./i.test(rest[0]?.value ?? '')) return;
  if (args.slice(at + 1).some((w) => /^--(unset|get|list|remove-section)/.test(w.value)) || rest.length < 2 || rest[1].dynamic) return;
  gitSetting(walker, rest[0].value, rest[1], 'git config');
  // Settings that make a later plain command destroy: every `git push` forced or mirroring, `git clean` without -f.
  const forcing = FORCING_SETTINGS.find(([key, value]) => key.test(rest[0].value) && value.test(rest[1].value));
  if (forcing) parseNested(walker, forcing[2], () => rest[1].span, 'shell-string', `git config ${rest[0].value} (what a later git command then does)`);
}

const FORCING_SETTINGS: [RegExp, RegExp, string][] = [
  [/^remote\..+\.push$/i, /^\+/, 'git push --force'],
  [/^remote\..+\.mirror$/i, /^(true|yes|on|1)$/i, 'git push --mirror'],
  [/^clean\.requireforce$/i, /^(false|no|off|0)$/i, 'git clean -f'],
];

/** `kill -9 $(pgrep -f sshd)` is `pkill -9 -f sshd`; `kill $(pidof nginx)` is `killall nginx`. */
function killFound(args: Word[], walker: Walker, cmd: Command): void {
  const signals = args
    .filter((w) => w.value.startsWith('-') && !w.dynamic)
    .map((w) => w.raw)
    .join(' ');
  for (const w of args) {
    const finder = w.sources?.length === 1 ? w.sources[0] : undefined;
    if (!finder || (finder.program !== 'pgrep' && finder.program !== 'pidof')) continue;
    const what = finder.argv
      .slice(1)
      .map((a) => a.raw)
      .join(' ');
    parseNested(walker, `${finder.program === 'pgrep' ? 'pkill' : 'killall'} ${signals} ${what}`, () => cmd.span, 'shell-string', 'kill of found processes');
  }
}

/**
 * `read -a arr <<< 'rm -rf /'`, `read x y`, `mapfile -t arr`: the variables get the input's words or
 * lines when the input is known, and an unknown value otherwise (never what they held before).
 */
function readInto(cmd: Command, args: Word[], walker: Walker): void {
  const state = walker.state;
  const lines = cmd.program !== 'read';
  const withArg = lines ? /^-[dnOsuCc]$/ : /^-[dinNptu]$/;
  let array: string | null = lines ? 'MAPFILE' : null;
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (!lines && /^-[a-zA-Z]*a$/.test(v)) {
      array = args[++i]?.value ?? null;
      continue;
    }
    if (withArg.test(v)) {
      i++;
      continue;
    }
    if (v.startsWith('-')) continue;
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(v)) names.push(v);
  }
  if (lines && names.length) array = names[0];
  const text = stdinText(cmd);
  // `IFS=/ read -ra p <<< 'x/rm/-rf'`: words are split on the IFS the command is given.
  const ifs = cmd.assignments.find((x) => x.name === 'IFS')?.value.value ?? state.lookup('IFS') ?? ' ';
  const splitOn = ifs && !/^\s*$/.test(ifs) ? new RegExp(`[${ifs.replace(/[\]\\^-]/g, '\\$&')}\\s]+`) : /\s+/;
  if (array) {
    const items = text === null ? null : lines ? text.replace(/\n$/, '').split('\n') : text.split('\n')[0].trim().split(splitOn).filter(Boolean);
    if (items === null) (state.fromInput ??= new Set()).add(array);
    state.setArray(array, items);
    return;
  }
  const words = text === null ? null : text.split('\n')[0].trim().split(/\s+/);
  const targets = names.length ? names : ['REPLY'];
  targets.forEach((name, k) => {
    if (!words) {
      (state.fromInput ??= new Set()).add(name);
      return state.setVar(name, null);
    }
    state.setVar(name, k === targets.length - 1 ? words.slice(k).join(' ') : (words[k] ?? ''));
  });
}

function run(walker: Walker, word: Word, label: string): void {
  parseNested(walker, word.value, wordMapper(word), 'shell-string', label);
}

function changeDir(walker: Walker, target: Word | undefined): void {
  const state = walker.state;
  const home = state.ctx.env?.HOME ?? '~';
  if (!target) {
    state.cwd = home;
    return;
  }
  if (target.dynamic || target.value === '-') return;
  let dir = target.value;
  if (dir === '~' || dir.startsWith('~/')) dir = home + dir.slice(1);
  const base = state.cwd ?? state.ctx.cwd ?? '.';
  state.cwd = dir.startsWith('/') || dir.startsWith('~') ? posix.normalize(dir) : posix.normalize(`${base}/${dir}`);
}

/**
 * Commands git runs: `ext::` remote URLs (`ext::sh -c cmd`, `%` for spaces), `bisect run CMD`,
 * `submodule foreach CMD`, `difftool -x CMD`, and settings given as `GIT_CONFIG_KEY_n`/`VALUE_n`
 * or `GIT_CONFIG_PARAMETERS`.
 */
function gitRunners(cmd: Command, args: Word[], walker: Walker): void {
  for (const w of args) {
    if (!w.dynamic && w.value.startsWith('ext::')) parseNested(walker, extCommand(w.value.slice(5)), () => w.span, 'shell-string', 'git ext:: remote');
  }
  const at = (name: string) => args.findIndex((w) => w.value === name);
  const bisect = at('bisect');
  if (bisect >= 0 && args[bisect + 1]?.value === 'run' && args.length > bisect + 2) run(walker, joinWords(args.slice(bisect + 2)), 'git bisect run');
  const sub = at('submodule');
  if (sub >= 0 && args[sub + 1]?.value === 'foreach') {
    const script = args.slice(sub + 2).filter((w) => !/^--(quiet|recursive)$/.test(w.value));
    if (script.length) run(walker, joinWords(script), 'git submodule foreach');
  }
  if (at('difftool') >= 0 || at('mergetool') >= 0) {
    const x = args.findIndex((w) => w.value === '-x' || w.value === '--extcmd');
    if (x >= 0 && args[x + 1]) run(walker, args[x + 1], 'git difftool -x');
    const glued = args.find((w) => w.value.startsWith('--extcmd='));
    if (glued) run(walker, { ...glued, value: glued.value.slice(9) }, 'git difftool --extcmd');
  }
  const env = new Map(cmd.assignments.map((a) => [a.name, a.value]));
  for (const [name, value] of env) {
    const k = /^GIT_CONFIG_KEY_(\d+)$/.exec(name);
    const v = k && env.get(`GIT_CONFIG_VALUE_${k[1]}`);
    if (k && v && !value.dynamic) gitSetting(walker, value.value, v, 'GIT_CONFIG_KEY');
    if (name === 'GIT_CONFIG_PARAMETERS' && !value.dynamic) {
      for (const m of value.value.matchAll(/'([^']+)'='([^']*)'/g)) gitSetting(walker, m[1], { ...value, value: m[2] }, 'GIT_CONFIG_PARAMETERS');
    }
  }
}

/** Words git runs as one command: a single word is a shell line; several are the argv, each word staying one word. */
function joinWords(words: Word[]): Word {
  const one = (w: Word) => (words.length === 1 || w.dynamic || /^[\w@%+=:,./~-]*$/.test(w.value) ? w.value : `'${w.value.replace(/'/g, `'\\''`)}'`);
  return { ...words[0], value: words.map(one).join(' '), raw: words.map((w) => w.raw).join(' '), dynamic: words.some((w) => w.dynamic) };
}

/** Variables whose value a program reads as more options (`TAR_OPTIONS='--to-command=…' tar -xf x`). */
const OPTION_VARS: Record<string, string> = dict({ tar: 'TAR_OPTIONS', gtar: 'TAR_OPTIONS' });

/** The words of the program's options variable (split on unescaped spaces, as tar does), from the command or the line. */
function optionsFromEnv(cmd: Command, state: Walker['state']): Word[] {
  const name = OPTION_VARS[cmd.program ?? ''];
  if (!name) return [];
  const own = cmd.assignments.find((a) => a.name === name)?.value;
  const value = own ? own.value : state.lookup(name);
  if (!value) return [];
  const span = own?.span ?? cmd.span;
  return (value.match(/(?:\\.|[^\s\\])+/g) ?? []).map((part) => {
    const v = part.replace(/\\(.)/g, '$1');
    return { raw: part, value: v, dynamic: v.includes(DYN), quoted: false, span };
  });
}

/** An `ext::` remote's command: words split on spaces, `% ` a space inside a word, `%%` a percent, `%s`/`%S` the service. */
function extCommand(spec: string): string {
  const words = spec.split(/(?<!%) /).map((w) => w.replace(/%([ %sSG])/g, (_, c: string) => (c === ' ' ? ' ' : c === '%' ? '%' : 'git-upload-pack')));
  return words.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ');
}
