/*!
 * The gate a recorded command's container waits at while the undo snapshot before it is taken
 * (sh/run.ts): the container is built meanwhile, and the command starts only once the snapshot is
 * complete.
 */
import type { ChildProcess } from 'node:child_process';

/**
 * The gate a container waits at while the undo snapshot is taken: the first thing run in it is
 * this sh, which starts the command only once `go` comes on descriptor 3. Anything else, its end
 * included (this process died, or refused the command), ends it with 125 and the command never
 * starts: a killed shellgate-sh cannot leave a command running unrecorded. (bubblewrap's own
 * --block-fd starts the command at end of file.)
 */
export const GATE = 'read -r go <&3 || exit 125; [ "$go" = go ] || exit 125; exec 3<&-; exec "$0" "$@"';

/** bubblewrap's arguments with the gate put in front of the command (after the `--` that ends its own options). */
export function withGate(args: readonly string[], sh: string): string[] {
  const end = args.indexOf('--');
  if (end < 0) throw new Error('internal: bubblewrap arguments without --');
  return [...args.slice(0, end + 1), sh, '-c', GATE, ...args.slice(end + 1)];
}

/** Lets the waiting container start its command (descriptor 3 of `child`, see spawnBash's gateFd). */
export function openGate(child: ChildProcess): void {
  const gate = child.stdio[3] as (NodeJS.WritableStream & NodeJS.EventEmitter) | null | undefined;
  gate?.on('error', () => {}); // bubblewrap already gone (it could not build the container): its exit says so
  gate?.end('go\n');
}
