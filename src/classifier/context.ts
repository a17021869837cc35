/*!
 * What the classifier may know about the world. It does no I/O itself: the caller passes the
 * environment, the working directory and a file reader (which may refuse by returning undefined).
 */
import type { Actor } from '../core/verdict.js';
import type { FileKind } from '../parser/line-state.js';

export interface Context {
  /** The environment the command would run with (replaces process.env in `check --jsonl`). */
  env: Record<string, string>;
  cwd: string;
  /** The working directory the line started in, when a `cd` in the line moved this command elsewhere. */
  lineCwd?: string;
  actor: Actor;
  /** Reads a small text file (package.json, Makefile, a script, an SQL file); undefined if absent. */
  readFile?: (path: string) => string | undefined;
  /** What is at a path on disk (`fifo`, `missing` when its directory exists but it does not …). */
  fileKind?: (path: string) => FileKind;
  /** The real path of an existing path (symbolic links resolved), or undefined. */
  realPath?: (path: string) => string | undefined;
  /** The nearest directory at or above `path` that holds `.git` or `.shellgate`, or undefined. */
  projectRoot?: (path: string) => string | undefined;
  /** Aliases defined in the session (name → replacement text), as bash would expand them. */
  aliases?: Record<string, string>;
  /** Functions defined in the session (name → body source). */
  functions?: Record<string, string>;
}
