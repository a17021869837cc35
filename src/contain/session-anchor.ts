/*!
 * Which project an agent's session may write. The project is found from the working directory,
 * but an agent CLI may let the agent choose the directory of each command (OpenCode's `workdir`,
 * a `cd` that Claude Code keeps for the next call): without an anchor, a command started in
 * another of the user's repositories would get that repository writable. So the first contained
 * command of an agent process fixes its project; later commands of the same process whose
 * working directory lies outside it run with that first project writable (and their own
 * directory read-only), and the agent is told so when a write is refused.
 * The agent process is the nearest ancestor that is not a shell or a shellgate wrapper,
 * identified by pid and start time (so a reused pid is another process). Linux (/proc) only.
 */
import { mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stateDir } from '../config/paths.js';

/** Process names that are not the agent but something it runs commands through. */
const WRAPPERS = new Set([
  'bash',
  'sh',
  'dash',
  'zsh',
  'fish',
  'ksh',
  'env',
  'timeout',
  'nice',
  'stdbuf',
  'script',
  'bwrap',
  'shellgate-sh',
  'shellgate-conta',
]);

function stat(pid: number): { comm: string; ppid: number; start: string } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const close = text.lastIndexOf(')');
    const fields = text.slice(close + 2).split(' ');
    return { comm: text.slice(text.indexOf('(') + 1, close), ppid: Number(fields[1]), start: fields[19] };
  } catch {
    return null;
  }
}

/** `pid-starttime` of the agent process above this one, or null (no /proc, or none found). */
export function agentProcessId(start = process.ppid): string | null {
  let pid = start;
  for (let depth = 0; pid > 1 && depth < 16; depth++) {
    const st = stat(pid);
    if (!st) return null;
    // node running a shellgate bin shows as "node": look at its command line.
    const wrapper = WRAPPERS.has(st.comm) || (st.comm === 'node' && isShellgateWrapper(pid));
    if (!wrapper) return `${pid}-${st.start}`;
    pid = st.ppid;
  }
  return null;
}

function isShellgateWrapper(pid: number): boolean {
  try {
    // `node …/shellgate-sh.cjs`, `node …/shellgate-contain.cjs`, or shellgate-sh linked as `bash`.
    return /\/(shellgate-(sh|contain)(\.cjs)?|bash)\0/.test(readFileSync(`/proc/${pid}/cmdline`, 'latin1'));
  } catch {
    return false;
  }
}

function anchorDir(): string {
  return join(stateDir(process.env), 'anchors');
}

/** The project the agent process `id` first worked in; records `root` when it has none yet. */
export function anchoredProject(id: string, root: string): string {
  const file = join(anchorDir(), id);
  try {
    const known = readFileSync(file, 'utf8');
    if (known) return known;
  } catch {
    /* first command of this agent process */
  }
  try {
    mkdirSync(anchorDir(), { recursive: true, mode: 0o700 });
    writeFileSync(file, root, { mode: 0o600 });
    pruneAnchors();
  } catch {
    /* no place to remember it: each command keeps its own project */
  }
  return root;
}

/** The project the agent process `id` first worked in, if it has one (nothing is recorded). */
export function knownAnchor(id: string): string | null {
  try {
    return readFileSync(join(anchorDir(), id), 'utf8') || null;
  } catch {
    return null;
  }
}

/** Removes anchors of processes that are gone (checked when a new one is written). */
function pruneAnchors(): void {
  for (const name of readdirSync(anchorDir())) {
    const [pid, start] = name.split('-');
    const st = stat(Number(pid));
    if (!st || st.start !== start) {
      try {
        unlinkSync(join(anchorDir(), name));
      } catch {
        /* someone else pruned it */
      }
    }
  }
}
