/*!
 * The undo side of running one agent command (called by sh/run-undo.ts around bash): before it, a
 * snapshot of the project and the start of its journal record; after it, the scan, started as the
 * command ends, then (record-after.ts: by the classifier daemon when it takes it, else here) a
 * second snapshot, its effect in the journal and the audit log, and a message on the agent's
 * stderr when it deleted or rewrote many files or lost uncommitted work. A snapshot that fails is
 * said on stderr and logged, never replaced by an older one; with `required: true` (undo.yaml) the
 * command is refused instead. Commands known to be read-only (read-only.ts) are not recorded.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { appendAuditEvent, type AuditActor, type AuditEventInput } from '../audit/log.js';
import { redactSecrets } from '../audit/redact.js';
import { ensureStore, storeFor, withStoreLock, type Store } from './git-store.js';
import { appendBegin, nextSeq } from './journal.js';
import { recordDecision, type RecordDecision } from './record-decision.js';
import { takeSnapshot } from './snapshot.js';
import { startScan, startScans, type ArmedScan, type Prescan } from './scan.js';
import type { UndoConfig } from './undo-config.js';
import { autoGc, gcDue } from './gc.js';
import { dropReplaced, readAhead } from './git-index.js';
import { effectEntry, recordAfter, type AfterJob } from './record-after.js';

/** What is known about the command being recorded. */
export interface CommandInfo {
  projectRoot: string;
  cwd: string;
  /** The `-c` string or `script FILE`; null for commands read from stdin. */
  line: string | null;
  /** The environment the command runs with (read-only detection, session id). */
  env: NodeJS.ProcessEnv;
  actor: AuditActor;
  sessionId: string;
  /** Writes an audit event (default: appended here); the command-effect entry goes through it. */
  log?: (event: AuditEventInput) => Promise<void>;
  /** Has the snapshot after the command taken elsewhere (the classifier daemon); null: it was not, take it here. */
  afterVia?: (job: AfterJob) => Promise<string | null>;
  /** True when afterVia will be tried (the daemon answered for this command). */
  remote?: () => boolean;
}

/** A command being recorded (between beforeCommand and afterCommand). */
export interface Recording {
  info: CommandInfo;
  store: Store;
  cfg: UndoConfig;
  seq: number;
  before: string | null;
  /** The scan after the command, forked ahead of time (null: started when the command ended). */
  armed: ArmedScan | null;
}

/** What the caller does: run (perhaps with something to say first), or refuse with a message. */
export type Before = { run: true; recording: Recording | null; say?: string } | { run: false; say: string };

/** The command line as the journal keeps it: secrets redacted as in the audit log (worked out once per command). */
const lines = new WeakMap<CommandInfo, string>();
function lineOf(info: CommandInfo): string {
  let line = lines.get(info);
  if (line === undefined) lines.set(info, (line = info.line === null ? '(commands on stdin)' : redactSecrets(info.line).text));
  return line;
}

/** Who ran the command, and where, for its audit entry. */
function originOf(info: CommandInfo): AfterJob['origin'] {
  return { pid: process.pid, sessionId: info.sessionId, actor: info.actor, cwd: info.cwd, line: lineOf(info) };
}

function noSnapshot(info: CommandInfo, cfg: UndoConfig, why: string): Before {
  // Here, not through info.log: the caller may refuse and exit at once.
  const effect = { project: info.projectRoot, undoSeq: null, added: 0, modified: 0, deleted: 0, paths: [], lost: [], lostCount: 0, snapshotError: why };
  appendAuditEvent(effectEntry(originOf(info), null, effect));
  if (cfg.required)
    return { run: false, say: `shellgate-sh: refusing to run: no undo snapshot of the project could be taken (${why}), and undo.yaml says required: true\n` };
  return {
    run: true,
    recording: null,
    say: `shellgate-sh: WARNING: no undo snapshot of the project could be taken (${why}); what this command changes cannot be undone\n`,
  };
}

/** A command about to be recorded: its scan runs while the command is judged. */
export type Prepared =
  | { kind: 'skip' }
  | { kind: 'refuse'; say: string }
  | { kind: 'scan'; info: CommandInfo; cfg: UndoConfig; store: Store; prescan: Prescan | null; armed?: ArmedScan | null; why?: string };

/**
 * Decides whether the command is recorded (unless the caller did: record-decision.ts) and starts
 * the scan for its snapshot. Never throws.
 */
export function prepareCommand(info: CommandInfo, decision: RecordDecision = recordDecision(info.line, info.env)): Prepared {
  if (decision.kind !== 'record') return decision;
  const { cfg } = decision;
  const store = storeFor(info.projectRoot, process.env);
  try {
    mkdirSync(store.dir, { recursive: true, mode: 0o700 });
    ensureStore(store, cfg.exclude);
    const scans = startScans(store);
    return { kind: 'scan', info, cfg, store, prescan: scans.before, armed: scans.after };
  } catch (err) {
    return { kind: 'scan', info, cfg, store, prescan: null, why: (err as Error).message };
  }
}

/**
 * prepareCommand ahead of time, before it is known which project the command may change (while
 * the daemon judges it): null when the project has no store yet (none is created for a guess).
 */
export function prepareEarly(info: CommandInfo, decision: RecordDecision): Prepared | null {
  return existsSync(join(storeFor(info.projectRoot, process.env).gitDir, 'HEAD')) ? prepareCommand(info, decision) : null;
}

/** Takes the snapshot before an agent command (finishing the scan `prepareCommand` started). Never throws. */
export async function beforeCommand(p: Prepared): Promise<Before> {
  if (p.kind === 'skip') return { run: true, recording: null };
  if (p.kind === 'refuse') return { run: false, say: p.say };
  const { info, cfg, store } = p;
  if (!p.prescan) return noSnapshot(info, cfg, p.why ?? 'the snapshot store cannot be created');
  // The line the journal keeps, redacted while git scans (when it still does). Not the index read
  // ahead: it is needed only when files changed since the last snapshot, and on busy cores that
  // read slowed the scan more than it saved (−1.3 ms without it, alternating).
  lineOf(info);
  const early = { stamp: p.prescan.stamp, started: p.prescan.started, listing: await p.prescan.listing };
  const armed = p.armed ?? null;
  try {
    return withStoreLock(store, () => {
      const seq = nextSeq(store);
      const time = new Date().toISOString();
      try {
        const snap = takeSnapshot(store, cfg.maxFileBytes, early);
        appendBegin(store, { seq, kind: 'command', time, line: lineOf(info), cwd: info.cwd, before: snap.tree });
        // Once the command was let go (its first use of the thread pool costs a millisecond here).
        setImmediate(() => dropReplaced(join(store.gitDir, 'index')));
        return { run: true as const, recording: { info, store, cfg, seq, before: snap.tree, armed } };
      } catch (err) {
        appendBegin(store, { seq, kind: 'command', time, line: lineOf(info), cwd: info.cwd, before: null, error: (err as Error).message });
        throw err;
      }
    });
  } catch (err) {
    armed?.cancel();
    return noSnapshot(info, cfg, (err as Error).message);
  }
}

/** Drops a prepared recording that will not be used (its armed scan ends without scanning). */
export function discardPrepared(p: Prepared): void {
  if (p.kind === 'scan') p.armed?.cancel();
}

/** The scan after a command, started (scanAfter), for finishAfter. */
export interface AfterScan {
  recording: Recording;
  scan: Prescan;
}

/**
 * Starts the scan after the command, as soon as it ended (what the agent waits for is mostly this
 * scan: the caller's own checks run beside it). While git scans, the command line is redacted and,
 * when the snapshot is taken here, the store's index read ahead (git-index.ts readAhead). Never throws.
 */
export function scanAfter(r: Recording): AfterScan {
  const scan = r.armed?.start() ?? startScan(r.store);
  lineOf(r.info);
  if (!r.info.remote?.()) readAhead(join(r.store.gitDir, 'index'), scan.stamp); // the daemon reads its own
  return { recording: r, scan };
}

/** Takes the snapshot after the command and records its effect. Resolves to what to tell the agent. Never throws. */
export async function afterCommand(r: Recording, exitStatus: number | null): Promise<string> {
  return finishAfter(scanAfter(r), exitStatus);
}

/** afterCommand once its scan started (scanAfter): by the daemon when it takes it (info.afterVia), else here. */
export async function finishAfter(a: AfterScan, exitStatus: number | null): Promise<string> {
  const { recording: r, scan } = a;
  // Expiry, when due, while git scans (it needs neither the scan nor the snapshot).
  if (gcDue(r.seq)) {
    try {
      withStoreLock(r.store, () => autoGc(r.store, r.cfg, r.seq));
    } catch {
      /* expiry is retried after the next command */
    }
  }
  const listing = await scan.listing;
  if (r.before === null) return ''; // never: a recording has its snapshot before
  const job: AfterJob = {
    projectRoot: r.info.projectRoot,
    seq: r.seq,
    before: r.before,
    maxFileBytes: r.cfg.maxFileBytes,
    exitStatus,
    origin: originOf(r.info),
    // A failed scan: the snapshot scans again (here: the daemon's runs no git on the work tree).
    scan: listing instanceof Error ? null : { stamp: scan.stamp, started: scan.started, listing },
  };
  if (job.scan && r.info.afterVia) {
    const said = await r.info.afterVia(job).catch(() => null); // any failure there: taken here
    if (said !== null) return said;
  }
  return (await recordAfter(r.store, job, { log: r.info.log })) ?? '';
}
