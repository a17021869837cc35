/*!
 * One `shellgate undo`: under the store's lock, snapshot the project as it is now (so that the
 * undo can itself be undone), pick the record to go back before, find the paths the user changed
 * since (history.ts), restore the rest (restore.ts), snapshot again and record the undo in the
 * journal and the audit log.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { appendAuditEvent } from '../audit/log.js';
import { printable } from '../audit/table.js';
import { runningIn, settleKilledRuns } from '../contain/killed-runs.js';
import { effectOf } from './effect.js';
import { ensureStore, storeFor, withStoreLock, type Store } from './git-store.js';
import { plainTarget, userChangedSince } from './history.js';
import { appendBegin, appendEnd, nextSeq, readJournal, type JournalRecord } from './journal.js';
import { restore, type RestoreReport } from './restore.js';
import { diffTrees, takeSnapshot, type Change } from './snapshot.js';
import type { UndoConfig } from './undo-config.js';
import { UserError } from '../core/user-error.js';

/** What the human asked for. */
export interface UndoRequest {
  projectRoot: string;
  /** Go back before this record; undefined: the most recent agent command not undone. */
  seq?: number;
  /** Restore the paths the user changed too, after moving the user's versions aside. */
  force: boolean;
  dryRun: boolean;
  by: string;
}

/** What the undo did (or, for a dry run, would do). */
export interface UndoResult {
  seq: number | null;
  target: JournalRecord;
  changes: Change[];
  conflicts: string[];
  report: RestoreReport | null;
}

function pickTarget(records: JournalRecord[], seq: number | undefined): JournalRecord {
  if (records.length === 0) throw new UserError('nothing recorded for this project yet: no agent command has changed it (or undo is turned off in undo.yaml)');
  if (seq === undefined) {
    const t = plainTarget(records);
    if (!t) throw new UserError('nothing to undo: every recorded agent command is undone already or changed nothing (see `shellgate undo --list`)');
    return t;
  }
  const t = records.find((r) => r.seq === seq);
  if (!t)
    throw new UserError(`no record #${seq} for this project (kept: #${records[0].seq}–#${records[records.length - 1].seq}; see \`shellgate undo --list\`)`);
  if (!t.before) throw new UserError(`record #${seq} has no snapshot from before it ran (${printable(t.error ?? 'it failed')}): pick an earlier one`);
  return t;
}

function openStore(projectRoot: string): Store {
  const store = storeFor(projectRoot, process.env);
  if (!existsSync(join(store.gitDir, 'HEAD'))) throw new UserError(`nothing recorded for ${projectRoot}: no agent command has run there through shellgate-sh`);
  return store;
}

function audit(req: UndoRequest, r: UndoResult, effect: ReturnType<typeof effectOf>): void {
  const guarded = (r.report?.skipped ?? []).filter((s) => s.why.startsWith('a protected path')).map((s) => s.path);
  appendAuditEvent({
    event: 'undo',
    source: 'undo',
    sessionId: `undo-${process.pid}`,
    actor: { kind: 'human' },
    cwd: req.projectRoot,
    line: `shellgate undo ${r.target.seq}${req.force ? ' --force' : ''}`,
    note: `back to before #${r.target.seq} (${r.target.line.slice(0, 200)}) by ${req.by}; ${r.conflicts.length} path(s) changed by the user since${req.force ? ', set aside' : ', left as they are'}${guarded.length ? `; protected paths left as they are: ${guarded.slice(0, 20).join(', ')}` : ''}`,
    exitStatus: r.report && r.report.skipped.length > 0 ? 1 : 0,
    effect: {
      project: req.projectRoot,
      undoSeq: r.seq,
      added: effect.added,
      modified: effect.modified,
      deleted: effect.deleted,
      paths: effect.paths,
      lost: effect.lost,
      lostCount: effect.lostCount,
    },
  });
}

/**
 * Undo restores by path, outside any container: a contained command running meanwhile could swap
 * a directory it writes into for a link out of the project. So none may run (a new one waits for
 * the store's lock, held until the undo is recorded). What a killed one left is checked first
 * (contain/killed-runs.ts), so that a file it planted is moved aside before the undo's snapshot.
 */
function notWhileRunning(projectRoot: string): void {
  const pids = runningIn(projectRoot);
  if (pids.length > 0)
    throw new UserError(
      `an agent command (or an agent's contained session) is running in this project (shellgate process ${pids.join(', ')}): undo once it has ended (a command running meanwhile could change files under the restore, even swap a directory for a link out of the project)`,
    );
  settleKilledRuns();
}

/** Runs one undo; throws UserError when there is nothing (valid) to undo. */
export function undoProject(req: UndoRequest, cfg: UndoConfig): UndoResult {
  const store = openStore(req.projectRoot);
  return withStoreLock(store, () => {
    ensureStore(store, cfg.exclude);
    const records = readJournal(store);
    const target = pickTarget(records, req.seq);
    if (!req.dryRun) notWhileRunning(req.projectRoot);
    const now = takeSnapshot(store, cfg.maxFileBytes).tree;
    const changes = diffTrees(store, now, target.before!);
    const userChanged = userChangedSince(store, records, target.seq, now);
    const conflicts = changes.map((c) => c.path).filter((p) => userChanged.has(p));
    if (req.dryRun) return { seq: null, target, changes, conflicts, report: null };
    const seq = nextSeq(store);
    appendBegin(store, {
      seq,
      kind: 'undo',
      time: new Date().toISOString(),
      line: `shellgate undo ${target.seq}`,
      cwd: req.projectRoot,
      before: now,
      target: target.seq,
    });
    const keptDir = req.force && conflicts.length > 0 ? join(store.dir, 'kept', String(seq)) : null;
    const report = restore(store, changes, new Set(conflicts), keptDir);
    const after = takeSnapshot(store, cfg.maxFileBytes);
    const effect = effectOf(req.projectRoot, diffTrees(store, now, after.tree), after.leftOut);
    appendEnd(store, { seq, end: true, time: new Date().toISOString(), after: after.tree, effect, exitStatus: report.skipped.length > 0 ? 1 : 0 });
    const result = { seq, target, changes, conflicts, report };
    audit(req, result, effect);
    return result;
  });
}

/** The records of a project, oldest first (empty when nothing is recorded). */
export function projectRecords(projectRoot: string): JournalRecord[] {
  const store = storeFor(projectRoot, process.env);
  return existsSync(join(store.gitDir, 'HEAD')) ? readJournal(store) : [];
}
