/*!
 * The check after a contained command (after-command.ts) is made by the shellgate-sh that ran it,
 * once bash has ended. An agent CLI kills a command that outlives its timeout (a timeout the agent
 * itself picks), often with SIGKILL for the whole process tree: that shellgate-sh dies without
 * checking, and what the command planted (an agent's settings turning hooks off, a new `.git` with
 * `core.fsmonitor`) would stay for the human's next `git status` or the agent's next start.
 * So before each contained command starts, what the check needs (the watched paths and their
 * identities, the project, the writable area, the start time) is written to
 * `<state>/contain/pending/` (hidden from every container); the record goes once the check ran.
 * A record whose shellgate-sh is dead (pid and start time in /proc no longer match) is checked by
 * the next shellgate-sh or shellgate-contain, before anything of its own runs.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stateDir } from '../config/paths.js';
import { isWithin } from '../sandbox/protected-paths.js';
import { plantedSince } from './after-command.js';
import { quarantinePaths, type Watched } from './watch.js';

/** What the check after a command needs, and whose it is. */
interface PendingCheck {
  pid: number;
  /** The owner's start time (field 22 of /proc/PID/stat): a reused pid is another process. */
  start: string;
  projectRoot: string;
  cwd: string;
  writable: string[];
  watch: Watched[];
  sinceMs: number;
}

function pendingDir(): string {
  return join(stateDir(process.env), 'contain', 'pending');
}

/** The start time of process `pid` (null: no such process). */
function startOf(pid: number | 'self'): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/**
 * Notes the check this process will make after its contained command; returns the record's path
 * (null when it cannot be written: the check after the command is still made as always).
 */
export function notePending(c: { plan: { projectRoot: string; cwd: string; writable: string[] }; watch: Watched[] }, sinceMs: number): string | null {
  const start = startOf('self');
  if (start === null) return null;
  const record: PendingCheck = {
    pid: process.pid,
    start,
    projectRoot: c.plan.projectRoot,
    cwd: c.plan.cwd,
    writable: c.plan.writable,
    watch: c.watch,
    sinceMs,
  };
  try {
    mkdirSync(pendingDir(), { recursive: true, mode: 0o700 });
    const path = join(pendingDir(), `${process.pid}-${start}.json`);
    // Written aside and renamed, so that another shellgate-sh never reads half a record.
    writeFileSync(`${path}.tmp`, JSON.stringify(record), { mode: 0o600 });
    renameSync(`${path}.tmp`, path);
    return path;
  } catch {
    return null;
  }
}

/** The check of the record at `path` was made. */
export function donePending(path: string | null): void {
  if (!path) return;
  try {
    unlinkSync(path);
  } catch {
    /* gone already */
  }
}

/**
 * Makes the checks of contained commands whose shellgate-sh died before making them; returns what
 * was moved aside ([from, to]). A record that cannot be read is dropped (it names nothing to check).
 */
export function settleKilledRuns(): [string, string][] {
  let names: string[];
  try {
    names = readdirSync(pendingDir());
  } catch {
    return [];
  }
  const moved: [string, string][] = [];
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    const path = join(pendingDir(), name);
    let record: PendingCheck;
    try {
      record = JSON.parse(readFileSync(path, 'utf8')) as PendingCheck;
    } catch {
      donePending(path);
      continue;
    }
    if (record.pid === process.pid || startOf(record.pid) === record.start) continue; // still running: it checks itself
    moved.push(
      ...quarantinePaths(plantedSince(record.watch, record.projectRoot, record.cwd ?? record.projectRoot, record.sinceMs), process.env, record.writable),
    );
    donePending(path);
  }
  return moved;
}

/**
 * The pids of the shellgate-sh processes whose contained command is running now and may write in
 * `projectRoot` (its writable area holds the project or lies in it). `shellgate undo` refuses while
 * there is one: it restores by path, and such a command could swap a directory under it.
 */
export function runningIn(projectRoot: string): number[] {
  let names: string[];
  try {
    names = readdirSync(pendingDir());
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    let record: PendingCheck;
    try {
      record = JSON.parse(readFileSync(join(pendingDir(), name), 'utf8')) as PendingCheck;
    } catch {
      continue;
    }
    if (startOf(record.pid) !== record.start) continue; // ended (its check is made by the next one)
    const areas = [record.projectRoot, ...(record.writable ?? [])];
    if (areas.some((a) => isWithin(a, projectRoot) || isWithin(projectRoot, a))) pids.push(record.pid);
  }
  return pids;
}
