/*!
 * Drives a program in a real PTY (node-pty) and reads its screen through a headless xterm, the
 * way a person would see it. Also keeps the raw output bytes for byte-exact checks. Used by the
 * shell's e2e tests and integration tests.
 */
import { spawn, type IPty } from '@lydell/node-pty';
import xterm from '@xterm/headless';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const { Terminal } = xterm;

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const CLI = path.join(REPO, 'bin/shellgate.js');

export interface DriverOptions {
  file: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  cols?: number;
  rows?: number;
}

export class TerminalDriver {
  readonly term: InstanceType<typeof Terminal>;
  readonly pty: IPty;
  raw: Buffer[] = [];
  /**
   * Whether the emulated terminal answers queries in the output (device attributes, cursor
   * position) by typing the reply, as a real one does. Random binary output contains such queries
   * by chance; with the tty's echo on, the typed reply (`^[[?1;2c`, 8 bytes) would appear in the output.
   */
  answersQueries = true;
  readonly exited: Promise<{ exitCode: number; signal: number }>;
  private pending: Promise<void> = Promise.resolve();
  /** Called once the terminal has taken in the next output (waitFor re-reads the screen then, not on a clock). */
  private waiters: (() => void)[] = [];

  private notify(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w();
  }

  /** Resolves when new output reached the terminal, or after `ms` at most. */
  private nextOutput(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  constructor(opts: DriverOptions) {
    const cols = opts.cols ?? 100;
    const rows = opts.rows ?? 30;
    this.term = new Terminal({ cols, rows, allowProposedApi: true, scrollback: 1000, logLevel: 'off' });
    this.pty = spawn(opts.file, opts.args, { name: 'xterm-256color', cols, rows, cwd: opts.cwd, env: opts.env, encoding: null });
    this.pty.onData((d: string | Buffer) => {
      const buf = typeof d === 'string' ? Buffer.from(d) : d;
      this.raw.push(buf);
      this.pending = this.pending.then(
        () =>
          new Promise<void>((r) =>
            this.term.write(buf, () => {
              r();
              this.notify();
            }),
          ),
      );
    });
    this.term.onData((d) => {
      if (this.answersQueries) this.pty.write(d);
    });
    this.exited = new Promise((resolve) => this.pty.onExit((e) => resolve({ exitCode: e.exitCode, signal: e.signal ?? 0 })));
  }

  /** The visible screen, one string per row, trailing blanks trimmed. */
  async screen(): Promise<string> {
    await this.pending;
    const buf = this.term.buffer.active;
    const rows: string[] = [];
    for (let i = 0; i < this.term.rows; i++) rows.push(buf.getLine(buf.viewportY + i)?.translateToString(true) ?? '');
    return rows.join('\n');
  }

  /** Everything printed so far, scrollback included. */
  async history(): Promise<string> {
    await this.pending;
    const buf = this.term.buffer.active;
    const rows: string[] = [];
    for (let i = 0; i < buf.length; i++) rows.push(buf.getLine(i)?.translateToString(true) ?? '');
    return rows.join('\n');
  }

  /** Waits until the screen (or the whole history) satisfies `test`; throws with the screen if not. */
  async waitFor(test: string | RegExp | ((s: string) => boolean), opts: { timeout?: number; history?: boolean } = {}): Promise<string> {
    const deadline = Date.now() + (opts.timeout ?? 15_000);
    const ok = typeof test === 'function' ? test : (s: string) => (typeof test === 'string' ? s.includes(test) : test.test(s));
    for (;;) {
      const s = opts.history ? await this.history() : await this.screen();
      if (ok(s)) return s;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(test)}; screen:\n${s}`);
      // The screen changes only when output arrives (or on a resize, which the cap covers).
      await this.nextOutput(Math.min(250, Math.max(1, deadline - Date.now() + 1)));
    }
  }

  write(data: string): void {
    this.pty.write(data);
  }

  resize(cols: number, rows: number): void {
    this.term.resize(cols, rows);
    this.pty.resize(cols, rows);
  }

  kill(): void {
    try {
      this.pty.kill('SIGKILL');
    } catch {
      /* gone */
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** A throwaway HOME with its own .bashrc and history, and a state dir for shellgate. */
export interface Sandbox {
  home: string;
  state: string;
  env: Record<string, string>;
  cleanup(): void;
}

/** Prompt used in the test .bashrc: easy to find on screen. */
export const PS1 = 'sg$ ';

/**
 * Where test homes go: not under /tmp, which the rules treat as scratch space (deleting there is
 * allowed), so that `rm -rf ~/projects/demo` is judged as it would be in a real home.
 */
function testBase(): string {
  try {
    fs.accessSync('/dev/shm', fs.constants.W_OK);
    return '/dev/shm';
  } catch {
    return os.tmpdir();
  }
}

export function makeHome(bashrcExtra = ''): Sandbox {
  const root = fs.mkdtempSync(path.join(testBase(), 'sg-e2e-'));
  const home = path.join(root, 'home');
  const state = path.join(root, 'state');
  fs.mkdirSync(home);
  fs.mkdirSync(state);
  fs.writeFileSync(path.join(home, '.bashrc'), `PS1='${PS1}'\nHISTFILE="$HOME/.bash_history"\n${bashrcExtra}\n`);
  const env: Record<string, string> = {
    HOME: home,
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
    SHELLGATE_STATE_DIR: state,
    SHELLGATE_CONFIG_DIR: path.join(root, 'config'),
    SHELLGATE_LOG_FSYNC: '0',
  };
  // After a SIGKILL of shellgate its bash (in the sandbox: bwrap's bash, in a session of its own)
  // may live on for a moment, saving its history in the home directory: stop what still runs
  // there, then remove the directory, retrying while it refills (ENOTEMPTY, EBUSY).
  const cleanup = () => {
    killProcessesUnder(root);
    fs.rmSync(root, { recursive: true, force: true, maxRetries: 20, retryDelay: 50 });
  };
  return { home, state, env, cleanup };
}

/** SIGKILLs processes whose working directory or environment is inside `root` (Linux /proc). */
function killProcessesUnder(root: string): void {
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid)) {
    try {
      const cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
      const environ = fs.readFileSync(`/proc/${pid}/environ`, 'latin1');
      if (cwd === root || cwd.startsWith(`${root}/`) || environ.includes(`HOME=${root}/`)) process.kill(Number(pid), 'SIGKILL');
    } catch {
      /* gone, or not ours to read */
    }
  }
}

/** Starts the built CLI (`node bin/shellgate.js ARGS`) in a PTY inside `sb`. */
export function startShellgate(
  sb: Sandbox,
  args: string[] = [],
  extraEnv: Record<string, string> = {},
  size?: { cols: number; rows: number },
  cwd = sb.home,
): TerminalDriver {
  return new TerminalDriver({ file: process.execPath, args: [CLI, ...args], env: { ...sb.env, ...extraEnv }, cwd, ...size });
}

/**
 * Waits until the screen's last line is a fresh prompt (what was typed before has run): a line
 * typed ahead of that is echoed while the previous one still runs, and can be taken into it.
 */
export async function atFreshPrompt(d: TerminalDriver): Promise<void> {
  await d.waitFor(
    (screen) =>
      screen
        .split('\n')
        .map((l) => l.trimEnd())
        .filter(Boolean)
        .at(-1) === PS1.trimEnd(),
  );
}

/** Starts shellgate in `sb` and waits for bash's first prompt. */
export async function startAtPrompt(sb: Sandbox, args: string[] = [], extraEnv: Record<string, string> = {}, cwd = sb.home): Promise<TerminalDriver> {
  const d = startShellgate(sb, args, extraEnv, undefined, cwd);
  await d.waitFor(PS1.trimEnd());
  return d;
}

/** Runs a harmless line and waits for its output: everything typed before has been handled. */
export async function syncShell(d: TerminalDriver, tag: string): Promise<void> {
  d.write(`echo sync-${tag}\r`);
  await d.waitFor(new RegExp(`^sync-${tag}$`, 'm'), { history: true });
}

/** Number of prompts on screen (the test prompt `sg$ `). */
export function countPrompts(screen: string): number {
  return screen.split('\n').filter((l) => l.startsWith(PS1.trimEnd())).length;
}
