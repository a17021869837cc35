/*!
 * The second half of recording an agent command (record-command.ts), once the scan after it has
 * listed what differs: the snapshot, the command's effect in the journal and the audit log, and
 * what to tell the agent. It takes plain data (an AfterJob), so that the classifier daemon can do
 * it for shellgate-sh (daemon/server.ts): its code is warm there (a fresh shellgate-sh runs this
 * code cold, ≈3× slower), and the audit entry is synced in the daemon's batch instead of before
 * the client exits. The daemon's run is `gitless` (snapshot.ts): anything that would need a git
 * reading the work tree, or a store's lock held by another, is left to the client, untouched.
 */
import type { AuditActor, AuditEffect, AuditEventInput } from '../audit/types.js';
import { appendAuditEvent } from '../audit/log.js';
import { LockTimedOut } from '../util/lock.js';
import { effectMessage, effectOfAsync, worthTelling } from './effect.js';
import { withStoreLockAsync, type Store } from './git-store.js';
import { appendEnd, type Effect } from './journal.js';
import { diffTrees, NeedsGit, takeSnapshot } from './snapshot.js';

/** Everything the snapshot after a command needs, as data (it crosses the daemon's socket). */
export interface AfterJob {
  projectRoot: string;
  /** The command's record in the journal, and its snapshot before. */
  seq: number;
  before: string;
  maxFileBytes: number;
  exitStatus: number | null;
  /** For the audit entry: the client's pid and session, who ran the command, where, its line (redacted). */
  origin: { pid: number; sessionId: string; actor: AuditActor; cwd: string; line: string };
  /** The scan after the command: the index it compared the disk with, when it started, its listing (null: it failed). */
  scan: { stamp: string; started: number; listing: Buffer } | null;
}

export interface AfterOptions {
  /** Writes the audit entry (default: appended here). */
  log?: (event: AuditEventInput) => Promise<void>;
  /** The daemon's run: the store's lock now or never, and no git on the work tree (else null, nothing done). */
  daemon?: boolean;
}

/** The audit entry of a command's effect. */
export function effectEntry(origin: AfterJob['origin'], exitStatus: number | null, effect: AuditEffect): AuditEventInput {
  const { pid, sessionId, actor, cwd, line } = origin;
  return { event: 'command-effect', source: 'shellgate-sh', pid, sessionId, actor, cwd, line, exitStatus, effect };
}

/** Logs the effect entry (never throws: the journal has the effect anyway). */
async function audit(job: AfterJob, effect: AuditEffect, opts: AfterOptions): Promise<void> {
  const event = effectEntry(job.origin, job.exitStatus, effect);
  try {
    if (opts.log) await opts.log(event);
    else appendAuditEvent(opts.daemon ? { ...event, viaDaemon: true } : event);
  } catch {
    /* the log is down */
  }
}

function auditEffect(job: AfterJob, e: Effect | null, snapshotError?: string): AuditEffect {
  const base = { project: job.projectRoot, undoSeq: job.seq };
  if (!e) return { ...base, added: 0, modified: 0, deleted: 0, paths: [], lost: [], lostCount: 0, snapshotError };
  return { ...base, added: e.added, modified: e.modified, deleted: e.deleted, paths: e.paths, lost: e.lost, lostCount: e.lostCount };
}

/**
 * Takes the snapshot after the command in `store` and records its effect; resolves to what to
 * tell the agent ('' when nothing), or null when the daemon left it to the client. Never throws.
 */
export async function recordAfter(store: Store, job: AfterJob, opts: AfterOptions = {}): Promise<string | null> {
  const end = (e: Partial<Parameters<typeof appendEnd>[1]>) =>
    appendEnd(store, { seq: job.seq, end: true, time: new Date().toISOString(), after: null, exitStatus: job.exitStatus, ...e });
  let effect: Effect;
  try {
    effect = await withStoreLockAsync(
      store,
      async () => {
        try {
          const snap = takeSnapshot(store, job.maxFileBytes, job.scan ?? undefined, { gitless: opts.daemon });
          // The fast snapshot knows what it changed; when it started from this command's first snapshot, that is the effect.
          const changes = snap.since?.tree === job.before ? snap.since.changes : diffTrees(store, job.before, snap.tree);
          const e = await effectOfAsync(job.projectRoot, changes, snap.leftOut);
          end({ after: snap.tree, effect: e });
          return e;
        } catch (err) {
          if (!(err instanceof NeedsGit)) end({ error: (err as Error).message });
          throw err;
        }
      },
      opts.daemon ? 0 : undefined,
    );
  } catch (err) {
    if (opts.daemon && (err instanceof NeedsGit || err instanceof LockTimedOut)) return null;
    const why = (err as Error).message;
    await audit(job, auditEffect(job, null, why), opts);
    return `shellgate-sh: WARNING: no undo snapshot after this command (${why}); \`shellgate undo ${job.seq}\` can still go back to before it\n`;
  }
  if (effect.added + effect.modified + effect.deleted > 0) await audit(job, auditEffect(job, effect), opts);
  return worthTelling(effect) ? effectMessage(effect, job.seq) : '';
}

/** An AfterJob as JSON (the listing in base64). */
export type WireAfterJob = Omit<AfterJob, 'scan'> & { scan: { stamp: string; started: number; listing: string } };

export function afterJobToWire(job: AfterJob & { scan: NonNullable<AfterJob['scan']> }): WireAfterJob {
  return { ...job, scan: { ...job.scan, listing: job.scan.listing.toString('base64') } };
}

const isStr = (v: unknown): v is string => typeof v === 'string';

/**
 * True when every path of a `-z` listing (`X path` items) is one git could list: inside its work
 * tree (no `..`, `.`, leading `/`), no empty segment but a nested repository's final `/`, nothing
 * in a `.git` (git never lists one; the store would then hold the user's hooks for undo to write).
 */
function pathsInside(listing: Buffer): boolean {
  for (const item of listing.toString('utf8').split('\0')) {
    if (item === '') continue;
    const path = item.slice(2);
    if (item[1] !== ' ' || path === '' || path.startsWith('/')) return false;
    const segments = (path.endsWith('/') ? path.slice(0, -1) : path).split('/');
    if (segments.some((s) => s === '' || s === '..' || s === '.' || s.toLowerCase() === '.git')) return false;
  }
  return true;
}

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isKind = (v: unknown): v is AuditActor['kind'] => v === 'agent' || v === 'human';
const isStrs = (v: unknown): v is string[] => Array.isArray(v) && v.length <= 1000 && v.every(isStr);

/** A client's effect, checked field by field and rebuilt from those fields alone; null when anything is off. */
function effectFromWire(x: unknown): AuditEffect | null {
  const e = x as AuditEffect | null;
  if (!e || typeof e !== 'object' || !isStr(e.project) || !(e.undoSeq === null || isCount(e.undoSeq))) return null;
  if (!isCount(e.added) || !isCount(e.modified) || !isCount(e.deleted) || !isStrs(e.paths) || !isStrs(e.lost) || !isCount(e.lostCount)) return null;
  if (!(e.snapshotError === undefined || isStr(e.snapshotError))) return null;
  const { project, undoSeq, added, modified, deleted, paths, lost, lostCount, snapshotError } = e;
  return { project, undoSeq, added, modified, deleted, paths, lost, lostCount, ...(snapshotError === undefined ? {} : { snapshotError }) };
}

/**
 * A client's `command-effect` entry (daemon `audit` request), rebuilt as effectEntry builds it:
 * nothing else it carries (a verdict, an approval, a credential, a note) reaches the log, which
 * the daemon's entries would make look like the guard's own; null when anything is off.
 */
export function effectEntryFromWire(x: unknown): AuditEventInput | null {
  const e = x as (AuditEventInput & { actor?: AuditActor }) | null;
  if (!e || e.event !== 'command-effect' || e.source !== 'shellgate-sh') return null;
  const effect = effectFromWire(e.effect);
  const pid = e.pid;
  if (!effect || !Number.isSafeInteger(pid) || !isStr(e.sessionId) || !isStr(e.cwd) || !isStr(e.line) || !isKind(e.actor?.kind)) return null;
  if (!(e.exitStatus === null || e.exitStatus === undefined || Number.isSafeInteger(e.exitStatus))) return null;
  return effectEntry({ pid: pid!, sessionId: e.sessionId!, actor: actorOf(e.actor), cwd: e.cwd!, line: e.line! }, e.exitStatus ?? null, effect);
}

/** Who ran the command, rebuilt from its two fields (nothing else a client put there is logged). */
function actorOf(a: AuditActor): AuditActor {
  return isStr(a.agent) ? { kind: a.kind, agent: a.agent } : { kind: a.kind };
}

/** A job from a client of the daemon, checked field by field; null when anything is off. */
export function afterJobFromWire(x: unknown): AfterJob | null {
  const j = x as WireAfterJob | null;
  const o = j?.origin;
  const sc = j?.scan;
  if (!j || !o || !sc || !isStr(j.projectRoot) || !j.projectRoot.startsWith('/') || !Number.isSafeInteger(j.seq) || !/^[0-9a-f]{40}$/.test(String(j.before)))
    return null;
  if (!isCount(j.maxFileBytes) || !(j.exitStatus === null || Number.isSafeInteger(j.exitStatus))) return null;
  if (!Number.isSafeInteger(o.pid) || !isStr(o.sessionId) || !isStr(o.cwd) || !isStr(o.line) || !isKind(o.actor?.kind)) return null;
  if (!isStr(sc.stamp) || typeof sc.started !== 'number' || !isStr(sc.listing)) return null;
  const listing = Buffer.from(sc.listing, 'base64');
  if (!pathsInside(listing)) return null;
  // Rebuilt from the fields checked: the origin goes into the audit entry the daemon writes.
  const origin = { pid: o.pid, sessionId: o.sessionId, actor: actorOf(o.actor), cwd: o.cwd, line: o.line };
  const { projectRoot, seq, before, maxFileBytes, exitStatus } = j;
  return { projectRoot, seq, before, maxFileBytes, exitStatus, origin, scan: { stamp: sc.stamp, started: sc.started, listing } };
}
