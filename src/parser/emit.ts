/*!
 * Emitting a simple command: resolve its program name, then see through what it runs — aliases,
 * wrappers (`sudo`, `env`, `timeout` …), shells (`bash -c STR`, `sh < file`, `… | bash`), `eval`,
 * `ssh host CMD`, `xargs`, `parallel`, `find -exec` and scripts. Nested strings are parsed like a
 * command line, with the same budgets. Strings, scripts and the programs that run them are in
 * shell-strings.ts, script-files.ts and string-runners.ts.
 */
import type { SyntaxNode } from './syntax-tree.js';
import type { Command, Word } from './model.js';
import type { Walker } from './walker.js';
import { innerCommand, skipWrapper } from './wrappers.js';
import { WRAPPERS } from './wrapper-specs.js';
import { SUBCOMMAND_WRAPPERS } from './subcommand-wrappers.js';
import { SHELLS } from './shells.js';
import { programName } from './program-name.js';
import { parseNested } from './nested.js';
import { expandXargs, expandParallel, findExecs } from './arg-runners.js';
import { interpreterCode, isInterpreter, shellStringsInCode } from './interpreters.js';
import { hiddenCommands } from './hidden-commands.js';
import { gitAliasCommands, normalizeGit } from './git-aliases.js';
import { recordWrites } from './written-files.js';
import { bindMounts, recordLinks, throughLinks, withLinks } from './symlinks.js';
import { startupCode } from './startup-files.js';
import { chainAliases } from './alias-chain.js';
import { crontab } from './crontab.js';
import { pathShadow, subcommandAt } from './program-lookup.js';
import { applyCurlConfig } from './curl-config.js';
import { applyWgetConfig } from './wget-config.js';
import { projectScripts } from './project-runs.js';
import { localBinAt } from './package-scripts.js';
import { defaultArgs } from './default-args.js';
import { callFunction } from './function-calls.js';
import { fromInput, interpreterScript } from './unseen-scripts.js';
import { CONTAINER_RUNTIMES, freshContainer, inContainer, interactive, withEntrypoint } from './containers.js';
import { runString } from './shell-strings.js';
import { script, stdinScript } from './script-files.js';
import { ansible, atJob, shell, ssh, su } from './string-runners.js';

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
  // The body reads what the call is given on stdin (`cat(){ bash; }; cat <<'EOF' …`).
  if (fn !== undefined && !cmd.via.includes(`function ${name.value}`)) return callFunction(walker, cmd, name.value, fn, cmd.stdin);
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
  if (fn !== undefined && !inner.via.includes(`function ${name.value}`)) return callFunction(walker, inner, name.value, fn);
  return unwrap(inner, walker);
}

function recordAliases(cmd: Command, walker: Walker): void {
  for (const w of cmd.argv.slice(1)) {
    const eq = w.value.indexOf('=');
    if (eq > 0 && !w.dynamic) walker.state.aliases.set(w.value.slice(0, eq), w.value.slice(eq + 1));
  }
}
