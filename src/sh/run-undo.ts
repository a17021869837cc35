/*!
 * The undo side of an agent's run (sh/run.ts runs it): whether it is recorded
 * (undo/record-decision.ts), the scan of its project started while it is judged, the snapshot
 * before it (or why it must not run), the scan after it, and where its effect goes: through the
 * classifier daemon when that answered for it (the snapshot after the command and the audit
 * entry: undo/record-after.ts), else here. The undo code is imported only for a command that is
 * recorded (read-only commands are not): it is a third of the per-command bundle, with node:zlib
 * and node:crypto behind it.
 */
import { realpathSync, writeSync } from 'node:fs';
import type { Containment } from '../contain/index.js';
import { SESSION_ENV } from '../config/actor.js';
import { findProjectRoot } from '../sandbox/project-root.js';
import type { AfterScan, CommandInfo, Prepared, Recording } from '../undo/record-command.js';
import type { AfterJob } from '../undo/record-after.js';
import type { AuditEventInput } from '../audit/types.js';
import { recordDecision, type RecordDecision } from '../undo/record-decision.js';
import { builtin } from '../util/builtin.js';
import type { AgentRun } from './agent-run.js';

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

/** The recording prepared with `c` (handed from one bundle to the other with it: sh/run.ts containmentFor). */
export function preparedWith(c: Containment): Promise<Prepared> | undefined {
  return prepared.get(c);
}

/** Takes over a recording prepared with `c` by the other bundle. */
export function adoptPrepared(c: Containment, p: Promise<Prepared>): void {
  prepared.set(c, p);
}

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
  return {
    projectRoot,
    cwd: run.cwd,
    line: run.key,
    env: run.env,
    actor,
    sessionId,
    log: (e) => logEffect(run.daemon, e),
    afterVia,
    remote: () => !!run.daemon,
  };
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

/**
 * Starts the undo scan of the project for `run` (called as soon as its containment is known).
 * Returns why the command must not run (a broken undo.yaml), or null.
 */
export function prepareUndo(run: AgentRun, c: Containment): string | null {
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
  if (!projectRoot) return null;
  const decision = decisionFor(run);
  if (decision.kind === 'refuse') return decision.say.replace(/^shellgate-sh: /, '').trimEnd();
  if (decision.kind === 'skip') return null;
  const info = commandInfo(run, projectRoot);
  const p = import('../undo/record-command.js').then(
    async ({ prepareCommand }) => (ahead && (await ahead)) || prepareCommand(info, decision),
    (err: Error): Prepared => ({ kind: 'refuse', say: `cannot load the undo code: ${err.message}` }),
  );
  prepared.set(c, p);
  return null;
}

/** The undo snapshot before the command, or why the command must not run (undo.yaml requires one and none can be taken). */
export async function recordBefore(c: Containment): Promise<{ recording: Recording | null } | { refused: string }> {
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

/** Starts the undo scan after the command when it is recorded (null: it is not, or its snapshot before failed). */
export async function scanAfter(recorded: Promise<{ recording: Recording | null }>): Promise<AfterScan | null> {
  try {
    const r = await recorded;
    if (!r.recording) return null;
    return (await import('../undo/record-command.js')).scanAfter(r.recording);
  } catch {
    return null;
  }
}
