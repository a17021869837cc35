/*!
 * The scans of a snapshot (snapshot.ts): which paths differ between the store's index and the
 * disk, from one `git ls-files -o -m -d` (untracked, modified, removed; git's ignore rules and its
 * stat comparison, racy entries included). They run in the background: the scan before a command
 * while the command is judged; the scan after it in the same process, which has waited since
 * (forked once per command: a fork of this Node process costs more than git's own start). The
 * identity of the index is taken when a scan starts: the snapshot uses a listing only if the index
 * is still that file. The waiting process is reachable only through its pipes (a contained command
 * runs in a PID namespace of its own and cannot see it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { trustedSh } from '../config/trusted-bash.js';
import { gitEnv, trustedGit, type Store } from './git-store.js';

/** What differs between the store's index and the disk: untracked (?), modified (C), removed (R). */
export const LS_FILES = ['ls-files', '-t', '-z', '-o', '-m', '-d', '--exclude-standard'];

/** Identifies the index file's current version (git replaces it on every write). */
export function indexStamp(store: Store): string {
  try {
    const st = statSync(join(store.gitDir, 'index'));
    return `${st.mtimeMs} ${st.size} ${st.ino}`;
  } catch {
    return 'none';
  }
}

/** A scan started ahead of time (while the command is judged): the listing, or why it failed. */
export interface Prescan {
  stamp: string;
  /** When it started (Date.now()). */
  started: number;
  listing: Promise<Buffer | Error>;
}

/**
 * An early scan older than this is not used: a file changed between the scan and the command
 * would count as the command's change (a human's prompt can take that long).
 */
export const PRESCAN_FRESH_MS = 1000;

/** Collects `child`'s stdout; resolves to it, or to an Error with its stderr, once it ended. */
function collect(child: ChildProcess, what: string, ended?: () => Error | null): Promise<Buffer | Error> {
  return new Promise((done) => {
    const out: Buffer[] = [];
    let err = '';
    child.stdout!.on('data', (d: Buffer) => out.push(d));
    child.stderr!.on('data', (d: Buffer) => (err += d.toString('utf8')));
    child.on('error', (e) => done(e));
    child.on('close', (code) => done(ended?.() ?? (code === 0 ? Buffer.concat(out) : new Error(`git ${what} failed: ${err.trim() || `status ${code}`}`))));
  });
}

/**
 * Starts the disk-versus-index scan in the background. (One `ls-files`: measured here, a
 * `diff-files` that stats on threads beside an `ls-files -o` was slower on two busy cores.)
 */
export function startScan(store: Store): Prescan {
  const stamp = indexStamp(store);
  const started = Date.now();
  try {
    const child = spawn(trustedGit(), LS_FILES, { env: gitEnv(store), cwd: store.root, stdio: ['ignore', 'pipe', 'pipe'] });
    return { stamp, started, listing: collect(child, LS_FILES[0]) };
  } catch (e) {
    return { stamp, started, listing: Promise.resolve(e as Error) };
  }
}

/** The scan after the command, waiting in its process: `start` begins it (once); `cancel` ends it unscanned. */
export interface ArmedScan {
  start(): Prescan;
  cancel(): void;
  /** Its process. */
  readonly pid: number | undefined;
}

/**
 * The script of the process that scans twice: git with its listing on fd 3 and its status after
 * the listing's last NUL (`status N`), then, once `go` comes on stdin, git again as itself
 * (listing on stdout); anything else on stdin, its end included, ends it unscanned.
 */
const TWICE = '"$0" "$@" <&- >&3 3>&-; printf "status %s" "$?" >&3; exec 3>&-; read -r go || exit 125; [ "$go" = go ] || exit 125; exec "$0" "$@"';

/** The listing written on fd 3 by TWICE's first git, or an Error. */
function firstListing(data: Buffer, stderr: () => string): Buffer | Error {
  const last = data.lastIndexOf(0);
  const m = /^status (\d+)$/.exec(data.toString('latin1', last + 1));
  if (m?.[1] === '0') return data.subarray(0, last + 1);
  return new Error(`git ${LS_FILES[0]} failed: ${stderr().trim() || (m ? `status ${m[1]}` : 'the scan process ended early')}`);
}

/**
 * The scans before and after a command from one process forked now: the first runs at once, the
 * second waits for `start`. Forking this (large) Node process costs more than the scan's own
 * start; this way it is paid once per command, and not after the command, when the agent waits.
 * While it waits it does not keep this process alive. Without a trusted sh: startScan, and no
 * armed scan.
 */
export function startScans(store: Store): { before: Prescan; after: ArmedScan | null } {
  const sh = trustedSh();
  if (!sh) return { before: startScan(store), after: null };
  const stamp = indexStamp(store);
  const at = Date.now();
  let child: ChildProcess;
  try {
    child = spawn(sh, ['-c', TWICE, trustedGit(), ...LS_FILES], { env: gitEnv(store), cwd: store.root, stdio: ['pipe', 'pipe', 'pipe', 'pipe'] });
  } catch (e) {
    return { before: { stamp, started: at, listing: Promise.resolve(e as Error) }, after: null };
  }
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString('utf8')));
  child.stdin!.on('error', () => {}); // it ended first: its listings say so
  const handles = [child, child.stdin, child.stdout, child.stderr] as { ref?: () => void; unref?: () => void }[];
  const first = new Promise<Buffer | Error>((done) => {
    const out: Buffer[] = [];
    const fd3 = child.stdio[3] as NodeJS.ReadableStream;
    fd3.on('data', (d: Buffer) => out.push(d));
    fd3.on('end', () => done(firstListing(Buffer.concat(out), () => err)));
    fd3.on('error', (e) => done(e));
    child.on('error', (e) => done(e));
  }).then((r) => {
    for (const h of handles) h.unref?.(); // waits for the command without holding this process
    return r;
  });
  let started = false;
  let errBefore = 0;
  // The second listing; ended before it was started (killed, a broken sh): no listing of the disk now.
  const second = new Promise<Buffer | Error>((done) => {
    const out: Buffer[] = [];
    child.stdout!.on('data', (d: Buffer) => out.push(d));
    child.on('error', (e) => done(e));
    child.on('close', (code) => {
      if (!started) return done(new Error('the scan process ended before the command did'));
      done(code === 0 ? Buffer.concat(out) : new Error(`git ${LS_FILES[0]} failed: ${err.slice(errBefore).trim() || `status ${code}`}`));
    });
  });
  const after: ArmedScan = {
    pid: child.pid,
    start(): Prescan {
      if (started) throw new Error('the scan after the command was started twice');
      for (const h of handles) h.ref?.();
      const s = indexStamp(store);
      const t = Date.now();
      started = true;
      errBefore = err.length;
      child.stdin!.end('go\n');
      return { stamp: s, started: t, listing: second };
    },
    cancel(): void {
      if (!started) child.stdin!.end();
    },
  };
  return { before: { stamp, started: at, listing: first }, after };
}
