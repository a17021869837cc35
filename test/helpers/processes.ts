/*!
 * Waiting on what a test is really waiting for — a process of ours running, or stopped — instead
 * of sleeping for a guessed time. ourProcesses counts only descendants of this test process (other
 * suites on the machine may run the same programs); processesWith finds processes by a marker of
 * the test's own (a unique file name, a socket path) wherever they were started from.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** State letter (R, S, T, Z …) and parent pid of `pid`, or null when it is gone. */
function stat(pid: number): { state: string; ppid: number } | null {
  try {
    const rest = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /s, '')
      .split(' ');
    return { state: rest[0]!, ppid: Number(rest[1]) };
  } catch {
    return null;
  }
}

function isOurs(pid: number): boolean {
  for (let p = pid, n = 0; p > 1 && n < 64; n++) {
    const s = stat(p);
    if (!s) return false;
    if (s.ppid === process.pid) return true;
    p = s.ppid;
  }
  return false;
}

/** Descendants of this process whose command line is exactly `argv`, with their state letter. */
export function ourProcesses(argv: string[]): { pid: number; state: string }[] {
  const want = argv.join('\0') + '\0';
  const found: { pid: number; state: string }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8') !== want || !isOurs(pid)) continue;
    } catch {
      continue;
    }
    const s = stat(pid);
    if (s) found.push({ pid, state: s.state });
  }
  return found;
}

/** The parent pid of `pid` (0 when it is gone). */
export function parentOf(pid: number): number {
  return stat(pid)?.ppid ?? 0;
}

/** Pids of the processes (but this one and `except`) whose command line contains `marker`. */
export function processesWith(marker: string, except = -1): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!/^\d+$/.test(name) || pid === process.pid || pid === except) continue;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker)) found.push(pid);
    } catch {
      /* gone */
    }
  }
  return found;
}

/** Resolves once `check()` holds (checked every 20 ms); throws naming `what` after `timeoutMs`. */
export async function until(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
