/*!
 * The scans of a snapshot (snapshot.ts): which paths differ between the store's index and the
 * disk (untracked, modified, removed; git's ignore rules and its stat comparison, racy entries
 * included). They run in the background: the scan before a command while the command is judged;
 * the scan after it in the same process, which has waited since (forked once per command: a fork
 * of this Node process costs more than git's own start). Each is one `ls-files -o -m -d`, or,
 * when a core is free as it starts (coreFree: usually after the command, while the agent waits),
 * two gits side by side, `diff-files` (its stat calls on threads) beside `ls-files -o`, merged by
 * scan-listing.ts. The identity of the index is taken when a scan starts: the snapshot uses a
 * listing only if the index is still that file. The waiting process is reachable only through its
 * pipes (a contained command runs in a PID namespace of its own and cannot see it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { trustedSh } from '../config/trusted-bash.js';
import { gitEnv, trustedGit, type Store } from './git-store.js';
import { mergeSideBySide, oneListing, trailed } from './scan-listing.js';
import { withDeadline } from './scan-deadline.js';

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

/** Starts the disk-versus-index scan in the background (one `ls-files`: without a trusted sh). */
export function startScan(store: Store): Prescan {
  const stamp = indexStamp(store);
  const started = Date.now();
  try {
    const child = spawn(trustedGit(), LS_FILES, { env: gitEnv(store), cwd: store.root, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    return { stamp, started, listing: withDeadline(collect(child, LS_FILES[0]), child, store.root) };
  } catch (e) {
    return { stamp, started, listing: Promise.resolve(e as Error) };
  }
}

/** The scan after the command, waiting in its process: `start` begins it (once; two gits or one, by default as coreFree says); `cancel` ends it unscanned. */
export interface ArmedScan {
  start(sideBySide?: boolean): Prescan;
  cancel(): void;
  /** Its process. */
  readonly pid: number | undefined;
}

const DIFF_FILES = 'diff-files --name-status -z';
const OTHERS = 'ls-files -t -z -o --exclude-standard';

/**
 * The script of the process that scans twice, each time (as a word says: `$1` for the first, a
 * line on stdin for the second) one ls-files, or two gits side by side (while a core is free):
 * diff-files in the background, its listing then `status N <stderr>`, beside ls-files -o, waited
 * for. The first scan runs at once: ls-files' listing then `status N` on fd 3, diff-files' on fd
 * 4. The second starts when its word comes (anything else, the end of stdin included, ends it
 * unscanned): ls-files' listing on stdout (its status this process's), diff-files' on fd 5.
 * Warnings of ls-files are dropped: only its status counts (the snapshot scans again when it
 * failed).
 */
const TWICE = [
  'if [ "$1" = two ]; then',
  `  { e=$("$0" ${DIFF_FILES} 2>&1 >&4 4>&-); printf "status %s %s" "$?" "$e" >&4; } <&- >&- 3>&- 5>&- &`,
  `  "$0" ${OTHERS} <&- >&3 2>/dev/null 3>&- 4>&- 5>&-`,
  'else',
  `  "$0" ${LS_FILES.join(' ')} <&- >&3 2>/dev/null 3>&- 4>&- 5>&-`,
  'fi',
  'printf "status %s" "$?" >&3; exec 3>&- 4>&-',
  'read -r go || exit 125',
  `[ "$go" = one ] && exec "$0" ${LS_FILES.join(' ')} <&- 2>/dev/null 5>&-`,
  '[ "$go" = two ] || exit 125',
  `{ e=$("$0" ${DIFF_FILES} 2>&1 >&5 5>&-); printf "status %s %s" "$?" "$e" >&5; } <&- >&- &`,
  `"$0" ${OTHERS} <&- 2>/dev/null 5>&-; s=$?; exec 5>&-; wait; exit $s`,
].join('\n');

/**
 * Whether a core is free now besides this process's (`/proc/loadavg`: tasks running): then a scan
 * is two gits side by side, ≈2–3 ms faster here; on cores all busy (a loaded host) it was ≈1 ms
 * slower than one `ls-files` (it costs ≈3 ms more CPU). Unknown: no.
 */
export function coreFree(): boolean {
  try {
    const running = Number(readFileSync('/proc/loadavg', 'latin1').split(' ')[3]?.split('/')[0]);
    return running >= 1 && running - 1 < availableParallelism() - 1;
  } catch {
    return false;
  }
}

/** All of a stream, once it ended (or the bytes so far, when it failed). */
function drain(s: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((done) => {
    const out: Buffer[] = [];
    s.on('data', (d: Buffer) => out.push(d));
    s.on('end', () => done(Buffer.concat(out)));
    s.on('error', () => done(Buffer.concat(out)));
  });
}

/**
 * The scans before and after a command from one process forked now: the first runs at once, the
 * second waits for `start`. Forking this (large) Node process costs more than the scan's own
 * start; this way it is paid once per command, and not after the command, when the agent waits.
 * While it waits it does not keep this process alive. Without a trusted sh: startScan, and no
 * armed scan.
 */
export function startScans(store: Store, sideBySide = coreFree()): { before: Prescan; after: ArmedScan | null } {
  const sh = trustedSh();
  if (!sh) return { before: startScan(store), after: null };
  const stamp = indexStamp(store);
  const at = Date.now();
  let child: ChildProcess;
  try {
    const args = ['-c', TWICE, trustedGit(), sideBySide ? 'two' : 'one'];
    // Its own process group: a scan that runs out of time is killed with its gits (scan-deadline.ts).
    child = spawn(sh, args, { env: gitEnv(store), cwd: store.root, stdio: ['pipe', 'pipe', 'pipe', 'pipe', 'pipe', 'pipe'], detached: true });
  } catch (e) {
    return { before: { stamp, started: at, listing: Promise.resolve(e as Error) }, after: null };
  }
  const [fd3, fd4, fd5] = [3, 4, 5].map((i) => child.stdio[i] as NodeJS.ReadableStream);
  child.stdin!.on('error', () => {}); // it ended first: its listings say so
  child.stderr!.resume(); // only the sh's own complaints: each git's status and diff-files' stderr come with its listing
  const handles = [child, child.stdin, child.stdout, child.stderr, fd5] as { ref?: () => void; unref?: () => void }[];
  const spawnError = new Promise<Error>((done) => child.on('error', done));
  const listed = Promise.all([drain(fd3), drain(fd4)]).then(([ls, diff]) =>
    sideBySide ? mergeSideBySide(trailed(ls), trailed(diff)) : oneListing(trailed(ls)),
  );
  const first = withDeadline(Promise.race([spawnError, listed]), child, store.root).then((r) => {
    for (const h of handles) h.unref?.(); // waits for the command without holding this process
    return r;
  });
  let mode: 'one' | 'two' | null = null;
  // The second listing; ended before it was started (killed, a broken sh): no listing of the disk now.
  const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  const second = Promise.race([
    spawnError,
    Promise.all([drain(child.stdout!), drain(fd5), exited]).then(([out, diff, code]) => {
      if (!mode) return new Error('the scan process ended before the command did');
      const own = code === null ? null : { body: out, status: code, said: '' };
      return mode === 'one' ? oneListing(own) : mergeSideBySide(own, trailed(diff));
    }),
  ]);
  const after: ArmedScan = {
    pid: child.pid,
    start(sideBySide = coreFree()): Prescan {
      if (mode) throw new Error('the scan after the command was started twice');
      for (const h of handles) h.ref?.();
      const s = indexStamp(store);
      const t = Date.now();
      mode = sideBySide ? 'two' : 'one';
      child.stdin!.end(`${mode}\n`);
      return { stamp: s, started: t, listing: withDeadline(second, child, store.root) };
    },
    cancel(): void {
      if (!mode) child.stdin!.end();
    },
  };
  return { before: { stamp, started: at, listing: first }, after };
}
