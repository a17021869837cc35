/*!
 * The two deliberate ways to move the anchor's start, both run by a human through the CLI (never
 * by an append): `shellgate log prune --keep N` deletes the oldest rotated files and records the
 * new first entry, so a log that was pruned verifies while one whose files were deleted by hand
 * does not; `shellgate log anchor --reset` re-makes the anchor from the log as it is (logs written
 * before the anchor existed, or after an incident was investigated) and says so in every later
 * `verify`. Both refuse when the chain itself does not verify: they never bless a broken log.
 */
import { readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { readAnchor, writeAnchor, type ChainPoint } from './anchor.js';
import { parseEntry } from './entry.js';
import { currentPath, lockPath, rotatedFiles } from './files.js';
import { withLock } from '../util/lock.js';
import { syncDir } from './sync.js';
import { verifyLog, type VerifyReport } from './verify.js';

/** A maintenance step that cannot be done, with what to do instead. */
export class MaintenanceError extends Error {}

function requireIntact(report: VerifyReport, what: string): void {
  if (report.broken) {
    const b = report.broken;
    throw new MaintenanceError(`${what}: the log does not verify (${b.file}:${b.line}: ${b.message}); investigate with \`shellgate log verify\` first`);
  }
}

function firstEntry(path: string): ChainPoint | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  for (const line of text.split('\n')) {
    const e = parseEntry(line);
    if (e) return { seq: e.seq, hash: e.hash };
  }
  return null;
}

/** Deletes all but the newest `keep` rotated files; returns how many were deleted. */
export function pruneLog(dir: string, keep: number): number {
  requireIntact(verifyLog(dir), 'cannot prune');
  return withLock(lockPath(dir), () => {
    const st = readAnchor(dir);
    if (st.state !== 'ok') throw new MaintenanceError('cannot prune: the log has no anchor yet (nothing to prune)');
    const rotated = rotatedFiles(dir);
    let remove = Math.max(0, rotated.length - keep);
    let start: ChainPoint | null = null;
    // The new start is the first entry left; never remove the files that hold the last entries.
    for (; remove > 0; remove--) {
      const left = [...rotated.slice(remove).map((n) => join(dir, n)), currentPath(dir)];
      start = left.map(firstEntry).find((p) => p !== null) ?? null;
      if (start) break;
    }
    if (remove === 0 || !start) return 0;
    const now = new Date().toISOString();
    writeAnchor(dir, { ...st.anchor, start, pruned: { time: now, removedFiles: remove } });
    for (const name of rotated.slice(0, remove)) unlinkSync(join(dir, name));
    syncDir(dir);
    return remove;
  });
}

/** Re-makes the anchor from the log as it is now; `reason` is recorded. Returns the new range. */
export function resetAnchor(dir: string, reason: string): { startSeq: number; seq: number } {
  const report = verifyLog(dir, { chainOnly: true });
  requireIntact(report, 'cannot reset the anchor');
  if (report.firstSeq === null || report.lastSeq === null)
    throw new MaintenanceError('cannot reset the anchor: the log has no entries (the first entry creates it)');
  const start = { seq: report.firstSeq, hash: report.firstHash! };
  const now = new Date().toISOString();
  withLock(lockPath(dir), () =>
    writeAnchor(dir, {
      v: 1,
      genesis: start.seq === 1 ? start.hash : null,
      start,
      seq: report.lastSeq!,
      hash: report.lastHash!,
      time: now,
      reset: { time: now, reason },
    }),
  );
  return { startSeq: start.seq, seq: report.lastSeq };
}
