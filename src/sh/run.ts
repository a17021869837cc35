/*!
 * Runs an agent's bash once its commands were judged: the one place where shellgate-sh (in-process
 * and through the daemon) starts bash. The bash is the trusted one (config/trusted-bash.ts), run
 * inside the agent containment (contain/). Around the run: a write grant a human approved for this
 * command is applied, stderr is watched for writes the container refused (then the agent is told
 * how a human allows them), protected files the command created are moved aside, and the project
 * is snapshotted before and after (sh/run-undo.ts) so that the command can be undone (its
 * container built meanwhile, waiting at a gate: container-gate.ts).
 */
import type { ChildProcess } from 'node:child_process';
import { writeSync } from 'node:fs';
import { isatty } from 'node:tty';
import type { Containment } from '../contain/index.js';
import { quarantineAfter } from '../contain/after-command.js';
import { donePending, notePending, settleKilledRuns } from '../contain/killed-runs.js';
import { trustedBash, trustedSh } from '../config/trusted-bash.js';
import { loadSandboxConfig } from '../sandbox/user-config.js';
import type { ShInvocation } from './args.js';
import { RefusedWrites } from '../contain/refused-writes.js';
import { movedNote, quarantineMessage } from '../contain/watch.js';
import { BLOCKED_STATUS } from '../gate/blocked-status.js';
import { exitLike, signalOfStatus, spawnBash } from './exec-bash.js';
import { Masker } from '../vault/mask.js';
import { relay } from './relay-output.js';
import { openGate, withGate } from './container-gate.js';
import { adoptEarly, type EarlyContainer } from './early-container.js';
import { SESSION_ENV, type ActorInfo } from '../config/actor.js';
import { sessionIdFor } from './units.js';
import type { Prepared, Recording } from '../undo/record-command.js';
import { adoptPrepared, prepareUndo, preparedWith, recordBefore, scanAfter } from './run-undo.js';
import type { AgentRun } from './agent-run.js';
import { CODE_PATH, ranCodePath } from '../util/code-paths.js';

export type { AgentRun } from './agent-run.js';
export { recordsUndo, warmUp } from './run-undo.js';

/**
 * The run of an agent's (or a human's) invocation `inv` of shellgate-sh, in this process's working
 * directory: the trusted bash, the session id bash gets in its environment, the grant key.
 */
export function agentRunFor(argv: string[], inv: ShInvocation, env: NodeJS.ProcessEnv, who: ActorInfo, stdin: AgentRun['stdin'] = 'inherit'): AgentRun {
  const sessionId = sessionIdFor(env, who.session);
  const childEnv: NodeJS.ProcessEnv = { ...env, [SESSION_ENV]: sessionId };
  const run: AgentRun = {
    bash: bashOrRefuse(),
    argv,
    cwd: process.cwd(),
    env: childEnv,
    stdin,
    key: grantKey(inv),
    agent: who.agent,
    sessionId,
    actor: who.kind,
  };
  // Before anything of this command is looked at (its undo scan, its container's plan).
  run.settled = settleKilledRuns();
  if (run.settled.length > 0)
    writeSync(2, quarantineMessage(run.settled).replace('the command created', 'an earlier command (killed before shellgate could check it) created'));
  return run;
}

/** Records what the container stopped (the command itself was logged when it was judged). */
export async function auditContainment(run: AgentRun, note: string): Promise<void> {
  try {
    const { appendAuditEvent } = await import('../audit/log.js');
    const line = run.key ?? 'commands on stdin';
    appendAuditEvent({
      event: 'containment',
      source: 'shellgate-sh',
      sessionId: run.sessionId,
      actor: run.agent ? { kind: run.actor, agent: run.agent } : { kind: run.actor },
      cwd: run.cwd,
      line,
      note,
    });
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
    // contain/index.ts agentBash(), without loading the planning code.
    return trustedBash(loadSandboxConfig(process.env).bash);
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

/** True when the user's sandbox.yaml lets agent commands run uncontained (a broken file: false). */
export function agentsAdvisory(): boolean {
  try {
    return loadSandboxConfig(process.env).agents === 'advisory';
  } catch {
    return false;
  }
}

/**
 * The containment for `run` (applying a human's write grant); refuses (exit 126) when there is none.
 * Also starts the undo scan of the project, which runs while the command is judged.
 */
export async function containmentFor(run: AgentRun): Promise<Containment> {
  // The daemon's client (sh.cjs) hands over to the in-process shellgate-sh (sh-full.cjs) in the
  // same process when the daemon has no answer: the container it prepared is used again, so that
  // a one-time write grant is not consumed twice (the bundles share no modules, only globalThis).
  const handed = globalThis.__sgContainment;
  if (handed && handed.key === run.key && handed.cwd === run.cwd) {
    globalThis.__sgContainment = undefined;
    if (handed.undo) adoptPrepared(handed.containment, handed.undo as Promise<Prepared>);
    return handed.containment;
  }
  const c = await prepareFor(run);
  globalThis.__sgContainment = { key: run.key, cwd: run.cwd, containment: c, undo: preparedWith(c) };
  return c;
}

declare global {
  // eslint-disable-next-line no-var
  var __sgContainment: { key: string | null; cwd: string; containment: Containment; undo: unknown } | undefined;
}

/** The agent process whose first project stays its writable project (contain/session-anchor.ts). */
export async function agentProcessOf(run: AgentRun): Promise<string | null> {
  return run.actor === 'agent' ? (await import('../contain/session-anchor.js')).agentProcessId() : null;
}

/**
 * A containment the classifier daemon planned for `run` (daemon/contain.ts), used as
 * one planned here; null when it is not a container (then the caller plans itself).
 */
export function adoptContainment(run: AgentRun, c: Containment | undefined, advisory = false): Containment | null {
  if (typeof c?.file !== 'string' || !Array.isArray(c.args)) return null;
  // Uncontained only where this process itself reads `agents: advisory` in the user's config.
  if (!(c.kind === 'contained' && Array.isArray(c.watch) && c.plan) && !(c.kind === 'uncontained' && advisory)) return null;
  const no = prepareUndo(run, c);
  if (no) refuse(no);
  return c;
}

async function prepareFor(run: AgentRun): Promise<Containment> {
  const agentProcess = await agentProcessOf(run);
  const c = (await import('./plan.js')).planHere(run, agentProcess);
  if (!('kind' in c)) {
    await auditContainment(run, `refused, not run: ${c.refused}`);
    return refuse(c.refused);
  }
  const no = prepareUndo(run, c);
  if (no) refuse(no);
  return c;
}

export { containmentNote } from '../contain/index.js';

async function afterRun(run: AgentRun, c: Containment, refused: RefusedWrites | null, startedMs: number, pending: string | null): Promise<void> {
  if (c.kind !== 'contained') return;
  // Every process of the command is gone (its PID namespace died with it): nothing writes any more.
  const moved = quarantineAfter(c, startedMs);
  donePending(pending);
  if (moved.length > 0) {
    writeSync(2, quarantineMessage(moved));
    await auditContainment(run, movedNote(moved));
  }
  const paths = refused?.paths(c.plan.cwd) ?? [];
  if (paths.length === 0) return;
  await auditContainment(run, `write refused: ${paths.join(', ')}`);
  const { requestWriteGrant, refusedWriteMessage } = await import('./plan.js');
  let request = null;
  try {
    if (run.key !== null) request = requestWriteGrant(run.key, run.cwd, paths, run.agent, process.env);
  } catch {
    /* the queue is unavailable: the message still says what happened */
  }
  const project = c.plan.writable.includes(c.plan.projectRoot) ? c.plan.projectRoot : null;
  writeSync(2, refusedWriteMessage(paths, { project, cwd: c.plan.cwd }, request, process.env));
}

/**
 * Starts bash as `c` says, and exits this process the way bash ended. `early`: a container
 * started before `c` was known (early-container.ts), used only when it is exactly `c`.
 */
export async function runContained(run: AgentRun, c: Containment, early: EarlyContainer | null = null): Promise<ChildProcess> {
  const secrets = run.secrets ?? [];
  const mask = secrets.length > 0;
  // On a terminal stderr stays the terminal (programs check isatty); elsewhere it is relayed and read.
  // A command that received a credential has both outputs relayed, masked, terminal or not.
  const watchStderr = (c.kind === 'contained' && !isatty(2)) || mask;
  if (run.settled?.length)
    await auditContainment(run, `moved aside, left by a command killed before its check: ${run.settled.map(([from]) => from).join(', ')}`);
  // No await from here to the child's exit handler when it is the early container (it could end unseen).
  const ready = adoptEarly(early, c, run.stdin, watchStderr && !mask);
  // With an undo snapshot to take, the container is built while it is taken (container-gate.ts):
  // bubblewrap's few milliseconds of namespaces and mounts overlap the scan of the project, and
  // the command starts only once the snapshot is complete.
  const sh = !ready && c.kind === 'contained' && preparedWith(c) ? trustedSh() : null;
  const gated = ready !== null || sh !== null;
  // File times are coarse (a clock tick behind): a second's margin, so that no write of the command is older.
  const startedMs = Date.now() - 1000;
  // Checked by the next shellgate-sh should this one be killed before its own check; and, noted
  // before its snapshot, seen by an undo that takes the store's lock after that snapshot.
  const pending = c.kind === 'contained' ? notePending(c, startedMs) : null;
  const before = gated ? null : await recordBefore(c);
  if (before && 'refused' in before) {
    donePending(pending);
    return refuse(before.refused);
  }
  const child =
    ready?.child ??
    spawnBash(c.file, sh ? withGate(c.args, sh) : c.args, {
      env: run.env,
      stdin: run.stdin,
      forwardAll: c.kind === 'contained',
      stderr: watchStderr ? 'pipe' : 'inherit',
      stdout: mask ? 'pipe' : 'inherit',
      gateFd: gated,
    });
  const refused = c.kind === 'contained' && watchStderr ? new RefusedWrites() : null;
  const relays: Promise<void>[] = [];
  if (child.stderr) relays.push(relay(child.stderr, 2, mask ? new Masker(secrets) : null, refused ? (t) => refused.add(t) : undefined));
  if (child.stdout) relays.push(relay(child.stdout, 1, new Masker(secrets)));
  child.on('error', (err) => refuse(`cannot run ${c.file}: ${err.message}`));
  const recorded = before ? Promise.resolve(before) : releaseAfterSnapshot(c, child, pending);
  child.on('exit', (code, signal) => {
    // The undo scan after the command starts at once: the checks below run beside it.
    const after = scanAfter(recorded);
    void Promise.all(relays)
      .then(() => afterRun(run, c, refused, startedMs, pending))
      .then(() => {
        if (c.kind === 'contained') ranCodePath(CODE_PATH.contained); // for the code cache: util/code-paths.ts
      })
      .catch(() => {})
      .then(async () => {
        const a = await after;
        if (!a) return;
        const say = await (await import('../undo/record-command.js')).finishAfter(a, code ?? (signal ? 128 : null));
        ranCodePath(CODE_PATH.recorded);
        if (say) writeSync(2, say);
      })
      .catch(() => {})
      .then(() => exitLike(code, signal ?? (c.kind === 'contained' ? signalOfStatus(code) : null)));
  });
  return child;
}

/** Takes the undo snapshot, then lets the waiting container start the command; or refuses (our exit ends the gate's descriptor: the command never starts). */
async function releaseAfterSnapshot(c: Containment, child: ChildProcess, pending: string | null): Promise<{ recording: Recording | null }> {
  let before: Awaited<ReturnType<typeof recordBefore>>;
  try {
    before = await recordBefore(c);
  } catch (err) {
    before = { refused: `cannot take the undo snapshot: ${(err as Error).message}` };
  }
  if ('refused' in before) {
    donePending(pending); // nothing ran: no check for the next shellgate-sh to make
    return refuse(before.refused); // the gate sees the end of descriptor 3
  }
  openGate(child);
  return before;
}
