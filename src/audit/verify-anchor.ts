/*!
 * The checks `log verify` makes against the anchor (anchor.ts), kept apart from the chain walk:
 * per entry (does the log start where the anchor says, are the anchored entries the ones recorded)
 * and at the end (is the anchor there, is the log as long as it records). A missing or unreadable
 * anchor fails once the log has entries: the anchor is what an agent cannot reach, so a log
 * without one cannot show that nothing was cut.
 */
import type { AnchorState } from './anchor.js';
import type { AuditEntry } from './entry.js';

const RESET_HINT = 'once you have checked the entries, `shellgate log anchor --reset` anchors the log as it is now';

/** What is wrong with entry `e` given the anchor, or null. `first`: the first entry of the walk. */
export function anchorEntryProblem(st: AnchorState, e: AuditEntry, first: boolean): string | null {
  if (st.state !== 'ok') return null;
  const a = st.anchor;
  if (first && e.seq > a.start.seq) {
    const gone = e.seq - 1 === a.start.seq ? `entry #${a.start.seq} was` : `entries #${a.start.seq}–#${e.seq - 1} were`;
    return `the log begins at #${e.seq}, but the anchor records that it begins at #${a.start.seq}: ${gone} removed (first lines cut, or a rotated file deleted)`;
  }
  if (e.seq === 1 && a.genesis !== null && e.hash !== a.genesis) {
    return 'entry #1 is not the first entry recorded in the anchor: the log was replaced (deleted and started anew, or rewritten)';
  }
  if (e.seq === a.start.seq && e.hash !== a.start.hash) {
    return `entry #${e.seq} differs from the anchor's record of where the log starts: it was rewritten`;
  }
  if (e.seq === a.seq && e.hash !== a.hash) {
    return `entry #${e.seq} differs from the anchor (audit.anchor): entries were rewritten and the chain re-hashed after them`;
  }
  return null;
}

/** Where the walk ended: the newest entry found (null when none) and how many entries there were. */
export interface WalkEnd {
  last: { seq: number } | null;
  entries: number;
}

/** The end-of-log verdict against the anchor: a failure message, or notes (possibly none). */
export function anchorEndProblem(st: AnchorState, end: WalkEnd): { fail: string } | { notes: string[] } {
  if (st.state === 'missing') {
    if (end.entries === 0) return { notes: [] };
    return {
      fail: `the anchor (audit.anchor) is missing but the log has ${end.entries} entries: it was removed, or the log was written by an older shellgate; ${RESET_HINT}`,
    };
  }
  if (st.state === 'corrupt') return { fail: `the anchor (audit.anchor) cannot be read (${st.error}): it was damaged or replaced; ${RESET_HINT}` };
  const a = st.anchor;
  if (!end.last) {
    return { fail: `the log is gone: the anchor records entries #${a.start.seq}–#${a.seq}, but no entry is left (the log was deleted or emptied)` };
  }
  if (end.last.seq < a.seq) {
    const gone = end.last.seq + 1 === a.seq ? `entry #${a.seq} was` : `entries #${end.last.seq + 1}–#${a.seq} were`;
    return { fail: `the log ends at #${end.last.seq}, but the anchor records #${a.seq}: ${gone} removed from the end` };
  }
  const notes: string[] = [];
  if (a.pruned) notes.push(`entries before #${a.start.seq} were removed by \`shellgate log prune\` on ${a.pruned.time}`);
  if (a.reset) notes.push(`the anchor was reset on ${a.reset.time} (${a.reset.reason}): changes made before then cannot be detected`);
  if (end.last.seq > a.seq) {
    notes.push(`entries after #${a.seq} are not anchored yet (written in the last moments, or by a writer that was killed): cutting them would go unnoticed`);
  }
  return { notes };
}
