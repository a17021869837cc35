/*!
 * The container started before the classifier daemon's answer (sh/fast.ts). bubblewrap's
 * namespaces and mounts take ≈6 ms, the daemon's judging and planning about as long; they used to
 * add up. Now the container the daemon planned for the last command run from the same directory
 * is started at once, waiting at the gate of container-gate.ts (nothing runs in it until `go`).
 * When the daemon allowed the command and its fresh plan is that very argv, the gate opens; any
 * difference, any refusal, any failure closes the gate unopened (the waiting sh exits 125: nothing
 * ran) and the fresh container is started as before. So what runs is only ever the daemon's fresh
 * plan: the remembered one saves time and decides nothing.
 *
 * The remembered argv is kept in the state directory, which no container sees. It is checked
 * before it is started all the same: the program must be a root-owned one or shellgate's scope
 * helper, and every path it mounts must exist (bubblewrap would otherwise create the missing one,
 * through a writable mount, for a container that may never be used).
 */
import type { ChildProcess } from 'node:child_process';
import { lstatSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { cacheDir, stateDir } from '../config/paths.js';
import { rootOwnedPath, trustedSh } from '../config/trusted-bash.js';
import type { Containment } from '../contain/index.js';
import { quickHash } from '../util/quick-hash.js';
import { withGate } from './container-gate.js';
import { forwardSignals, startBash } from './exec-bash.js';

/** What of a run the early container needs (sh/run.ts AgentRun has it). */
export interface EarlyRun {
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdin: 'inherit' | 'pipe';
}

/** A container started early, waiting at its gate. */
export interface EarlyContainer {
  child: ChildProcess;
  file: string;
  /** Its arguments, the gate included. */
  args: string[];
  /** Set once it ended or could not start (then it is never used). */
  over: boolean;
  /** The remembered plan it was started from. */
  from: Remembered;
}

/** What is remembered of the last plan: bubblewrap's launcher, its options up to `--`, and the bash. */
interface Remembered {
  file: string;
  prefix: string[];
  bash: string;
}

/** Options whose arguments are paths bubblewrap mounts over or from (how many follow each). */
const PATH_OPTIONS = new Map([
  ['--bind', 2],
  ['--ro-bind', 2],
  ['--dev-bind', 2],
  ['--tmpfs', 1],
  ['--remount-ro', 1],
  ['--dev', 1],
  ['--proc', 1],
  ['--chdir', 1],
]);

function rememberedPath(run: EarlyRun, agentProcess: string | null): string {
  const key = [run.cwd, agentProcess ?? '', run.env.HOME ?? '', run.env.SHELLGATE_CONFIG_DIR ?? '', run.env.XDG_CONFIG_HOME ?? ''].join('\0');
  return join(stateDir(run.env), 'contain', 'early', `${quickHash(key)}.json`);
}

/** The bubblewrap argv for `c` split as Remembered, or null when it is not a container. */
function splitPlan(c: Containment): Remembered | null {
  if (c.kind !== 'contained') return null;
  const end = c.args.indexOf('--');
  return end < 0 ? null : { file: c.file, prefix: c.args.slice(0, end + 1), bash: c.args[end + 1] };
}

/** True when `r` may be started: trusted programs, and every path it names exists. */
function startable(r: Remembered, env: NodeJS.ProcessEnv): boolean {
  const helper = dirname(r.file) === cacheDir(env) && /^scope-exec-[0-9a-f]{16}$/.test(basename(r.file));
  if (!helper && !rootOwnedPath(r.file)) return false;
  const options = helper ? r.prefix.slice(1) : r.prefix;
  if (helper && !rootOwnedPath(r.prefix[0])) return false;
  if (!rootOwnedPath(r.bash)) return false;
  for (let i = 0; i < options.length; i++) {
    const n = PATH_OPTIONS.get(options[i]);
    if (n === undefined) continue;
    for (let k = 1; k <= n; k++) {
      try {
        lstatSync(options[i + k]);
      } catch {
        return false;
      }
    }
    i += n;
  }
  return true;
}

function readRemembered(path: string): Remembered | null {
  try {
    const r = JSON.parse(readFileSync(path, 'utf8')) as Remembered;
    const strings = (xs: unknown): boolean => Array.isArray(xs) && xs.every((x) => typeof x === 'string');
    return typeof r.file === 'string' && typeof r.bash === 'string' && strings(r.prefix) && r.prefix.at(-1) === '--' ? r : null;
  } catch {
    return null;
  }
}

/**
 * Starts the container remembered for this directory, waiting at its gate, with the stdio
 * sh/run.ts gives a contained command whose stderr it reads; null when there is none to start.
 */
export function startEarly(run: EarlyRun, agentProcess: string | null): EarlyContainer | null {
  const sh = trustedSh();
  const r = sh ? readRemembered(rememberedPath(run, agentProcess)) : null;
  if (!sh || !r || !startable(r, run.env)) return null;
  const args = withGate([...r.prefix, r.bash, ...run.argv], sh);
  let child: ChildProcess;
  try {
    child = startBash(r.file, args, { env: run.env, stdin: run.stdin, stderr: 'pipe', gateFd: true });
  } catch {
    return null;
  }
  const early: EarlyContainer = { child, file: r.file, args, over: false, from: r };
  child.once('exit', () => (early.over = true));
  child.once('error', () => (early.over = true));
  return early;
}

/** Closes the gate unopened: the container ends with 125 and its command never starts. */
export function cancelEarly(early: EarlyContainer | null): void {
  if (!early) return;
  const gate = early.child.stdio[3] as (NodeJS.WritableStream & NodeJS.EventEmitter) | null | undefined;
  gate?.on('error', () => {});
  gate?.end();
  early.child.stderr?.resume(); // what bubblewrap might say is not this command's
  early.child.unref();
}

/**
 * The early container when it is exactly the one the daemon planned for this command (`c`, with
 * the gate sh/run.ts would put in front); else it is cancelled and null is returned. From here on
 * it gets the signals this process receives, as a container sh/run.ts starts does.
 */
export function adoptEarly(early: EarlyContainer | null, c: Containment, stdin: 'inherit' | 'pipe', stderrPiped: boolean): EarlyContainer | null {
  if (!early) return null;
  const sh = trustedSh();
  const same =
    !early.over &&
    stderrPiped &&
    stdin === 'inherit' &&
    c.kind === 'contained' &&
    sh !== null &&
    c.file === early.file &&
    sameArgs(withGate(c.args, sh), early.args);
  if (!same) {
    cancelEarly(early);
    return null;
  }
  forwardSignals(early.child, true);
  return early;
}

function sameArgs(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Remembers the daemon's plan `c` for the next command from this directory (when it changed). */
export function rememberPlan(run: EarlyRun, agentProcess: string | null, c: Containment, early: EarlyContainer | null): void {
  const r = splitPlan(c);
  if (!r || (early && JSON.stringify(early.from) === JSON.stringify(r))) return;
  const path = rememberedPath(run, agentProcess);
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const tmp = `${path}.${process.pid}`;
    writeFileSync(tmp, JSON.stringify(r), { mode: 0o600 });
    renameSync(tmp, path);
  } catch {
    /* the next command starts its container after the answer, as without this */
  }
}
