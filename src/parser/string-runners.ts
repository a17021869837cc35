/*!
 * Programs that run a command line given as a string, a script or their stdin: shells (`bash -c STR`,
 * `bash x.sh`, `sh < file`), `ssh host CMD`, ansible ad-hoc modules, `su -c` and `at` jobs.
 */
import type { Command, Word } from './model.js';
import type { Walker } from './walker.js';
import { parseNested } from './nested.js';
import { ansibleEquivalent } from './ansible-modules.js';
import { runString, spanOf, withPositional } from './shell-strings.js';
import { script, stdinScript } from './script-files.js';

const SHELL_OPTS_WITH_ARG = new Set(['-o', '+o', '-O', '+O', '--rcfile', '--init-file']);

/** A shell's options, then what it runs: its `-c` string (with `$0`, `$1`… after it), a script file or its stdin. */
export function shell(cmd: Command, walker: Walker): Command[] {
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

/** `ssh [opts] host CMD…`: the words are a command line run on the host; without them, ssh's stdin is. */
export function ssh(cmd: Command, walker: Walker, args: Word[]): Command[] {
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

export function ansible(cmd: Command, walker: Walker, args: Word[]): Command[] {
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

/** `su -c STR`, `su --command=STR`: the string is a command line. */
export function su(cmd: Command, walker: Walker, args: Word[]): Command[] {
  const c = args.findIndex((w) => w.value === '-c' || w.value === '--command');
  if (c >= 0 && args[c + 1]) return runString(cmd, walker, [args[c + 1]], 'shell-string', 'su -c');
  const eq = args.find((w) => w.value.startsWith('--command='));
  if (eq) return runString(cmd, walker, [{ ...eq, value: eq.value.slice(10) }], 'shell-string', 'su -c');
  return push(cmd, walker);
}

/** `at TIME <<< 'cmd'`, `echo cmd | at now`, `at -f job.sh now`: the job runs later, as a shell command line. */
export function atJob(cmd: Command, walker: Walker, args: Word[]): Command[] {
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
