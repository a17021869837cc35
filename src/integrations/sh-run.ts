/*!
 * Runs an agent's bash once its commands were judged: the one place where shellgate-sh (in-process
 * and through the daemon) starts bash. The bash is the trusted one (config/trusted-bash.ts), run
 * inside the agent containment (contain/). Around the run: a write grant a human approved for this
 * command is applied, stderr is watched for writes the container refused (then the agent is told
 * how a human allows them), and protected files the command created are moved aside.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { isatty } from 'node:tty';
import { stateDir } from '../config/paths.js';
import { agentBash, ContainmentError, prepareContainment, type Containment } from '../contain/index.js';
import type { ShInvocation } from './sh-args.js';
import { RefusedWrites } from '../contain/refused-writes.js';
import { quarantineChanged, quarantineMessage } from '../contain/watch.js';
import { BLOCKED_STATUS } from './blocked-status.js';
import { exitLike, signalOfStatus, spawnBash } from './exec-bash.js';

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
  /** For the audit log. */
  sessionId: string;
  actor: 'human' | 'agent';
}

/** Records what the container stopped (the command itself was logged when it was judged). */
async function auditContainment(run: AgentRun, note: string): Promise<void> {
  try {
    const { appendAuditEvent } = await import('../audit/log.js');
    const line = run.key ?? 'commands on stdin';
    appendAuditEvent({ event: 'containment', source: 'shellgate-sh', sessionId: run.sessionId, actor: run.agent ? { kind: run.actor, agent: run.agent } : { kind: run.actor }, cwd: run.cwd, line, note });
  } catch {
    /* the log is down: the message to the agent still says what happened */
  }
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

/** The containment for `run` (applying a human's write grant); refuses (exit 126) when there is none. */
export async function containmentFor(run: AgentRun): Promise<Containment> {
  let grant: string[] = [];
  if (run.key !== null && existsSync(join(stateDir(process.env), 'approvals.json'))) {
    const { takeWriteGrant } = await import('../contain/escalation.js');
    grant = takeWriteGrant(run.key, run.cwd, process.env);
  }
  try {
    // An agent's first project stays its writable project (contain/session-anchor.ts).
    const agentProcess = run.actor === 'agent' ? (await import('../contain/session-anchor.js')).agentProcessId() : null;
    return prepareContainment(run.bash, run.argv, { cwd: run.cwd, env: run.env, grant, agentProcess });
  } catch (err) {
    if (err instanceof ContainmentError) return refuse(err.message);
    return refuse(`cannot prepare the container: ${(err as Error).message}`);
  }
}

/** The audit note for a containment (only an uncontained run has one). */
export function containmentNote(c: Containment): string | undefined {
  return c.kind === 'uncontained' ? `uncontained (agents: advisory): ${c.why}` : undefined;
}

async function afterRun(run: AgentRun, c: Containment, refused: RefusedWrites | null): Promise<void> {
  if (c.kind !== 'contained') return;
  const moved = quarantineChanged(c.watch, process.env);
  if (moved.length > 0) {
    writeSync(2, quarantineMessage(moved));
    await auditContainment(run, `moved aside: ${moved.map(([from]) => from).join(', ')}`);
  }
  const paths = refused?.paths(c.plan.cwd) ?? [];
  if (paths.length === 0) return;
  await auditContainment(run, `write refused: ${paths.join(', ')}`);
  const { requestWriteGrant, refusedWriteMessage } = await import('../contain/escalation.js');
  let request = null;
  try {
    if (run.key !== null) request = requestWriteGrant(run.key, run.cwd, paths, run.agent, process.env);
  } catch {
    /* the queue is unavailable: the message still says what happened */
  }
  const project = c.plan.writable.includes(c.plan.projectRoot) ? c.plan.projectRoot : null;
  writeSync(2, refusedWriteMessage(paths, { project, cwd: c.plan.cwd }, request, process.env));
}

/** Starts bash as `c` says, and exits this process the way bash ended. */
export function runContained(run: AgentRun, c: Containment): ChildProcess {
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
      .then(() => exitLike(code, signal ?? (c.kind === 'contained' ? signalOfStatus(code) : null)));
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
