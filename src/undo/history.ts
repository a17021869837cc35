/*!
 * Reading a project's journal as history: which record a plain `shellgate undo` goes back before
 * (the most recent agent command that changed the project and is not undone yet: an undo record
 * means "the state is as before its target", so the walk jumps over everything it undid), which
 * records are undone, and which paths changed outside the recorded commands since a given one —
 * the user's own changes, which an undo must never silently overwrite.
 */
import type { JournalRecord } from './journal.js';
import { diffTrees } from './snapshot.js';
import type { Store } from './git-store.js';

function changed(r: JournalRecord): boolean {
  return r.after === undefined || r.after === null || r.after !== r.before;
}

/** Seq of each record that a later undo has undone (and that is not undone-undone). */
export function undoneBy(records: JournalRecord[]): Map<number, number> {
  const out = new Map<number, number>();
  let i = records.length - 1;
  while (i >= 0) {
    const r = records[i];
    if (r.kind === 'undo' && typeof r.after === 'string' && r.target !== undefined) {
      const j = records.findIndex((x) => x.seq === r.target);
      if (j < 0) break;
      for (let k = j; k < i; k++) if (!out.has(records[k].seq)) out.set(records[k].seq, r.seq);
      i = j - 1;
    } else i--;
  }
  return out;
}

/** The record a plain `shellgate undo` goes back before, or null. */
export function plainTarget(records: JournalRecord[]): JournalRecord | null {
  const undone = undoneBy(records);
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i];
    if (r.kind === 'command' && !undone.has(r.seq) && r.before && changed(r)) return r;
  }
  return null;
}

/** A point on the timeline: a snapshot, and the record whose run it ends (tool segment). */
interface Point {
  tree: string;
  endsRunOf?: number;
  startsRunOf?: number;
}

/**
 * Paths that changed outside recorded runs from before(target) to `current`: between commands,
 * after the last one, or across a snapshot that is missing (conservatively counted as the user's).
 */
export function userChangedSince(store: Store, records: JournalRecord[], targetSeq: number, current: string): Set<string> {
  const points: Point[] = [];
  for (const r of records.filter((x) => x.seq >= targetSeq)) {
    if (r.before) points.push({ tree: r.before, startsRunOf: r.seq });
    if (typeof r.after === 'string') points.push({ tree: r.after, endsRunOf: r.seq });
  }
  points.push({ tree: current });
  const out = new Set<string>();
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i];
    const b = points[i + 1];
    if (a.startsRunOf !== undefined && a.startsRunOf === b.endsRunOf) continue; // the run itself
    for (const c of diffTrees(store, a.tree, b.tree)) out.add(c.path);
  }
  return out;
}
