/*!
 * One changed path between two snapshots' trees: what the fast snapshot, git's diff-tree, the
 * effect summary and restore all speak (a leaf, so that they need not import one another).
 */

/** One changed path between two trees. */
export interface Change {
  status: 'A' | 'M' | 'D';
  path: string;
  /** Blob ids before and after (zeros when absent). */
  from: string;
  to: string;
  fromMode: string;
  toMode: string;
}
