/*!
 * What an undo never writes or removes: the paths containment keeps agent commands from changing
 * because something outside the container obeys them (contain/protected-files.ts: an agent's
 * settings, `.envrc`, `.vscode/`, git hook managers' configs …, or a file or link in the place of
 * one of their directories), and a `.env` file that sets a variable that runs code, or is a link
 * (contain/planted-dotenv.ts). A snapshot can hold one that an agent planted: a command's snapshot
 * is taken while another command runs, before the check after that one moved it aside. An undo
 * runs outside any container with no check after it, so these are left as they are, and said so.
 */
import { basename } from 'node:path';
import { PROJECT_PROTECTED } from '../contain/protected-files.js';
import { envRunsCode } from '../contain/planted-dotenv.js';
import type { Change } from './change.js';

/** True when `a` is `b` or below it (relative paths, `/`-separated). */
function under(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}/`);
}

function dotenv(path: string): boolean {
  return basename(path).startsWith('.env');
}

/** Why undo must leave `c` as it is (null: it may restore it); `content`: the blob it would write. */
export function protectedWhy(c: Change, content: Buffer | undefined): string | null {
  if (PROJECT_PROTECTED.some((p) => under(c.path, p) || under(p, c.path)))
    return 'a protected path (agent settings, hooks, editor tasks): undo never writes or removes one, restore it yourself if it is yours';
  if (c.status === 'D' || !dotenv(c.path)) return null;
  if (c.toMode === '120000') return 'a protected path (a link in the place of a .env file): undo never writes one';
  if (content && envRunsCode(content.toString('utf8')))
    return 'a protected path (a .env file that sets a variable that runs code, which agent CLIs load outside the container): undo never writes one';
  return null;
}
