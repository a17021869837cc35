/*!
 * Is this process running under a shellgate guard? The environment says so (SHELLGATE_SESSION),
 * but a command in the guarded session can drop that variable (`env -u SHELLGATE_SESSION …`,
 * `unset`). The process tree cannot be edited that way: the guarded bash was started with
 * SHELLGATE_SESSION in its environment, and /proc/PID/environ keeps the environment a process
 * was started with. So the human-only commands (approve, approvals, trust) also walk up their
 * ancestors. Where there is no /proc (macOS), only the environment is checked.
 */
import { readFileSync } from 'node:fs';
import { SESSION_ENV } from './actor.js';

/** How far up the tree to look; a real tree is a few levels deep. */
const MAX_DEPTH = 64;

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return undefined;
  }
}

/** The parent pid and command name from /proc/PID/stat (the name may hold spaces and parens). */
function statOf(procRoot: string, pid: number): { ppid: number; name: string } | undefined {
  const stat = read(`${procRoot}/${pid}/stat`);
  if (!stat) return undefined;
  const close = stat.lastIndexOf(')');
  const name = stat.slice(stat.indexOf('(') + 1, close);
  const ppid = Number(stat.slice(close + 2).split(' ')[1]);
  return Number.isInteger(ppid) ? { ppid, name } : undefined;
}

function sessionIn(environ: string | undefined): string | undefined {
  if (!environ) return undefined;
  for (const kv of environ.split('\0')) {
    if (kv.startsWith(`${SESSION_ENV}=`) && kv.length > SESSION_ENV.length + 1) return kv.slice(SESSION_ENV.length + 1);
  }
  return undefined;
}

/**
 * Why this process counts as being under a guard, or undefined when nothing says so:
 * the variable in `env`, or an ancestor process started inside a guarded session.
 */
export function guardEvidence(env: NodeJS.ProcessEnv = process.env, start: number = process.ppid, procRoot = '/proc'): string | undefined {
  if (env[SESSION_ENV]) return `${SESSION_ENV} is set`;
  let pid = start;
  for (let depth = 0; pid > 1 && depth < MAX_DEPTH; depth++) {
    const st = statOf(procRoot, pid);
    if (!st) return undefined;
    const session = sessionIn(read(`${procRoot}/${pid}/environ`));
    if (session) return `its ancestor process ${pid} (${st.name}) was started in guarded session ${session}`;
    pid = st.ppid;
  }
  return undefined;
}
