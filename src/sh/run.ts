/*!
 * Runs an agent's bash once its commands were judged: the one place where shellgate-sh (in-process
 * and through the daemon) starts bash. The bash is the trusted one (config/trusted-bash.ts), run
 * inside the agent containment (contain/). Around the run: a write grant a human approved for this
 * command is applied, stderr is watched for writes the container refused (then the agent is told
 * how a human allows them), protected files the command created are moved aside, and the project
 * is snapshotted before and after (undo/record-command.ts) so that the command can be undone
 * (its container built meanwhile, waiting at a gate: container-gate.ts).
 * The undo code is imported only for a command that is recorded (read-only commands are not): it
 * is a third of the per-command bundle, with node:zlib and node:crypto behind it.
 */
import type { ChildProcess } from 'node:child_process';
import { realpathSync, writeSync } from 'node:fs';
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
import { Masker, type Secret } from '../vault/mask.js';
import { relay } from './relay-output.js';
import { openGate, withGate } from './container-gate.js';
import { adoptEarly, type EarlyContainer } from './early-container.js';
import { SESSION_ENV, type ActorInfo } from '../config/actor.js';
import { sessionIdFor } from './units.js';
import { findProjectRoot } from '../sandbox/project-root.js';
import type { AfterScan, CommandInfo, Prepared, Recording } from '../undo/record-command.js';
import type { AfterJob } from '../undo/record-after.js';
import type { AuditEventInput } from '../audit/types.js';
import { recordDecision, type RecordDecision } from '../undo/record-decision.js';
import { builtin } from '../util/builtin.js';
import { CODE_PATH, ranCodePath } from '../util/code-paths.js';

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
  /** Vault credentials in `env` (src/vault/): the output is piped and these values masked. */
  secrets?: Secret[];
  /** For the audit log. */
  sessionId: string;
  actor: 'human' | 'agent';
  /** What an earlier command left behind, moved aside before this one (contain/killed-runs.ts). */
  settled?: [string, string][];
  /** The daemon's socket, when the daemon answered for this run: the command's effect is logged through it. */
  daemon?: string;
}

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
    if (handed.undo) prepared.set(handed.containment, handed.undo as Promise<Prepared>);
    return handed.containment;
  }
  const c = await prepareFor(run);
  globalThis.__sgContainment = { key: run.key, cwd: run.cwd, containment: c, undo: prepared.get(c) };
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
  prepareUndo(run, c);
  return c;
}

async function prepareFor(run: AgentRun): Promise<Containment> {
  const agentProcess = await agentProcessOf(run);
  const c = (await import('./plan.js')).planHere(run, agentProcess);
  if (!('kind' in c)) {
    await auditContainment(run, `refused, not run: ${c.refused}`);
    return refuse(c.refused);
  }
  prepareUndo(run, c);
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
const prepared = new WeakMap<Containment, Promise<Prepared>>();
/** Whether each run is recorded for undo, decided by warmUp. */
const decisions = new WeakMap<AgentRun, RecordDecision>();

function commandInfo(run: AgentRun, projectRoot: string): CommandInfo {
  const actor = run.agent ? { kind: 'agent' as const, agent: run.agent } : { kind: 'human' as const };
  const sessionId = run.env[SESSION_ENV] ?? `sh-${process.pid}`;
  // Whether the daemon answered is known only later (the info is made while it judges).
  const afterVia = async (job: AfterJob): Promise<string | null> => {
    if (!run.daemon || !job.scan) return null;
    const [{ snapshotThroughDaemon }, { afterJobToWire }] = await Promise.all([import('../daemon/client.js'), import('../undo/record-after.js')]);
    return snapshotThroughDaemon(run.daemon, afterJobToWire({ ...job, scan: job.scan }));
  };
  return { projectRoot, cwd: run.cwd, line: run.key, env: run.env, actor, sessionId, log: (e) => logEffect(run.daemon, e), afterVia };
}

/** A command's effect, logged by the daemon (which syncs the log in its batch), else here. */
async function logEffect(daemon: string | undefined, event: AuditEventInput): Promise<void> {
  if (daemon && (await (await import('../daemon/client.js')).logThroughDaemon(daemon, event))) return;
  (await import('../audit/log.js')).appendAuditEvent(event);
}

/** Whether `run` is recorded for undo (decided once per run). */
function decisionFor(run: AgentRun): RecordDecision {
  let d = decisions.get(run);
  if (!d) decisions.set(run, (d = recordDecision(run.key, run.env)));
  return d;
}

/** True when `run` will be recorded for undo: its scan is then the longest wait before it starts. */
export function recordsUndo(run: AgentRun): boolean {
  return decisionFor(run).kind === 'record';
}

/** A recording prepared before the containment was known (warmUp), and the project it guessed. */
let early: { run: AgentRun; projectRoot: string; p: Promise<Prepared | null> } | null = null;

/**
 * What running `run` will need, done while the classifier daemon judges it (sh/fast.ts) rather
 * than after its answer: node:child_process, whether the command is recorded for undo, and the
 * undo code when it is, which starts the undo scan of the project the working directory is in
 * (the usual project of a command; prepareUndo uses it when the containment names that project,
 * else it is dropped). Runs nothing and decides nothing by itself. Resolves once that scan has
 * started (it is the longest of what runs meanwhile: the caller starts the container after it).
 */
export async function warmUp(run: AgentRun): Promise<void> {
  builtin('node:child_process');
  const decision = decisionFor(run);
  if (decision.kind !== 'record') return;
  let projectRoot: string;
  try {
    projectRoot = findProjectRoot(realpathSync(run.cwd), [run.env.HOME ?? ''].filter(Boolean));
  } catch {
    import('../undo/record-command.js').catch(() => {});
    return;
  }
  const p = import('../undo/record-command.js').then(
    ({ prepareEarly }) => prepareEarly(commandInfo(run, projectRoot), decision),
    () => null, // prepareUndo says so
  );
  early = { run, projectRoot, p };
  await p;
}

/** Starts the undo scan of the project for `run` (called as soon as its containment is known). */
function prepareUndo(run: AgentRun, c: Containment): void {
  const projectRoot = projectOf(run, c);
  const ahead = early?.run === run && early.projectRoot === projectRoot ? early.p : null;
  if (early && !ahead) {
    const dropped = early.p;
    void import('../undo/record-command.js').then(
      async ({ discardPrepared }) => {
        const e = await dropped;
        if (e) discardPrepared(e);
      },
      () => {},
    );
  }
  early = null;
  if (!projectRoot) return;
  const decision = decisionFor(run);
  if (decision.kind === 'refuse') refuse(decision.say.replace(/^shellgate-sh: /, '').trimEnd());
  if (decision.kind === 'skip') return;
  const info = commandInfo(run, projectRoot);
  const p = import('../undo/record-command.js').then(
    async ({ prepareCommand }) => (ahead && (await ahead)) || prepareCommand(info, decision),
    (err: Error): Prepared => ({ kind: 'refuse', say: `cannot load the undo code: ${err.message}` }),
  );
  prepared.set(c, p);
}

/** The undo snapshot before the command, or why the command must not run (undo.yaml requires one and none can be taken). */
async function recordBefore(c: Containment): Promise<{ recording: Recording | null } | { refused: string }> {
  const pending = prepared.get(c);
  if (!pending) return { recording: null };
  const p = await pending;
  if (p.kind === 'skip') return { recording: null };
  if (p.kind === 'refuse') return { refused: p.say.replace(/^shellgate-sh: /, '').trimEnd() };
  const { beforeCommand } = await import('../undo/record-command.js');
  const before = await beforeCommand(p);
  if (!before.run) return { refused: before.say.replace(/^shellgate-sh: /, '').trimEnd() };
  if (before.say) writeSync(2, before.say);
  return { recording: before.recording };
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
  const sh = !ready && c.kind === 'contained' && prepared.has(c) ? trustedSh() : null;
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

/** Starts the undo scan after the command when it is recorded (null: it is not, or its snapshot before failed). */
async function scanAfter(recorded: Promise<{ recording: Recording | null }>): Promise<AfterScan | null> {
  try {
    const r = await recorded;
    if (!r.recording) return null;
    return (await import('../undo/record-command.js')).scanAfter(r.recording);
  } catch {
    return null;
  }
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
