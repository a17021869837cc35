/*!
 * The undo side of running one agent command (called by sh/run.ts around bash):
 * before it, a snapshot of the project and the start of its journal record; after it, a second
 * snapshot, its effect in the journal and the audit log, and a message on the agent's stderr when
 * it deleted or rewrote many files or lost uncommitted work. A snapshot that fails is said on
 * stderr and logged, never replaced by an older one; with `required: true` (undo.yaml) the command
 * is refused instead. Commands known to be read-only (read-only.ts) are not recorded.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { appendAuditEvent, type AuditActor } from '../audit/log.js';
import { redactSecrets } from '../audit/redact.js';
import type { AuditEffect } from '../audit/types.js';
import { effectMessage, effectOf, worthTelling } from './effect.js';
import { ensureStore, storeFor, withStoreLock, type Store } from './git-store.js';
import { appendBegin, appendEnd, nextSeq, type Effect } from './journal.js';
import { recordDecision, type RecordDecision } from './record-decision.js';
import { diffTrees, takeSnapshot } from './snapshot.js';
import { startScan, startScans, type ArmedScan, type Prescan } from './scan.js';
import type { UndoConfig } from './undo-config.js';
import { autoGc, gcDue } from './gc.js';
import { dropReplaced } from './git-index.js';

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

/** The command line as the journal keeps it: secrets redacted as in the audit log. */
function lineOf(info: CommandInfo): string {
  return info.line === null ? '(commands on stdin)' : redactSecrets(info.line).text;
}

function audit(info: CommandInfo, effect: AuditEffect, exitStatus: number | null): void {
  appendAuditEvent({
    event: 'command-effect',
    source: 'shellgate-sh',
    sessionId: info.sessionId,
    actor: info.actor,
    cwd: info.cwd,
    line: lineOf(info),
    exitStatus,
    effect,
  });
}

function noSnapshot(info: CommandInfo, cfg: UndoConfig, why: string): Before {
  audit(info, { project: info.projectRoot, undoSeq: null, added: 0, modified: 0, deleted: 0, paths: [], lost: [], lostCount: 0, snapshotError: why }, null);
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
    dropReplaced(join(store.gitDir, 'index')); // while git scans
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
  const early = { stamp: p.prescan.stamp, started: p.prescan.started, listing: await p.prescan.listing };
  const armed = p.armed ?? null;
  try {
    return withStoreLock(store, () => {
      const seq = nextSeq(store);
      const time = new Date().toISOString();
      try {
        const snap = takeSnapshot(store, cfg.maxFileBytes, early);
        appendBegin(store, { seq, kind: 'command', time, line: lineOf(info), cwd: info.cwd, before: snap.tree });
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

function auditEffect(r: Recording, e: Effect): AuditEffect {
  return {
    project: r.info.projectRoot,
    undoSeq: r.seq,
    added: e.added,
    modified: e.modified,
    deleted: e.deleted,
    paths: e.paths,
    lost: e.lost,
    lostCount: e.lostCount,
  };
}

/** Takes the snapshot after the command and records its effect. Resolves to what to tell the agent. Never throws. */
export async function afterCommand(r: Recording, exitStatus: number | null): Promise<string> {
  const scan = r.armed?.start() ?? startScan(r.store);
  // Expiry, when due, while git scans (it needs neither the scan nor the snapshot).
  if (gcDue(r.seq)) {
    try {
      withStoreLock(r.store, () => autoGc(r.store, r.cfg, r.seq));
    } catch {
      /* expiry is retried after the next command */
    }
  }
  const early = { stamp: scan.stamp, started: scan.started, listing: await scan.listing };
  try {
    return withStoreLock(r.store, () => {
      let after: string;
      try {
        const snap = takeSnapshot(r.store, r.cfg.maxFileBytes, early);
        after = snap.tree;
        // The fast snapshot knows what it changed; when it started from this command's first snapshot, that is the effect.
        const changes = snap.since?.tree === r.before ? snap.since.changes : diffTrees(r.store, r.before!, after);
        const effect = effectOf(r.info.projectRoot, changes, snap.leftOut);
        appendEnd(r.store, { seq: r.seq, end: true, time: new Date().toISOString(), after, effect, exitStatus });
        if (effect.added + effect.modified + effect.deleted > 0) audit(r.info, auditEffect(r, effect), exitStatus);
        return worthTelling(effect) ? effectMessage(effect, r.seq) : '';
      } catch (err) {
        appendEnd(r.store, { seq: r.seq, end: true, time: new Date().toISOString(), after: null, exitStatus, error: (err as Error).message });
        throw err;
      }
    });
  } catch (err) {
    const why = (err as Error).message;
    audit(
      r.info,
      { project: r.info.projectRoot, undoSeq: r.seq, added: 0, modified: 0, deleted: 0, paths: [], lost: [], lostCount: 0, snapshotError: why },
      exitStatus,
    );
    return `shellgate-sh: WARNING: no undo snapshot after this command (${why}); \`shellgate undo ${r.seq}\` can still go back to before it\n`;
  }
}
