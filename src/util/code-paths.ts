/*!
 * Which code paths of a per-command bundle ran in this process, for its code cache
 * (util/code-cache.ts): the cache holds only the functions that ran in the process that wrote it,
 * so a path that process never took (a contained command to its end, an undo recording, a hook
 * answered by the classifier daemon) was compiled again by every later process. When a process
 * takes a path its bundle's cache lacks, the cache is written again at exit. A path is put down to the bundle loaded last (shellgate-sh's
 * client hands over to the in-process bundle, which then runs the command); a wrong guess only
 * costs a rewrite or misses one. The bundles share no modules, only globalThis.
 */

/** The paths, as bits. */
export const CODE_PATH = { contained: 1, recorded: 2, answered: 4 } as const;

declare global {
  // eslint-disable-next-line no-var
  var __sgCodePaths: { last: string | null; ran: Map<string, number> } | undefined;
}

function state(): { last: string | null; ran: Map<string, number> } {
  globalThis.__sgCodePaths ??= { last: null, ran: new Map() };
  return globalThis.__sgCodePaths;
}

/** Called by the loader as it runs `file`: later paths are put down to it. */
export function loadingBundle(file: string): void {
  state().last = file;
}

/** Notes that this process ran `bit`'s path (in the bundle loaded last). */
export function ranCodePath(bit: number): void {
  const s = state();
  if (s.last !== null) s.ran.set(s.last, (s.ran.get(s.last) ?? 0) | bit);
}

/** The paths this process ran in `file`. */
export function codePathsRan(file: string): number {
  return globalThis.__sgCodePaths?.ran.get(file) ?? 0;
}
