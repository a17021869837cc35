/*!
 * Claude Code's shell snapshots, for `shellgate-sh` as Claude Code's shell (the sandbox set-up).
 * Every Bash tool call is `bash -c "source ~/.claude/shell-snapshots/snapshot-bash-….sh 2>/dev/null
 * || true && … && eval 'CMD' < /dev/null && pwd -P >| /tmp/claude-XXXX-cwd"` (or, in some
 * releases, the snapshot named by BASH_ENV). The snapshot holds the user's shell set-up: aliases,
 * options, PATH, and every shell function as `eval "$(echo '<base64 of declare -f>' | base64 -d)"`.
 * Judged as a script, each of those lines "runs code hidden behind base64" and every call would
 * be refused.
 *
 * So a snapshot is read the way the guarded shell reads a live session: its functions and aliases
 * become the classifier's context (a call of a snapshot function is judged by its body, at the
 * call), and everything else in it is judged as commands. Only lines of exactly the snapshot's
 * function form are taken as definitions, and only when the decoded text is nothing but
 * `declare -f` output; any other line — another base64 form, a top-level command, a function
 * bash would call by itself (`command_not_found_handle`, traps) — is judged as written.
 */
import { join } from 'node:path';
import { parseAliases, parseFunctionBodies } from '../shell/bash-listings.js';

/** One `eval` of a base64-encoded function definition, as the snapshot writes it. */
const FUNCTION_LINE = /^eval "\$\(echo '([A-Za-z0-9+/=\s]+)' \| base64 (?:-d|--decode)\)" > \/dev\/null 2>&1$/;
/** `source SNAPSHOT [2>/dev/null] [|| true] &&` at the start of a `-c` string. */
const SOURCE_PREFIX = /^\s*(?:source|\.)\s+(?:'([^']+)'|"([^"$`\\]+)"|([^\s;&|'"$`\\]+))(?:\s+2>\s*\/dev\/null)?(?:\s*\|\|\s*true)?\s*&&\s*/;
/** `declare -f` output of one function: `NAME () ` then `{ … }`. */
const HEADER = /^(\S+) \(\) $/gm;
/** Functions bash calls without the command line naming them. */
const IMPLICIT = new Set(['command_not_found_handle']);

export interface Snapshot {
  path: string;
  /** The snapshot without its function definitions: judged as commands. */
  commands: string;
  functions: Record<string, string>;
  aliases: Record<string, string>;
}

/** Directories Claude Code writes snapshots to. */
function snapshotDirs(env: NodeJS.ProcessEnv): string[] {
  const dirs = [env.HOME ? join(env.HOME, '.claude', 'shell-snapshots') : ''];
  if (env.CLAUDE_CONFIG_DIR) dirs.push(join(env.CLAUDE_CONFIG_DIR, 'shell-snapshots'));
  return dirs.filter(Boolean);
}

/** True for a path where Claude Code keeps its snapshots, with a snapshot's file name. */
export function isSnapshotPath(path: string, env: NodeJS.ProcessEnv): boolean {
  const m = /^(.*)\/(snapshot-[\w.-]+\.sh)$/.exec(path);
  return Boolean(m && !m[1].split('/').includes('..') && snapshotDirs(env).includes(m[1]));
}

/** Decoded function definitions of one snapshot line, or null when it is anything else. */
function definitionsIn(line: string): Record<string, string> | null {
  const m = FUNCTION_LINE.exec(line);
  if (!m) return null;
  const text = Buffer.from(m[1].replace(/\s+/g, ''), 'base64').toString('utf8');
  if (text.includes('\uFFFD') || text.includes('\0')) return null;
  const names = [...text.matchAll(HEADER)].map((h) => h[1]);
  if (names.length === 0 || names.some((n) => IMPLICIT.has(n) || !/^[\w:.@+-]+$/.test(n))) return null;
  // Nothing but definitions: each header starts a body that ends at the next header.
  if (!text.trimStart().startsWith(`${names[0]} () `)) return null;
  const bodies = parseFunctionBodies(text, names);
  return Object.values(bodies).every((b) => /^\{[\s\S]*\}$/.test(b.trim())) ? bodies : null;
}

/** Reads a snapshot's text into definitions and the commands that remain. */
export function readSnapshot(path: string, text: string): Snapshot {
  const functions: Record<string, string> = {};
  const kept: string[] = [];
  for (const line of text.split('\n')) {
    const defs = definitionsIn(line.trim());
    if (defs) Object.assign(functions, defs);
    else kept.push(line);
  }
  const commands = kept.join('\n');
  return { path, commands, functions, aliases: parseAliases(commands) };
}

/** `source SNAPSHOT … &&` at the start of `command`: the snapshot's path and the rest. */
export function splitSnapshotSource(command: string, env: NodeJS.ProcessEnv): { path: string; rest: string } | null {
  const m = SOURCE_PREFIX.exec(command);
  const path = m && (m[1] ?? m[2] ?? m[3]);
  if (!m || !path || !isSnapshotPath(path, env)) return null;
  return { path, rest: command.slice(m[0].length) };
}

/**
 * The text an approval of a wrapped command is matched by: the file Claude Code has the shell
 * write its working directory to is named anew for each call, so it is left out.
 */
export function approvalKey(rest: string): string {
  return rest.replace(/(pwd -P >\| ?)\/tmp\/claude-[0-9a-f]+-cwd(\s*)$/, '$1/tmp/claude-*-cwd$2');
}

/** Something shellgate-sh judges before bash starts (see sh/main.ts). */
export interface Unit {
  what: string;
  text: string;
  /** What an approval is matched by (default: `text`). */
  key?: string;
  functions?: Record<string, string>;
  aliases?: Record<string, string>;
}

/**
 * `unit` as it runs after `snapshot` was sourced: the snapshot's commands first, its functions
 * and aliases as context; approvals are matched by the unit's own text.
 */
export function afterSnapshot(unit: Unit, snapshot: Snapshot): Unit {
  return {
    what: unit.what,
    text: snapshot.commands.trim() === '' ? unit.text : `${snapshot.commands}\n${unit.text}`,
    key: approvalKey(unit.key ?? unit.text),
    functions: { ...unit.functions, ...snapshot.functions },
    aliases: { ...unit.aliases, ...snapshot.aliases },
  };
}

/** A `-c` string that starts by sourcing a snapshot: the rest, judged after the snapshot. */
export function commandAfterSnapshot(unit: Unit, env: NodeJS.ProcessEnv, read: (p: string) => string | undefined): Unit {
  const split = splitSnapshotSource(unit.text, env);
  const text = split ? read(split.path) : undefined;
  if (!split || text === undefined) return unit;
  return afterSnapshot({ ...unit, text: split.rest }, readSnapshot(split.path, text));
}
