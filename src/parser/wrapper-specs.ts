/*!
 * Wrappers described as data: commands that run another command given as their arguments (`sudo`,
 * `env`, `nice`, `timeout`, `flock`, `watch`, …), each with which options take a value, how many
 * positionals come before the command, and whether `VAR=x` assignments may appear.
 */
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
