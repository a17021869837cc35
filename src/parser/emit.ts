/*!
 * Emitting a simple command: resolve its program name, then see through what it runs — aliases,
 * wrappers (`sudo`, `env`, `timeout` …), shells (`bash -c STR`, `sh < file`, `… | bash`), `eval`,
 * `ssh host CMD`, `xargs`, `parallel`, `find -exec` and scripts. Nested strings are parsed like a
 * command line, with the same budgets.
 */
import { posix } from 'node:path';
import type { SyntaxNode } from './syntax-tree.js';
import { DYN, UNKNOWN_INPUT, type Command, type Origin, type StdinSource, type Word } from './model.js';
import type { Walker } from './walker.js';
import { innerCommand, skipWrapper } from './wrappers.js';
import { WRAPPERS } from './wrapper-specs.js';
import { SUBCOMMAND_WRAPPERS } from './subcommand-wrappers.js';
import { SHELLS } from './shells.js';
import { programName } from './program-name.js';
import { parseNested, wordMapper } from './nested.js';
import { expandXargs, expandParallel, findExecs } from './arg-runners.js';
import { interpreterCode, isInterpreter, shellStringsInCode } from './interpreters.js';
import { hiddenCommands } from './hidden-commands.js';
import { gitAliasCommands, normalizeGit } from './git-aliases.js';
import { absolutePath, fileText, recordWrites, writtenFile } from './written-files.js';
import { bindMounts, recordLinks, throughLinks, withLinks } from './symlinks.js';
import { staticOutput } from './static-output.js';
import { startupCode } from './startup-files.js';
import { chainAliases } from './alias-chain.js';
import { crontab } from './crontab.js';
import { ansibleEquivalent } from './ansible-modules.js';
import { pathShadow, subcommandAt } from './program-lookup.js';
import { applyCurlConfig } from './curl-config.js';
import { applyWgetConfig } from './wget-config.js';
import { projectScripts } from './project-runs.js';
import { localBinAt } from './package-scripts.js';
import { defaultArgs } from './default-args.js';
import { fromInput, interpreterScript, readsFifo, unknownCommandIn, unknownData, unseenScript } from './unseen-scripts.js';
import { CONTAINER_RUNTIMES, freshContainer, inContainer, interactive, withEntrypoint } from './containers.js';

/** Emits a command (and what it runs) into the line state; returns the commands it really runs. */
export function emitCommand(cmd: Command, walker: Walker, nameNode: SyntaxNode | null, node: SyntaxNode): Command[] {
  const state = walker.state;
  if (cmd.argv.length === 0) return [];
  const name = cmd.argv[0];
  if (unknownName(name)) {
    state.issue(
      'dynamic-command',
      `the command name \`${name.raw}\` is only known when the line ${fromInput(name, state) ? 'runs: it runs code read from input' : 'runs'}`,
      name.span,
    );
    // `$SHELL -c STR`: an unknown program given `-c STR` is read as a shell, so the string is judged.
    const [flag, code] = cmd.argv.slice(1);
    if (flag && code && /^-[a-z]*c$/.test(flag.value)) return runString(cmd, walker, [code], 'shell-string', `${name.raw} ${flag.value}`);
    state.commands.push(cmd);
    // `${TOOL:-git} reset --hard`: judged as the default it names as well.
    const fallback = /^\$\{[A-Za-z_][A-Za-z0-9_]*:?-([\w./+-]+)\}$/.exec(name.raw)?.[1];
    if (fallback)
      emitInner(
        { ...cmd, argv: [{ ...name, raw: fallback, value: fallback, dynamic: false }, ...cmd.argv.slice(1)], via: [...cmd.via, 'default name'] },
        walker,
      );
    return [cmd];
  }
  cmd.program = programName(name.value);
  // `kubectl ${ACTION:-delete} ns prod`: an argument that is an unknown variable's default is judged as that default as well.
  const withDefaults = defaultArgs(cmd);
  if (withDefaults) emitInner(withDefaults, walker);
  // `hash -p /bin/rm ls`, `BASH_CMDS[ls]=/bin/rm`: bash runs the remembered path for the name.
  const hashed = state.hashed?.get(name.value);
  if (hashed && !name.value.includes('/')) cmd.program = programName(hashed);
  // `PATH=.:$PATH ls` after the line wrote ./ls (or linked it): that file is what runs.
  const shadow = !name.value.includes('/') ? pathShadow(cmd, name.value, state) : null;
  if (shadow?.link) cmd.program = programName(shadow.link);
  else if (shadow) return script(cmd, walker, { ...name, value: shadow.path }, 'script');
  normalizeGit(cmd);
  if (nameNode && !name.quoted && state.aliases.has(name.value) && !cmd.via.includes(`alias ${name.value}`)) {
    const rest = walker.frame.source.slice(nameNode.endIndex, node.endIndex);
    const text = chainAliases(state.aliases.get(name.value)!, rest, state.aliases);
    return parseNested(walker, text, () => cmd.span, 'alias', `alias ${name.value}`);
  }
  const fn = walker.state.functions.get(name.value) ?? walker.state.ctx.functions?.[name.value];
  if (fn !== undefined && !cmd.via.includes(`function ${name.value}`)) {
    state.commands.push(cmd);
    // The body reads what the call is given on stdin (`cat(){ bash; }; cat <<'EOF' …`).
    parseNested(walker, fn, () => cmd.span, 'function', `function ${name.value}`, undefined, cmd.stdin);
    return [cmd];
  }
  if (cmd.program === 'alias') recordAliases(cmd, walker);
  return unwrap(cmd, walker);
}

/** `docker compose exec db …`: the compose plugin's subcommands are those of `docker-compose`. */
function composeSubcommand(program: string, args: Word[]): { wrapper: string; words: Word[] } {
  if (program !== 'docker' && program !== 'podman') return { wrapper: program, words: args };
  const at = subcommandAt(args, { compose: true });
  return at >= 0 && args[at].value === 'compose' ? { wrapper: `${program}-compose`, words: args.slice(at + 1) } : { wrapper: program, words: args };
}

/** A name only known at run time: dynamic, or an unquoted glob (`/???/?m`). */
/** A name only known at run time: from an expansion, or a glob (`[` makes one only with its `]`: `sudo [ -d x ]` is test). */
function unknownName(name: Word): boolean {
  return name.dynamic || (!name.quoted && /[*?]|\[.*\]/.test(name.value));
}

function unwrap(cmd: Command, walker: Walker): Command[] {
  if (cmd.program === 'curl') applyCurlConfig(cmd, walker.state);
  else if (cmd.program === 'wget') applyWgetConfig(cmd, walker.state);
  throughLinks(cmd, walker.state);
  hiddenCommands(cmd, walker);
  recordWrites(cmd, walker.state);
  startupCode(cmd, walker);
  recordLinks(cmd, walker.state);
  if (cmd.program === 'git') gitAliasCommands(cmd, walker);
  const program = cmd.program!;
  const args = cmd.argv.slice(1);
  const spec = WRAPPERS[program];
  if (spec) return followWrapper(cmd, walker, skipWrapper(args, spec, program));
  const { wrapper, words } = composeSubcommand(program, args);
  const sub = SUBCOMMAND_WRAPPERS[wrapper];
  if (sub) {
    const idx = subcommandAt(words, sub);
    const subSpec = idx >= 0 ? (Object.hasOwn(sub, words[idx].value) ? sub[words[idx].value] : undefined) : undefined;
    if (subSpec && words !== args) return followWrapper(cmd, walker, skipWrapper(words.slice(idx + 1), subSpec, `${wrapper} ${words[idx].value}`));
    if (subSpec) {
      // `docker exec c sh` without -i, `kubectl exec pod -- sh` without --stdin: the inner command gets no input.
      const kube = program === 'kubectl' || program === 'oc';
      if (
        args[idx].value === 'exec' &&
        cmd.stdin &&
        !interactive(args.slice(idx + 1), kube ? /^(-[a-z]*i[a-z]*|--stdin(=true)?)$/ : /^(-[a-z]*i[a-z]*|--interactive(=true)?|-i=true)$/, kube)
      ) {
        cmd = { ...cmd, stdin: null };
      }
      const follow = () => followWrapper(cmd, walker, skipWrapper(args.slice(idx + 1), subSpec, `${program} ${args[idx].value}`));
      // `docker run -v /:/host img rm -rf /host`: inside the container, a bind mount is a link to the host path.
      if (args[idx].value !== 'run' || !CONTAINER_RUNTIMES.has(program)) return follow();
      const runArgs = args.slice(idx + 1);
      // `--entrypoint /bin/rm img -rf /x`: the entrypoint is the program, the words after the image its arguments.
      const run = () => followWrapper(cmd, walker, withEntrypoint(skipWrapper(runArgs, subSpec, `${program} run`), runArgs));
      return withLinks(walker.state, bindMounts(runArgs), () => inContainer(walker.state, freshContainer(runArgs), run));
    }
  }
  if (SHELLS.has(program)) return shell(cmd, walker);
  const own = ownShellScript(program, args);
  if (own >= 0) return emitInner(innerCommand(cmd, args.slice(own), [], program), walker);
  switch (program) {
    case 'eval':
      return runString(cmd, walker, args, 'eval', 'eval');
    case 'ssh':
      return ssh(cmd, walker, args);
    case 'ansible':
      return ansible(cmd, walker, args);
    case 'su':
      return su(cmd, walker, args);
    case 'source':
    case '.':
      return script(cmd, walker, args[0], 'source');
    case 'xargs':
      return expandXargs(cmd, walker, (inner) => emitInner(inner, walker));
    case 'parallel':
      return expandParallel(cmd, walker, (text, label) => parseNested(walker, text, () => cmd.span, 'xargs', label));
    case 'crontab':
      return crontab(cmd, walker, args);
    case 'at':
    case 'batch':
      return atJob(cmd, walker, args);
    case 'find':
      walker.state.commands.push(cmd);
      for (const inner of findExecs(cmd)) emitInner(inner, walker);
      return [cmd];
  }
  walker.state.commands.push(cmd);
  for (const s of projectScripts(cmd, walker)) parseNested(walker, s.text, () => cmd.span, 'script', s.label);
  // `yarn knex migrate:down`: without a script of that name, the package's own binary runs (judged either way).
  const bin = localBinAt(program, args);
  if (bin >= 0) emitInner(innerCommand(cmd, args.slice(bin), [], `${program} ${args[bin].value}`), walker);
  if (isInterpreter(program)) {
    interpreterScript(cmd, walker.state);
    for (const code of interpreterCode(cmd)) {
      for (const text of shellStringsInCode(code, program)) parseNested(walker, text, () => cmd.span, 'shell-string', `${program} exec`);
    }
  } else if (cmd.argv[0].value.includes('/') && !cmd.argv[0].dynamic) script(cmd, walker, cmd.argv[0], 'script', false);
  return [cmd];
}

function followWrapper(cmd: Command, walker: Walker, u: ReturnType<typeof skipWrapper>): Command[] {
  if (u.kind === 'none') {
    // `sudo -s <<< 'cmd'`, `sudo -i < x.sh`: the shell sudo starts reads its commands from stdin.
    if (cmd.program === 'sudo' && cmd.stdin && cmd.argv.slice(1).some((w) => /^(-[a-zA-Z]*[si][a-zA-Z]*|--shell|--login)$/.test(w.value)))
      return stdinScript(cmd, walker);
    walker.state.commands.push(cmd);
    return [cmd];
  }
  if (u.kind === 'string') return runString(cmd, walker, u.words, 'shell-string', u.label);
  return emitInner(innerCommand(cmd, u.argv, u.assignments, u.label), walker);
}

/**
 * `node …/shellgate-contain.cjs -c STR`: shellgate's own bash stand-ins started through their
 * interpreter are shells too (shellgate-contain judges nothing). The index of the script in `args`, or -1.
 */
function ownShellScript(program: string, args: Word[]): number {
  if (program !== 'node' && program !== 'nodejs') return -1;
  const at = args.findIndex((w) => !w.value.startsWith('-'));
  return at >= 0 && /^shellgate-(contain|sh)(\.c?js)?$/.test(programName(args[at].value)) ? at : -1;
}

/** Emits a command built from another's arguments (no source node: aliases do not apply). */
export function emitInner(inner: Command, walker: Walker): Command[] {
  // Leading NAME=value words: treated as assignments (as bash would in most wrappers), never as a name.
  while (inner.argv.length > 1 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(inner.argv[0].value) && !inner.argv[0].dynamic) {
    const w = inner.argv[0];
    const eq = w.value.indexOf('=');
    inner = {
      ...inner,
      argv: inner.argv.slice(1),
      assignments: [...inner.assignments, { name: w.value.slice(0, eq), value: { ...w, value: w.value.slice(eq + 1) } }],
    };
  }
  if (inner.argv.length === 0) return [];
  const name = inner.argv[0];
  if (unknownName(name)) {
    walker.state.commands.push(inner);
    walker.state.issue('dynamic-command', `the command name \`${name.raw}\` is only known when the line runs`, name.span);
    return [inner];
  }
  inner.program = programName(name.value);
  normalizeGit(inner);
  const withDefaults = defaultArgs(inner);
  if (withDefaults) emitInner(withDefaults, walker);
  // `time cleanup` runs the line's function `cleanup` (other wrappers cannot, and judging its body errs on the safe side).
  const fn = walker.state.functions.get(name.value) ?? walker.state.ctx.functions?.[name.value];
  if (fn !== undefined && !inner.via.includes(`function ${name.value}`)) {
    walker.state.commands.push(inner);
    parseNested(walker, fn, () => inner.span, 'function', `function ${name.value}`);
    return [inner];
  }
  return unwrap(inner, walker);
}

/** Parses words as a shell command string (joined with spaces, as eval/ssh/watch do). */
function runString(cmd: Command, walker: Walker, words: Word[], origin: Origin, label: string, stdin: StdinSource | null = null): Command[] {
  walker.state.commands.push(cmd);
  if (words.length === 0) return [cmd];
  // Code from a variable is unknown; code from a command substitution is judged by its source.
  if (words.some((w) => w.dynamic && (!w.sources?.length || unknownData(w.sources, walker.state)))) {
    walker.state.issue('dynamic-command', `\`${label}\` runs code that is only known when the line runs`, spanOf(words));
  }
  const plain = (w: Word) => w.value.split(DYN).join('__shellgate_dynamic__');
  const text = words.map(plain).join(' ');
  const mapper = words.length === 1 ? wordMapper(words[0]) : () => spanOf(words);
  parseNested(walker, text, mapper, origin, label, cmd.remote, stdin);
  // `ssh host bash -c 'rm -rf /'`: the words are joined and split again (bash runs `rm` alone), but the line's
  // author meant each quoted word as one: that reading is judged too
  if (words.length > 1 && words.some((w) => w.quoted && /\s/.test(w.value))) {
    const meant = words.map((w) => (w.quoted && /\s/.test(w.value) ? `'${plain(w).replace(/'/g, `'\\''`)}'` : plain(w))).join(' ');
    parseNested(walker, meant, mapper, origin, label, cmd.remote, stdin);
  }
  return [cmd];
}

/** Runs `f` with `$0`, `$1`… set as `sh -c STR ARG0 ARG1…` sets them for STR. */
function withPositional<T>(state: Walker['state'], args: Word[], f: () => T): T {
  const saved = [state.positional, state.arg0] as const;
  if (args.length) {
    state.arg0 = args[0]!.dynamic ? undefined : args[0]!.value;
    const rest = args.slice(1);
    state.positional = rest.some((w) => w.dynamic) ? undefined : rest.map((w) => w.value);
  }
  try {
    return f();
  } finally {
    [state.positional, state.arg0] = saved;
  }
}

function spanOf(words: Word[]): [number, number] {
  return [Math.min(...words.map((w) => w.span[0])), Math.max(...words.map((w) => w.span[1]))];
}

const SHELL_OPTS_WITH_ARG = new Set(['-o', '+o', '-O', '+O', '--rcfile', '--init-file']);

function shell(cmd: Command, walker: Walker): Command[] {
  const args = cmd.argv.slice(1);
  let hasC = false;
  let readsStdin = false;
  let i = 0;
  for (; i < args.length; i++) {
    const v = args[i].value;
    if (v === '--' || v === '-') {
      i++;
      break;
    }
    // `bash --rcfile <(echo …) -i`: the file runs first, as `source` would run it.
    if ((v === '--rcfile' || v === '--init-file') && args[i + 1]) script(cmd, walker, args[i + 1], 'source', false);
    if (SHELL_OPTS_WITH_ARG.has(v)) {
      i++;
      continue;
    }
    if (/^[-+][A-Za-z]+$/.test(v)) {
      if (v.startsWith('-') && v.includes('c')) hasC = true;
      if (v.startsWith('-') && v.includes('s')) readsStdin = true;
      continue;
    }
    if (v.startsWith('--')) continue;
    break;
  }
  const label = `${cmd.program} -c`;
  if (hasC) {
    const out = withPositional(walker.state, args.slice(i + 1), () => runString(cmd, walker, args.slice(i, i + 1), 'shell-string', label));
    // `bash -c git reset --hard`: bash runs `git` alone (the rest become $0, $1…), but an unquoted string
    // followed by more words was meant as the whole line: that reading is judged too
    const rest = args.slice(i);
    if (rest.length > 1 && !rest[0]!.quoted && !rest.some((w) => w.dynamic)) {
      const meant = rest.map((w) => (/^[\w@%+=:,./~-]*$/.test(w.value) ? w.value : `'${w.value.replace(/'/g, `'\\''`)}'`)).join(' ');
      parseNested(walker, meant, () => spanOf(rest), 'shell-string', label, cmd.remote, null);
    }
    return out;
  }
  // `… | xargs -n1 bash`: the scripts are named by the input.
  if ((cmd.extraArgsUnknown || (cmd.origin === 'xargs' && args[i]?.dynamic)) && !readsStdin)
    walker.state.issue('dynamic-input', `\`${cmd.program}\` runs scripts named by its input`, cmd.span);
  if (i < args.length && !readsStdin) return script(cmd, walker, args[i], 'script');
  return stdinScript(cmd, walker);
}

/** A shell reading its script from stdin: a heredoc, here-string, `< file` or a static pipe. */
export function stdinScript(cmd: Command, walker: Walker): Command[] {
  walker.state.commands.push(cmd);
  const s = cmd.stdin;
  const label = `${cmd.program} <stdin>`;
  if (!s) return [cmd];
  // A shell written to through `>(sh)` or fed a program's output (`psql -c '\o |sh'`): that output is code.
  if (s === UNKNOWN_INPUT) {
    walker.state.issue('dynamic-command', `\`${cmd.program}\` reads and runs code that is only known when the line runs`, cmd.span);
  }
  if ((s.kind === 'heredoc' || s.kind === 'herestring') && !s.dynamic) {
    parseNested(walker, s.text, () => s.span, 'stdin-script', label, cmd.remote);
  } else if (s.kind === 'heredoc' || s.kind === 'herestring') {
    // `bash <<EOF … $CMD … EOF`, `. /dev/stdin <<< "$X"`: judged as far as known; a command only known when the line runs is unseen.
    parseNested(walker, s.text.split(DYN).join('__shellgate_dynamic__'), () => s.span, 'stdin-script', label, cmd.remote);
    if (unknownCommandIn(s.text))
      walker.state.issue('dynamic-input', `\`${cmd.program}\` runs commands from its input that are only known when the line runs`, cmd.span);
  } else if (s.kind === 'pipe' && s.text !== null) {
    const from = s.from[0]?.span ?? cmd.span;
    parseNested(walker, s.text, () => from, 'stdin-script', label, cmd.remote);
  } else if (s.kind === 'pipe' && s.from.length) {
    // `./gen.sh | sh`, `cat fifo | bash`, `echo "$X" | sh`: the shell runs output only known when the line runs.
    walker.state.issue(
      'dynamic-input',
      `\`${cmd.program}\` runs what \`${s.from[0]!.program ?? 'a command'}\` prints, only known when the line runs`,
      cmd.span,
    );
  } else if (s.kind === 'file') {
    script(cmd, walker, s.path, 'script', false);
  }
  return [cmd];
}

function ssh(cmd: Command, walker: Walker, args: Word[]): Command[] {
  const withArg = new Set(['-b', '-c', '-D', '-E', '-e', '-F', '-I', '-i', '-J', '-L', '-l', '-m', '-O', '-o', '-p', '-Q', '-R', '-S', '-W', '-w', '-B']);
  let i = 0;
  for (; i < args.length; i++) {
    const v = args[i].value;
    if (v === '--') {
      i++;
      break;
    }
    if (!v.startsWith('-')) break;
    if (withArg.has(v)) i++;
  }
  const host = args[i];
  if (!host) return push(cmd, walker);
  // `ssh -n`: stdin is /dev/null for the remote command.
  if (args.slice(0, i).some((w) => /^-[a-zA-Z]*n[a-zA-Z]*$/.test(w.value))) cmd = { ...cmd, stdin: null };
  const remote = host.value.replace(/^.*@/, '');
  const rest = args.slice(i + 1);
  const tagged: Command = { ...cmd, remote };
  if (rest.length === 0) {
    return stdinScript(tagged, walker);
  }
  // The remote command reads what ssh is given on stdin (`… | ssh host 'sh -s'`, `ssh host bash -s <<< 'cmd'`).
  return runString(tagged, walker, rest, 'remote', `ssh ${remote}`, cmd.stdin);
}

/** Ansible ad-hoc commands: the `command` (default), `shell` and `raw` modules run `-a STR` on every matched host. */
const ANSIBLE_SHELL_MODULES = new Set(['command', 'shell', 'raw', 'ansible.builtin.command', 'ansible.builtin.shell', 'ansible.builtin.raw']);

function ansible(cmd: Command, walker: Walker, args: Word[]): Command[] {
  const flag = (names: string[]) => {
    for (let i = 0; i < args.length; i++) {
      const v = args[i].value;
      if (names.includes(v)) return args[i + 1];
      const long = names.find((n) => n.startsWith('--') && v.startsWith(n + '='));
      if (long) return { ...args[i], value: v.slice(long.length + 1) };
    }
    return undefined;
  };
  const module = flag(['-m', '--module-name']);
  const moduleArgs = flag(['-a', '--args']);
  // `-m reboot` needs no arguments
  const equivalent = module && !module.dynamic && !moduleArgs?.dynamic ? ansibleEquivalent(module.value, moduleArgs?.value ?? '') : null;
  if (equivalent) return runString(cmd, walker, [{ ...(moduleArgs ?? module!), value: equivalent }], 'remote', `ansible -m ${module!.value}`);
  if (module?.value === 'script' || module?.value === 'ansible.builtin.script')
    return script(cmd, walker, moduleArgs ? { ...moduleArgs, value: moduleArgs.value.split(/\s+/)[0]! } : undefined, 'ansible -m script');
  if (!moduleArgs || (module && (module.dynamic || !ANSIBLE_SHELL_MODULES.has(module.value)))) return push(cmd, walker);
  return runString(cmd, walker, [moduleArgs], 'remote', `ansible -m ${module?.value ?? 'command'}`);
}

function su(cmd: Command, walker: Walker, args: Word[]): Command[] {
  const c = args.findIndex((w) => w.value === '-c' || w.value === '--command');
  if (c >= 0 && args[c + 1]) return runString(cmd, walker, [args[c + 1]], 'shell-string', 'su -c');
  const eq = args.find((w) => w.value.startsWith('--command='));
  if (eq) return runString(cmd, walker, [{ ...eq, value: eq.value.slice(10) }], 'shell-string', 'su -c');
  return push(cmd, walker);
}

/** `at TIME <<< 'cmd'`, `echo cmd | at now`, `at -f job.sh now`: the job runs later, as a shell command line. */
function atJob(cmd: Command, walker: Walker, args: Word[]): Command[] {
  const file = args.findIndex((w) => w.value === '-f');
  if (file >= 0) return script(cmd, walker, args[file + 1], 'at -f');
  walker.state.commands.push(cmd);
  if (args.some((w) => /^-[lrdcV]$/.test(w.value))) return [cmd];
  const s = cmd.stdin;
  const text = s?.kind === 'pipe' ? s.text : (s?.kind === 'heredoc' || s?.kind === 'herestring') && !s.dynamic ? s.text : null;
  if (text) parseNested(walker, text, () => cmd.span, 'script', 'at');
  return [cmd];
}

function push(cmd: Command, walker: Walker): Command[] {
  walker.state.commands.push(cmd);
  return [cmd];
}

const SCRIPT_LIMIT = 64 * 1024;

/** Parses a script file when the context can read it (`bash x.sh`, `source x.sh`, `./x.sh`). */
function script(cmd: Command, walker: Walker, file: Word | undefined, label: string, pushCmd = true): Command[] {
  // `. /dev/stdin`, `bash /dev/fd/0`: the script is what the command reads on stdin.
  if (file && !file.dynamic && /^\/dev\/(stdin|fd\/0)$/.test(file.value)) {
    if (!pushCmd) return [cmd];
    return stdinScript(cmd, walker);
  }
  if (pushCmd) walker.state.commands.push(cmd);
  const written = file && writtenFile(file, walker.state);
  if (file && !file.dynamic)
    unseenScript(file, written, walker.state, cmd.span, absolutePath(file.value, walker.state), walker.frame.source, label === 'source');
  if (file && written) {
    // A file this line wrote: its downloader is where the code comes from, its static text is the code.
    if (written.from.length) file.sources = [...(file.sources ?? []), ...written.from];
    if (written.text !== null) parseNested(walker, written.text, () => cmd.span, 'script', `${label} ${file.value}`);
    return [cmd];
  }
  // `source <(echo …)`, `bash <(cat x.sh)`: a process substitution whose output is known.
  const fed = file?.dynamic && file.sources?.length === 1 ? staticOutput(file.sources[0]!, (w) => fileText(w, walker.state)) : null;
  // `bash <(cat fifo)`: the script is whatever another process writes into the FIFO.
  if (
    file?.dynamic &&
    fed === null &&
    file.sources?.length &&
    (readsFifo(file.sources, walker.state, (p) => absolutePath(p, walker.state)) || unknownData(file.sources, walker.state))
  )
    walker.state.issue('dynamic-input', `\`${cmd.program}\` runs data only known when the line runs (a FIFO, a variable, a file not there)`, cmd.span);
  // `find … -exec sh {} \;`: each file find finds is run as a script.
  if (file && cmd.origin === 'find-exec' && file.raw.includes('{}'))
    walker.state.issue('dynamic-input', `\`${cmd.program}\` runs every file find finds as a script`, cmd.span);
  if (file && fed !== null && fed.length <= SCRIPT_LIMIT) {
    parseNested(walker, fed, () => cmd.span, 'script', `${label} ${file.raw}`);
    return [cmd];
  }
  const read = walker.state.ctx.readFile;
  if (!file || file.dynamic || !read) return [cmd];
  const cwd = walker.state.ctx.cwd ?? '.';
  const path = posix.normalize(file.value.startsWith('/') ? file.value : `${cwd}/${file.value}`);
  const text = read(path);
  if (text === undefined || text.length > SCRIPT_LIMIT) return [cmd];
  if (label === 'script' && !pushCmd && !isShellScript(text, file.value)) return [cmd];
  parseNested(walker, text, () => cmd.span, 'script', `${label} ${file.value}`);
  return [cmd];
}

function isShellScript(text: string, name: string): boolean {
  const first = text.slice(0, 120).split('\n')[0];
  if (first.startsWith('#!')) return /\b(ba|z|da|k)?sh\b/.test(first);
  return name.endsWith('.sh') || name.endsWith('.bash');
}

function recordAliases(cmd: Command, walker: Walker): void {
  for (const w of cmd.argv.slice(1)) {
    const eq = w.value.indexOf('=');
    if (eq > 0 && !w.dynamic) walker.state.aliases.set(w.value.slice(0, eq), w.value.slice(eq + 1));
  }
}
