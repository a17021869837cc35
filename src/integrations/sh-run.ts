/*!
 * Runs an agent's bash once its commands were judged: the one place where shellgate-sh (in-process
 * and through the daemon) starts bash. The bash is the trusted one (config/trusted-bash.ts), run
 * inside the agent containment (contain/). Around the run: a write grant a human approved for this
 * command is applied, stderr is watched for writes the container refused (then the agent is told
 * how a human allows them), protected files the command created are moved aside, and the project
 * is snapshotted before and after (undo/record-command.ts) so that the command can be undone.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, realpathSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { isatty } from 'node:tty';
import { stateDir } from '../config/paths.js';
import { agentBash, ContainmentError, prepareContainment, type Containment } from '../contain/index.js';
import type { ShInvocation } from './sh-args.js';
import { RefusedWrites } from '../contain/refused-writes.js';
import { quarantineCreated, quarantineMessage } from '../contain/watch.js';
import { BLOCKED_STATUS } from './blocked-status.js';
import { exitLike, spawnBash } from './exec-bash.js';
import { SESSION_ENV } from '../config/actor.js';
import { findProjectRoot } from '../sandbox/project-root.js';
import { afterCommand, beforeCommand, prepareCommand, type Prepared, type Recording } from '../undo/record-command.js';

/** One agent bash run. */
export interface AgentRun {
  /** The trusted bash and its arguments (as shellgate-sh was given them). */
  bash: string;
  argv: string[];
  cwd: string;
  /** The environment bash gets. */
  env: NodeJS.ProcessEnv;
  stdin: 'inherit' | 'pipe';
  /** What a write grant is matched by: the `-c` string or the script (null: stdin, no grants). */
  key: string | null;
  agent?: string;
}

function refuse(message: string): never {
  writeSync(2, `shellgate-sh: ${message}\n`);
  process.exit(BLOCKED_STATUS);
}

/** The trusted bash, or a refusal that says how to name one. */
export function bashOrRefuse(): string {
  try {
    return agentBash();
  } catch (err) {
    return refuse((err as Error).message);
  }
}

/** What a human's write grant for this call is matched by. */
export function grantKey(inv: ShInvocation): string | null {
  if (inv.mode === 'command') return inv.command ?? null;
  if (inv.mode === 'script') return inv.script === undefined ? null : `script ${inv.script}`;
  return null;
}

/**
 * The containment for `run` (applying a human's write grant); refuses (exit 126) when there is none.
 * Also starts the undo scan of the project, which runs while the command is judged.
 */
export async function containmentFor(run: AgentRun): Promise<Containment> {
  let grant: string[] = [];
  if (run.key !== null && existsSync(join(stateDir(process.env), 'approvals.json'))) {
    const { takeWriteGrant } = await import('../contain/escalation.js');
    grant = takeWriteGrant(run.key, run.cwd, process.env);
  }
  let c: Containment;
  try {
    c = prepareContainment(run.bash, run.argv, { cwd: run.cwd, env: run.env, grant });
  } catch (err) {
    if (err instanceof ContainmentError) return refuse(err.message);
    return refuse(`cannot prepare the container: ${(err as Error).message}`);
  }
  prepareUndo(run, c);
  return c;
}

/** The audit note for a containment (only an uncontained run has one). */
export function containmentNote(c: Containment): string | undefined {
  return c.kind === 'uncontained' ? `uncontained (agents: advisory): ${c.why}` : undefined;
}

async function afterRun(run: AgentRun, c: Containment, refused: RefusedWrites | null): Promise<void> {
  if (c.kind !== 'contained') return;
  const moved = quarantineCreated(c.watch, process.env);
  if (moved.length > 0) writeSync(2, quarantineMessage(moved));
  const paths = refused?.paths() ?? [];
  if (paths.length === 0) return;
  const { requestWriteGrant, refusedWriteMessage } = await import('../contain/escalation.js');
  let request = null;
  try {
    if (run.key !== null) request = requestWriteGrant(run.key, run.cwd, paths, run.agent, process.env);
  } catch {
    /* the queue is unavailable: the message still says what happened */
  }
  writeSync(2, refusedWriteMessage(paths, c.plan.projectRoot, request, process.env));
}

/** The project a command changes: the container's writable project, or the one cwd is in. */
function projectOf(run: AgentRun, c: Containment): string | null {
  // Contained: only a project the command may write (never a home directory or a system tree).
  if (c.kind === 'contained') return c.plan.writable.includes(c.plan.projectRoot) ? c.plan.projectRoot : null;
  if (c.kind === 'inside') return null; // the outer shellgate records it
  try {
    return findProjectRoot(realpathSync(run.cwd), [run.env.HOME ?? ''].filter(Boolean));
  } catch {
    return null;
  }
}

/** Undo recordings prepared with their containment (their scan runs while the command is judged). */
const prepared = new WeakMap<Containment, Prepared>();

/** Starts the undo scan of the project for `run` (called as soon as its containment is known). */
function prepareUndo(run: AgentRun, c: Containment): void {
  const projectRoot = projectOf(run, c);
  if (!projectRoot) return;
  const actor = run.agent ? { kind: 'agent' as const, agent: run.agent } : { kind: 'human' as const };
  const sessionId = run.env[SESSION_ENV] ?? `sh-${process.pid}`;
  const p = prepareCommand({ projectRoot, cwd: run.cwd, line: run.key, env: run.env, actor, sessionId });
  if (p.kind === 'refuse') refuse(p.say.replace(/^shellgate-sh: /, '').trimEnd());
  prepared.set(c, p);
}

/** The undo snapshot before the command; refuses (exit 126) when undo.yaml requires one and none can be taken. */
async function recordBefore(c: Containment): Promise<Recording | null> {
  const p = prepared.get(c);
  if (!p) return null;
  const before = await beforeCommand(p);
  if (!before.run) return refuse(before.say.replace(/^shellgate-sh: /, '').trimEnd());
  if (before.say) writeSync(2, before.say);
  return before.recording;
}

/** Starts bash as `c` says, and exits this process the way bash ended. */
export async function runContained(run: AgentRun, c: Containment): Promise<ChildProcess> {
  const recording = await recordBefore(c);
  // On a terminal stderr stays the terminal (programs check isatty); elsewhere it is relayed and read.
  const watchStderr = c.kind === 'contained' && !isatty(2);
  const child = spawnBash(c.file, c.args, { env: run.env, stdin: run.stdin, forwardAll: c.kind === 'contained', stderr: watchStderr ? 'pipe' : 'inherit' });
  const refused = watchStderr ? new RefusedWrites() : null;
  let stderrDone: Promise<void> = Promise.resolve();
  if (refused && child.stderr) {
    const stream = child.stderr;
    stderrDone = new Promise((done) => {
      stream.on('data', (chunk: Buffer) => {
        writeAll(2, chunk);
        refused.add(chunk.toString('utf8'));
      });
      stream.on('end', () => done());
      stream.on('error', () => done());
    });
  }
  child.on('error', (err) => refuse(`cannot run ${c.file}: ${err.message}`));
  child.on('exit', (code, signal) => {
    void stderrDone
      .then(() => afterRun(run, c, refused))
      .catch(() => {})
      .then(async () => {
        const say = recording ? await afterCommand(recording, code ?? (signal ? 128 : null)) : '';
        if (say) writeSync(2, say);
      })
      .catch(() => {})
      .then(() => exitLike(code, signal));
  });
  return child;
}

function writeAll(fd: number, data: Buffer): void {
  let off = 0;
  while (off < data.length) {
    try {
      off += writeSync(fd, data, off);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      return;
    }
  }
}
