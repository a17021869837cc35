/*!
 * "exec" bash as closely as Node allows (Node has no exec(2)): spawn it with our stdio, forward
 * the signals we receive, and leave with bash's status — re-raising the signal that killed bash,
 * so that our parent's wait status is the one bash would have given.
 * Terminal-generated SIGINT/SIGQUIT already reach bash (same foreground process group), so they
 * are not forwarded a second time when we run on a terminal.
 */
import type { ChildProcess, StdioOptions } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import { isatty } from 'node:tty';
import { runExitFlushes } from '../util/exit-flush.js';
import { builtin } from '../util/builtin.js';

const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGWINCH', 'SIGUSR1', 'SIGUSR2', 'SIGALRM'];
const TERMINAL_GENERATED = new Set<NodeJS.Signals>(['SIGINT', 'SIGQUIT']);

/**
 * Signals bubblewrap reports as 128+N (it cannot die of them itself): a contained bash killed
 * by one of these is re-raised so that our parent sees the death it would see with plain bash.
 */
const FATAL_BY_STATUS = new Map<number, NodeJS.Signals>(
  (['SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGABRT', 'SIGKILL', 'SIGSEGV', 'SIGPIPE', 'SIGTERM'] as const).map((s) => [128 + osConstants.signals[s], s]),
);

/** The signal a wrapper's exit status stands for (bubblewrap: 128+N), or null. */
export function signalOfStatus(code: number | null): NodeJS.Signals | null {
  return code === null ? null : (FATAL_BY_STATUS.get(code) ?? null);
}

/** Exits this process the way `child` ended: same code, or killed by the same signal. */
export function exitLike(code: number | null, signal: NodeJS.Signals | null): void {
  for (const s of FORWARDED) process.removeAllListeners(s);
  if (signal) {
    // Adding then removing a listener makes libuv restore SIG_DFL (Node starts with SIGPIPE ignored).
    // (SIGKILL and SIGSTOP cannot have listeners and need no restoring: process.on would throw.)
    if (signal !== 'SIGKILL' && signal !== 'SIGSTOP') {
      const noop = () => {};
      process.on(signal, noop);
      process.removeListener(signal, noop);
    }
    runExitFlushes(); // `exit` handlers do not run when we die of the signal
    process.kill(process.pid, signal);
    // Still alive (a signal whose default is to ignore): report it like a shell would.
    setTimeout(() => process.exit(128 + (osConstants.signals[signal] ?? 0)), 100);
    return;
  }
  process.exit(code ?? 1);
}

/** How spawnBash starts bash. */
export interface SpawnBashOptions {
  env: NodeJS.ProcessEnv;
  /** `pipe` when shellgate-sh feeds bash's stdin itself (stdin mode). */
  stdin: 'inherit' | 'pipe';
  /** argv[0] for the child. @default 'bash' */
  argv0?: string;
  /** Forward terminal-generated signals too (the child runs in its own session, e.g. sandboxed). */
  forwardAll?: boolean;
  /** `pipe` when the caller relays (and reads) stderr. @default 'inherit' */
  stderr?: 'inherit' | 'pipe';
  /** `pipe` when the caller relays stdout (masking credential values). @default 'inherit' */
  stdout?: 'inherit' | 'pipe';
  /** Gives the child a fourth descriptor (3), a socket from this process (the gate of sh/run.ts). */
  gateFd?: boolean;
}

/** Starts `file args` with our stdout/stderr and forwards signals to it until it exits. */
export function spawnBash(file: string, args: string[], opts: SpawnBashOptions): ChildProcess {
  const child = startBash(file, args, opts);
  forwardSignals(child, opts.forwardAll === true);
  return child;
}

/** Starts `file args` as spawnBash does, without forwarding any signal to it (yet: forwardSignals). */
export function startBash(file: string, args: string[], opts: SpawnBashOptions): ChildProcess {
  const stdio: StdioOptions = [opts.stdin, opts.stdout ?? 'inherit', opts.stderr ?? 'inherit', ...(opts.gateFd ? (['pipe'] as const) : [])];
  // argv[0] "bash", as when bash is started by name: `$0` and bash's own messages read the same.
  return builtin('node:child_process').spawn(file, args, { stdio, env: opts.env, argv0: opts.argv0 ?? 'bash' });
}

/** Forwards the signals this process receives to `child` (see FORWARDED), from now on. */
export function forwardSignals(child: ChildProcess, forwardAll: boolean): void {
  const onTerminal = !forwardAll && (isatty(0) || isatty(1) || isatty(2));
  for (const s of FORWARDED) {
    process.on(s, () => {
      if (onTerminal && TERMINAL_GENERATED.has(s)) return; // bash got it from the terminal too
      try {
        child.kill(s);
      } catch {
        /* already gone */
      }
    });
  }
}
