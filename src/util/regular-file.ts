/*!
 * Reading a file a contained command may have planted, without being stopped by it: opened with
 * O_NONBLOCK (a FIFO in its place would otherwise wait for ever for a writer) and used only when
 * the descriptor is a regular file. The checks after a command (contain/git-links.ts,
 * contain/planted-dotenv.ts) read what the command left this way.
 */
import { closeSync, constants, fstatSync, openSync, type Stats } from 'node:fs';

/** `use(fd, st)` on the regular file at `path`; null when it cannot be opened, is not a regular file, or `use` throws. */
export function withRegularFile<T>(path: string, use: (fd: number, st: Stats) => T): T | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    const st = fstatSync(fd);
    return st.isFile() ? use(fd, st) : null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
