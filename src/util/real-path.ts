/*!
 * An existing path with its symbolic links resolved, or undefined. existsSync first: realpath
 * throws for a missing path (an exception costs 20–50 µs), and most paths asked about are missing;
 * then the libc's realpath (one call; Node's own stats each component).
 */
import { existsSync, realpathSync } from 'node:fs';

/** `path` with its links resolved when it exists (a dangling link does not), else undefined. */
export function realIfExists(path: string): string | undefined {
  try {
    return existsSync(path) ? realpathSync.native(path) : undefined;
  } catch {
    return undefined;
  }
}
