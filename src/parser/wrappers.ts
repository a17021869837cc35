/*!
 * Wrappers: commands that run another command given as their arguments (`sudo`, `env`, `nice`,
 * `timeout`, `npx`, `kubectl exec`, …). Each is described once as data: which options take a
 * value, how many positionals come before the command, whether `VAR=x` assignments may appear.
 */
import type { Assignment, Command, Word } from './model.js';
import { dict } from '../util/dict.js';

export interface WrapperSpec {
  /** Options that take the next word as their value (short or long form). */
  withArg?: string[];
  /** Positional words before the wrapped command (`timeout DURATION`, `flock FILE`). */
  positionals?: number;
  /** `NAME=value` words before the command are environment assignments (`env`, `sudo`). */
  assignments?: boolean;
  /** Options after which there is no command to run (`sudo -l`, `command -v`). */
  noCommand?: string[];
  /** Options whose value is a shell command string (`flock -c STR`, `su -c STR`, `npx -c STR`). */
  stringFlag?: string[];
  /** The string flag's words are followed by the remaining arguments (`env -S 'PATH=/usr/bin' git reset --hard`). */
  stringThenArgs?: boolean;
  /** The wrapped command starts only after `--` (`kubectl exec POD -- cmd`). */
  afterDoubleDash?: boolean;
  /** Arguments are joined with spaces and run by a shell (`watch`, `ssh`). */
  joinAsShell?: boolean;
  /** Options end at the first positional (`docker run [opts] IMAGE CMD…`: `-rf` after the image is the command's). */
  optionsEndAtPositional?: boolean;
  /** The wrapper's value options may follow the command too, and are its own (`heroku run bash -a app`: oclif parses them anywhere). */
  trailingOptions?: boolean;
  /** `coproc [NAME] { CMD; }`: tree-sitter reads the group as words (`{`, CMD…); the command starts after the brace. */
  braceBody?: boolean;
}

/** Wrappers keyed by program name. */
export const WRAPPERS: Record<string, WrapperSpec> = dict({
  sudo: {
    withArg: [
      '-u',
      '-g',
      '-h',
      '-p',
      '-C',
      '-D',
      '-r',
      '-t',
      '-U',
      '-T',
      '--user',
      '--group',
      '--host',
      '--prompt',
      '--chdir',
      '--role',
      '--type',
      '--other-user',
      '--close-from',
      '--command-timeout',
    ],
    assignments: true,
    noCommand: ['-l', '-v', '-k', '-K', '-V', '--list', '--validate', '--reset-timestamp', '--remove-timestamp', '--version', '--help'],
  },
  doas: { withArg: ['-u', '-C'], noCommand: ['-L'] },
  env: { withArg: ['-u', '--unset', '-C', '--chdir', '-a', '--argv0'], assignments: true, stringFlag: ['-S', '--split-string'], stringThenArgs: true },
  command: { noCommand: ['-v', '-V'] },
  builtin: {},
  exec: { withArg: ['-a'] },
  nohup: {},
  // `coproc [NAME] CMD`: NAME only when a compound command follows, so a simple command is its first word
  coproc: { braceBody: true },
  setsid: {},
  chronic: {},
  time: { withArg: ['-o', '-f', '--output', '--format'] },
  nice: { withArg: ['-n', '--adjustment'] },
  ionice: { withArg: ['-c', '-n', '--class', '--classdata'], noCommand: ['-p', '-P', '-u', '--pid', '--pgid', '--uid'] },
  stdbuf: { withArg: ['-i', '-o', '-e', '--input', '--output', '--error'] },
  timeout: { withArg: ['-s', '-k', '--signal', '--kill-after'], positionals: 1 },
  flock: { withArg: ['-w', '--timeout', '-E', '--conflict-exit-code'], positionals: 1, stringFlag: ['-c', '--command'] },
  chroot: { withArg: ['--userspec', '--groups'], positionals: 1 },
  runuser: { withArg: ['-u', '-g', '-G', '--user', '--group', '--supp-group'], stringFlag: ['-c', '--command'] },
  unbuffer: {},
  torsocks: {},
  proxychains: { withArg: ['-f'] },
  proxychains4: { withArg: ['-f'] },
  caffeinate: { withArg: ['-t', '-w'] },
  'dbus-run-session': {},
  'xvfb-run': { withArg: ['-n', '-s', '-f', '-e', '-p', '--server-num', '--server-args', '--auth-file', '--error-file'] },
  strace: { withArg: ['-o', '-e', '-p', '-s', '-u', '-E', '-I', '-a', '-b', '-O', '-S', '-P', '-X'] },
  ltrace: { withArg: ['-o', '-e', '-p', '-s', '-u', '-n', '-a', '-l'] },
  busybox: {},
  toybox: {},
  // `taskset MASK cmd` and `taskset -c LIST cmd`: either way one word before the command
  taskset: { positionals: 1, noCommand: ['-p', '--pid'] },
  numactl: { withArg: ['-C', '-N', '-m', '-i', '-p', '--physcpubind', '--cpunodebind', '--membind', '--interleave', '--preferred'] },
  chrt: { withArg: ['-T', '-P', '-D'], positionals: 1, noCommand: ['-p', '--pid', '-m', '--max'] },
  cpulimit: { withArg: ['-l', '--limit', '-p', '--pid', '-e', '--exe'] },
  prlimit: { withArg: ['-p', '--pid'] },
  fakeroot: {},
  'sudo-rs': { withArg: ['-u', '-g', '-D', '--user', '--group', '--chdir'], assignments: true },
  pkexec: { withArg: ['--user'] },
  // `sg GROUP CMD` hands CMD to /bin/sh -c, like `sg GROUP -c CMD`.
  sg: { positionals: 1, stringFlag: ['-c'], joinAsShell: true },
  sshpass: { withArg: ['-p', '-f', '-d', '-P'] },
  // cluster shells run their trailing words as a shell command on every host
  pdsh: { withArg: ['-w', '-x', '-g', '-X', '-R', '-l', '-u', '-f', '-t', '-m'], joinAsShell: true },
  clush: { withArg: ['-w', '-x', '-g', '-X', '-l', '-f', '-t', '-u', '-o', '-R'], joinAsShell: true },
  pssh: { withArg: ['-h', '-H', '-l', '-p', '-t', '-o', '-e', '-x', '-X', '-O'], joinAsShell: true },
  'parallel-ssh': { withArg: ['-h', '-H', '-l', '-p', '-t', '-o', '-e', '-x', '-X', '-O'], joinAsShell: true },
  entr: { withArg: [] },
  newgrp: {},
  unshare: { withArg: ['--map-user', '--map-group', '-S', '-G', '--setuid', '--setgid', '-R', '--root', '-w', '--wd'] },
  nsenter: { withArg: ['-t', '--target', '-S', '-G', '--setuid', '--setgid', '-r', '--root', '-w', '--wd'] },
  trickle: { withArg: ['-d', '-u', '-w', '-t', '-l', '-n'] },
  catchsegv: {},
  valgrind: {},
  sem: { withArg: ['-j', '--jobs', '--id'] },
  watch: { withArg: ['-n', '--interval', '-d', '-q', '--equexit'], joinAsShell: true },
  // Fabric runs the words after `--` as a shell command on each host (`fab -H web1 -- rm -rf /srv`).
  fab: { afterDoubleDash: true },
  npx: { withArg: ['-p', '--package', '--cache', '--userconfig'], stringFlag: ['-c', '--call'] },
  bunx: { withArg: ['-p', '--package'] },
  pnpx: {},
  firejail: {},
  'systemd-run': {
    withArg: ['-p', '--property', '-u', '--unit', '-M', '--machine', '--description', '--slice', '-E', '--setenv', '--uid', '--gid', '--working-directory'],
  },
  'aws-vault': { withArg: ['-d', '--duration', '-t', '--mfa-token'], positionals: 2 },
  // file watchers that run their trailing words through a shell on every change (`watchexec -e ts -- npm test`)
  watchexec: {
    withArg: [
      '-e',
      '--exts',
      '-w',
      '--watch',
      '-W',
      '--watch-non-recursive',
      '-i',
      '--ignore',
      '-f',
      '--filter',
      '-d',
      '--debounce',
      '--delay-run',
      '--shell',
      '--signal',
      '--stop-signal',
      '--stop-timeout',
      '--on-busy-update',
      '-E',
      '--env',
      '--workdir',
      '--project-origin',
      '--filter-file',
      '--ignore-file',
      '--poll',
      '--emit-events-to',
      '--timeout',
      '-j',
      '--filter-prog',
      '--fs-events',
      '--color',
      '--print-events',
    ],
    joinAsShell: true,
  },
  dotenv: { withArg: ['-e', '-v', '-c'] },
  screen: { withArg: ['-S', '-c', '-e', '-h', '-Logfile', '-p', '-s', '-T', '-t'], noCommand: ['-ls', '-list', '-r', '-R', '-x', '-X', '-wipe', '-v', '-h'] },
  // `script -c STR [file]` runs STR; without -c it starts an interactive shell, and its positional is the log file.
  script: {
    withArg: ['-E', '--echo', '-I', '--log-in', '-O', '--log-out', '-B', '--log-io', '-T', '--log-timing', '-m', '--logging-format', '-o', '--output-limit'],
    stringFlag: ['-c', '--command'],
    positionals: Infinity,
  },
});

const DOCKER_RUN_OPTS = [
  '-v',
  '--volume',
  '-e',
  '--env',
  '-p',
  '--publish',
  '--name',
  '-w',
  '--workdir',
  '-u',
  '--user',
  '--network',
  '--net',
  '--entrypoint',
  '-m',
  '--memory',
  '--cpus',
  '--mount',
  '--env-file',
  '-l',
  '--label',
  '--platform',
  '--restart',
  '--add-host',
  '--device',
  '--cap-add',
  '--cap-drop',
  '--security-opt',
  '-h',
  '--hostname',
  '--ulimit',
  '--tmpfs',
  '--pid',
  '--ipc',
  '--log-driver',
  '--log-opt',
  '--shm-size',
  '--gpus',
  '--volumes-from',
  '--link',
  '--dns',
  '--expose',
  '--stop-signal',
  '--health-cmd',
  '--pull',
  '--runtime',
];

/** `docker compose exec SERVICE cmd`, `docker-compose run --rm SERVICE cmd`: the command runs in the service's container. */
const COMPOSE_RUNS: Record<string, WrapperSpec> = {
  exec: { withArg: ['-e', '--env', '-u', '--user', '-w', '--workdir', '--index'], positionals: 1, optionsEndAtPositional: true },
  run: {
    withArg: [
      '-e',
      '--env',
      '-u',
      '--user',
      '-w',
      '--workdir',
      '--name',
      '-v',
      '--volume',
      '-p',
      '--publish',
      '--entrypoint',
      '-l',
      '--label',
      '--env-from-file',
    ],
    positionals: 1,
    optionsEndAtPositional: true,
  },
};

/** `program subcommand …` pairs that run the rest as a command. */
export const SUBCOMMAND_WRAPPERS = dict<Record<string, WrapperSpec>>({
  npm: { exec: { withArg: ['-p', '--package', '-w', '--workspace'], stringFlag: ['-c', '--call'] } },
  pnpm: { exec: {}, dlx: {} },
  yarn: { exec: {}, dlx: {} },
  bun: { x: {} },
  uv: { run: { withArg: ['--with', '--python', '-p', '--project', '--directory', '--env-file', '--group', '--extra'] } },
  uvx: {},
  poetry: { run: {} },
  pipenv: { run: {} },
  pdm: { run: {} },
  hatch: { run: {} },
  rye: { run: {} },
  bundle: { exec: {} },
  doppler: { run: { withArg: ['-p', '--project', '-c', '--config', '--token', '--scope'] } },
  op: { run: { withArg: ['--env-file', '--account'] } },
  saml2aws: {
    exec: { withArg: ['--exec-profile', '-a', '--idp-account', '-p', '--profile', '--region', '--session-duration', '--role', '--credentials-file'] },
  },
  infisical: { run: { withArg: ['--env', '--projectId', '--path', '--token'] } },
  direnv: { exec: { positionals: 1 } },
  mise: { exec: { withArg: ['-C', '--cd', '-j', '--jobs'] }, x: {} },
  conda: { run: { withArg: ['-n', '--name', '-p', '--prefix', '--cwd'] } },
  heroku: {
    // the dyno's shell runs the words joined: `heroku run 'rm -rf /app' -a acme`
    run: { withArg: ['-a', '--app', '-r', '--remote', '-s', '--size', '-e', '--env', '-t', '--team'], joinAsShell: true, trailingOptions: true },
    'run:detached': { withArg: ['-a', '--app', '-r', '--remote'] },
  },
  railway: { run: { withArg: ['-s', '--service', '-e', '--environment'] } },
  // tmux runs its trailing words as a shell command; send-keys types them into a shell.
  tmux: Object.fromEntries(
    [
      'new',
      'new-session',
      'new-window',
      'neww',
      'split-window',
      'splitw',
      'respawn-pane',
      'respawnp',
      'respawn-window',
      'respawnw',
      'run-shell',
      'run',
      'send-keys',
      'send',
    ].map((sub) => [sub, { withArg: ['-s', '-n', '-c', '-t', '-x', '-y', '-e', '-F', '-l', '-N', '-f', '-L', '-S'], joinAsShell: true }]),
  ),
  kubectl: { exec: { afterDoubleDash: true }, debug: { afterDoubleDash: true }, run: { afterDoubleDash: true } },
  oc: { exec: { afterDoubleDash: true }, debug: { afterDoubleDash: true }, run: { afterDoubleDash: true } },
  docker: {
    exec: { withArg: ['-e', '--env', '-u', '--user', '-w', '--workdir', '--env-file', '--detach-keys'], positionals: 1, optionsEndAtPositional: true },
    run: { withArg: DOCKER_RUN_OPTS, positionals: 1, optionsEndAtPositional: true },
  },
  // commands run inside a machine or system container
  vagrant: { ssh: { stringFlag: ['-c', '--command'], positionals: 1, noCommand: [] } },
  lxc: { exec: { afterDoubleDash: true } },
  incus: { exec: { afterDoubleDash: true } },
  multipass: { exec: { afterDoubleDash: true } },
  'docker-compose': COMPOSE_RUNS,
  'podman-compose': COMPOSE_RUNS,
  podman: {
    exec: { withArg: ['-e', '--env', '-u', '--user', '-w', '--workdir', '--env-file', '--detach-keys'], positionals: 1, optionsEndAtPositional: true },
    run: { withArg: DOCKER_RUN_OPTS, positionals: 1, optionsEndAtPositional: true },
  },
});

/**
 * Shells whose `-c STR`, script file or stdin is parsed as a command line — shellgate's own bash
 * stand-ins included (shellgate-contain judges nothing: its -c string is judged here).
 */
export const SHELLS = new Set([
  'shellgate-contain',
  'shellgate-contain.cjs',
  'shellgate-sh',
  'shellgate-sh.cjs',
  'bash',
  'sh',
  'zsh',
  'dash',
  'ksh',
  'ash',
  'mksh',
  'yash',
  'rbash',
  'fish',
  'tcsh',
  'csh',
  'pdksh',
  'oksh',
  'loksh',
  'posh',
  'elvish',
  'xonsh',
  'nu',
]);

/** Result of skipping a wrapper's own options. */
export type Unwrapped =
  | { kind: 'none' }
  | { kind: 'command'; argv: Word[]; assignments: Assignment[]; label: string }
  | { kind: 'string'; words: Word[]; label: string };

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*|BASH_FUNC_[^=\s]+%%?)=/;

/** Skips a wrapper's options and positionals; returns the command it runs. */
export function skipWrapper(args: Word[], spec: WrapperSpec, label: string): Unwrapped {
  const withArg = new Set(spec.withArg ?? []);
  const stringFlag = new Set(spec.stringFlag ?? []);
  const assignments: Assignment[] = [];
  let positionals = spec.positionals ?? 0;
  let i = 0;
  if (spec.braceBody) {
    const brace = args.findIndex((w, k) => k < 2 && w.value === '{' && !w.quoted);
    if (brace >= 0) return args.length > brace + 1 ? { kind: 'command', argv: args.slice(brace + 1), assignments, label } : { kind: 'none' };
  }
  if (spec.afterDoubleDash) {
    const dd = args.findIndex((w) => w.value === '--');
    return dd < 0 || dd + 1 >= args.length ? { kind: 'none' } : { kind: 'command', argv: args.slice(dd + 1), assignments, label };
  }
  let options = true;
  for (; i < args.length; i++) {
    const v = args[i].value;
    if (options && v === '--') {
      options = false;
      continue;
    }
    if (options && v.startsWith('-') && v.length > 1) {
      const name = v.includes('=') ? v.slice(0, v.indexOf('=')) : v;
      if (spec.noCommand?.includes(name)) return { kind: 'none' };
      // A bundle ending in the string flag's letter: `script -qc STR`, `flock -xc STR`.
      const bundled = /^-[A-Za-z]{2,}$/.test(name) && stringFlag.has('-' + name.slice(-1));
      if (stringFlag.has(name) || bundled) {
        const value = v.includes('=') ? { ...args[i], value: v.slice(v.indexOf('=') + 1) } : args[i + 1];
        const after = spec.stringThenArgs ? args.slice(v.includes('=') ? i + 1 : i + 2).map(quotedWord) : [];
        return value ? { kind: 'string', words: [value, ...after], label } : { kind: 'none' };
      }
      // The value glued to a short string flag: `env -S'git reset --hard'`.
      const glued = [...stringFlag].find((f) => f.length === 2 && v.startsWith(f) && v.length > 2);
      if (glued) return { kind: 'string', words: [{ ...args[i], value: v.slice(2) }, ...args.slice(i + 1).map(quotedWord)], label };
      // A bundle ending in a letter that takes a value: `screen -dmS NAME cmd`.
      if (withArg.has(v) || (/^-[A-Za-z]{2,}$/.test(v) && withArg.has('-' + v.slice(-1)))) i++;
      continue;
    }
    if (spec.assignments && ASSIGNMENT.test(v) && !args[i].dynamic) {
      const eq = v.indexOf('=');
      assignments.push({ name: v.slice(0, eq), value: { ...args[i], value: v.slice(eq + 1) } });
      continue;
    }
    if (positionals > 0) {
      positionals--;
      if (spec.optionsEndAtPositional) options = false;
      continue;
    }
    break;
  }
  if (i >= args.length) return { kind: 'none' };
  const rest = spec.trailingOptions ? withoutOptions(args.slice(i), withArg) : args.slice(i);
  if (rest.length === 0) return { kind: 'none' };
  if (spec.joinAsShell) return { kind: 'string', words: rest, label };
  return { kind: 'command', argv: rest, assignments, label };
}

/** A word passed on to a shell string as the one word it was (`sh -c 'rm -rf /'` stays one argument). */
function quotedWord(w: Word): Word {
  if (w.dynamic || /^[\w@%+=:,./~-]*$/.test(w.value)) return w;
  return { ...w, value: `'${w.value.replace(/'/g, `'\\''`)}'`, quoted: false };
}

/** The words without the given value options and their values (`--app x`, `--app=x`), up to a `--`. */
function withoutOptions(words: Word[], withArg: Set<string>): Word[] {
  const out: Word[] = [];
  for (let i = 0; i < words.length; i++) {
    const v = words[i].value;
    if (v === '--') return [...out, ...words.slice(i + 1)];
    if (withArg.has(v)) i++;
    else if (!(v.includes('=') && withArg.has(v.slice(0, v.indexOf('='))))) out.push(words[i]);
  }
  return out;
}

/**
 * Base name of a program path: `/usr/bin/rm` → `rm`, `./node_modules/.bin/x` → `x`. A Windows program
 * (`python.exe`, `GIT.EXE`: WSL runs them, and Windows ignores the case of their names) is the program it names.
 */
export function programName(value: string): string {
  const base = value.slice(value.lastIndexOf('/') + 1);
  return /.\.exe$/i.test(base) ? base.slice(0, -4).toLowerCase() : base;
}

/** Applies an unwrapped result to a command, producing the inner command. */
export function innerCommand(cmd: Command, argv: Word[], assignments: Assignment[], label: string): Command {
  const consumed = cmd.argv.slice(1, Math.max(1, cmd.argv.length - argv.length));
  const wrapperArgs = [...(cmd.wrapperArgs ?? []), ...consumed];
  return { ...cmd, argv, program: null, assignments: [...cmd.assignments, ...assignments], via: [...cmd.via, label], wrapperArgs };
}
