/*!
 * Expiry of a project's snapshots: only the most recent `keep` records, none older than
 * `max_age_days` (undo.yaml). Expiring rewrites the journal and drops the refs of the expired
 * snapshots; their objects go with git's garbage collection: `shellgate undo --gc` runs it at once
 * (under the store's lock), and after agent commands it runs now and then in the background with
 * a one-hour grace period, so that objects a concurrent snapshot is writing are never pruned.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gitEnv, gitOk, trustedGit, type Store } from './git-store.js';
import { readJournal, rewriteJournal, type JournalRecord } from './journal.js';
import type { UndoConfig } from './undo-config.js';

/** Records beyond the limits are expired only once this many have piled up (amortised cost). */
const SLACK = 20;

/** A finished command that changed nothing: dropping it loses no state (its neighbours hold it). */
function unchanged(r: JournalRecord): boolean {
  return r.kind === 'command' && typeof r.before === 'string' && r.after === r.before;
}

/**
 * Which records the limits keep and which they expire: records that changed nothing always go;
 * of the others, the most recent `keep`, none older than `max_age_days`.
 */
export function expiredRecords(records: JournalRecord[], cfg: UndoConfig, now: number): { keep: JournalRecord[]; drop: JournalRecord[] } {
  const oldest = now - cfg.maxAgeDays * 86_400_000;
  const candidates = records.filter((r) => !unchanged(r));
  const keep = candidates.slice(Math.max(0, candidates.length - cfg.keep)).filter((r) => Date.parse(r.time) >= oldest);
  const kept = new Set(keep);
  return { keep, drop: records.filter((r) => !kept.has(r)) };
}

/** Expires records past the limits (caller holds the lock). Returns how many were dropped, and how many of them changed files. */
export function expire(store: Store, cfg: UndoConfig, now = Date.now(), slack = 0): { dropped: number; changed: number } {
  const records = readJournal(store);
  const { keep, drop } = expiredRecords(records, cfg, now);
  if (drop.length === 0 || drop.length < slack) return { dropped: 0, changed: 0 };
  rewriteJournal(store, keep, drop);
  expireKept(store, now - cfg.maxAgeDays * 86_400_000);
  return { dropped: drop.length, changed: drop.filter((r) => !unchanged(r)).length };
}

/** Removes the user's versions that `undo --force` kept aside, once older than the age limit. */
function expireKept(store: Store, before: number): void {
  const dir = join(store.dir, 'kept');
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).mtimeMs < before) rmSync(p, { recursive: true, force: true });
  }
}

/** Whether the journal is looked at after record `seq`: every SLACK commands only. */
export function gcDue(seq: number): boolean {
  return seq % SLACK === 0;
}

/** After an agent command: expire when due, and prune unreachable objects in the background. */
export function autoGc(store: Store, cfg: UndoConfig, seq: number): void {
  if (!gcDue(seq)) return;
  if (expire(store, cfg, Date.now(), SLACK).changed === 0) return; // no snapshot became unreachable
  try {
    spawn(trustedGit(), ['gc', '--quiet', '--prune=1.hour.ago'], { env: gitEnv(store), cwd: store.root, detached: true, stdio: 'ignore' }).unref();
  } catch {
    /* the next `shellgate undo --gc` prunes */
  }
}

/** `shellgate undo --gc`: expire, then prune every unreachable object now (caller holds the lock). */
export function gcNow(store: Store, cfg: UndoConfig): { dropped: number } {
  const { dropped } = expire(store, cfg);
  gitOk(store, ['reflog', 'expire', '--expire=now', '--all']);
  gitOk(store, ['gc', '--quiet', '--prune=now'], undefined, true); // a human's, and as long as it takes
  return { dropped };
}
