/*!
 * The client side of the classifier daemon (daemon/server.ts), shared by shellgate-sh (sh/fast.ts)
 * and `shellgate hook AGENT` (hooks/fast.ts): where its socket is, asking it, and starting one
 * for the next call. Every failure comes back as "no answer", and the caller decides in-process.
 */
import { accessSync, constants as fsConstants, existsSync, lstatSync } from 'node:fs';
import { createConnection } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { daemonSocket, MAX_MESSAGE, PROTOCOL, type DaemonAnswer, type DaemonQuestion } from './protocol.js';
import type { AuditEventInput } from '../audit/types.js';
import type { WireAfterJob } from '../undo/record-after.js';
import { checkAnswerMac, daemonKey, newNonce, prepareAnswerCheck } from './auth.js';
import { builtin } from '../util/builtin.js';

// import.meta.dirname: Node ≥ 20.11, and free in the CommonJS bundles (scripts/bundle.mjs).
const BUNDLE_DIR = import.meta.dirname ?? dirname(fileURLToPath(import.meta.url));
/** How long to wait for the daemon's answer before deciding in-process. */
const ANSWER_TIMEOUT_MS = 5000;

/** The daemon's socket for this install and env, or null (turned off, no place for one). */
export function socketFor(env: NodeJS.ProcessEnv): string | null {
  if (env.SHELLGATE_DAEMON === '0') return null;
  try {
    return daemonSocket(BUNDLE_DIR, env);
  } catch {
    return null;
  }
}

/** A socket of ours: our uid, a socket (not a file or link planted in its place). */
function ours(path: string): boolean {
  try {
    const st = lstatSync(path);
    return st.isSocket() && (typeof process.getuid !== 'function' || st.uid === process.getuid());
  } catch {
    return false;
  }
}

/** The daemon's answer, or null when there is none to be had (and then a daemon is started for next time). */
export async function askDaemon(path: string, req: DaemonQuestion): Promise<DaemonAnswer | null> {
  return sendToDaemon(path, req).answer;
}

/**
 * askDaemon in two steps: `sent` resolves once the request is on its way (or failed), so that the
 * caller can do its own work while the daemon judges; `answer` as askDaemon's.
 */
export function sendToDaemon(path: string, req: DaemonQuestion): { sent: Promise<void>; answer: Promise<DaemonAnswer | null> } {
  let key: Buffer;
  try {
    key = daemonKey();
  } catch {
    return { sent: Promise.resolve(), answer: Promise.resolve(null) }; // no key, no proof: judge in-process
  }
  const nonce = newNonce();
  let sent: () => void = () => {};
  const sentP = new Promise<void>((ok) => (sent = ok));
  const pending = ours(path) ? ask(path, { ...req, nonce }, key, nonce, () => sent()) : Promise.resolve(null);
  const answer = pending.then((a) => {
    sent();
    if (!a) startDaemon(path);
    return a;
  });
  return { sent: Promise.race([sentP, answer.then(() => undefined)]), answer };
}

/** The answer inside a signed line, or null when the line is not one the daemon signed. */
function verified(line: string, key: Buffer, nonce: string): DaemonAnswer | null {
  const outer = JSON.parse(line) as { text?: unknown; mac?: unknown };
  if (typeof outer?.text !== 'string' || !checkAnswerMac(key, nonce, outer.text, outer.mac)) return null;
  const a = JSON.parse(outer.text) as DaemonAnswer;
  return typeof a?.outcome === 'string' && typeof a.stderr === 'string' ? a : null;
}

function ask(path: string, req: DaemonQuestion, key: Buffer, nonce: string, onSent: () => void): Promise<DaemonAnswer | null> {
  return new Promise((done) => {
    let buf = '';
    let settled = false;
    const finish = (a: DaemonAnswer | null) => {
      if (settled) return;
      settled = true;
      // Closed once the caller is on its way: closing a socket initializes process.stderr
      // (node:net checks `this !== process.stderr`), a stream of its own when stderr is a pipe.
      setImmediate(() => conn.destroy());
      done(a);
    };
    const conn = createConnection(path, () => {
      conn.write(JSON.stringify(req) + '\n', () => onSent());
      prepareAnswerCheck(); // while the daemon judges
    });
    conn.setEncoding('utf8');
    conn.setTimeout(ANSWER_TIMEOUT_MS, () => finish(null));
    conn.on('error', () => finish(null));
    conn.on('data', (c: string) => {
      buf += c;
      if (buf.length > MAX_MESSAGE) return finish(null);
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      try {
        finish(verified(buf.slice(0, nl), key, nonce));
      } catch {
        finish(null);
      }
    });
    conn.on('end', () => finish(null));
  });
}

/** A request whose answer the caller can do without (no daemon is started): the answer, or null. */
async function tell(path: string, req: DaemonQuestion): Promise<DaemonAnswer | null> {
  let key: Buffer;
  try {
    key = daemonKey();
  } catch {
    return null;
  }
  const nonce = newNonce();
  return ours(path) ? ask(path, { ...req, nonce }, key, nonce, () => {}) : null;
}

/** Hands `event` (a command's effect) to the daemon for its audit log. False when it did not take it: the caller appends it itself. */
export async function logThroughDaemon(path: string, event: AuditEventInput): Promise<boolean> {
  return (await tell(path, { v: PROTOCOL, kind: 'audit', event }))?.outcome === 'logged';
}

/** Has the daemon take the snapshot after a command: what to tell the agent, or null when the caller takes it itself. */
export async function snapshotThroughDaemon(path: string, job: WireAfterJob): Promise<string | null> {
  const a = await tell(path, { v: PROTOCOL, kind: 'undo-after', job });
  return a?.outcome === 'recorded' ? a.stderr : null;
}

/** Starts a daemon for the next calls (detached; it outlives us and exits when idle). */
function startDaemon(path: string): void {
  try {
    // Not where it could not listen anyway (a read-only state dir, as inside the sandbox).
    const dir = dirname(path);
    if (existsSync(dir)) accessSync(dir, fsConstants.W_OK);
    const loader = JSON.stringify(join(BUNDLE_DIR, 'loader.cjs'));
    const code = `require(${loader}).loadEntry('sh-daemon').main([${JSON.stringify(path)}])`;
    builtin('node:child_process').spawn(process.execPath, ['-e', code], { detached: true, stdio: 'ignore', cwd: '/' }).unref();
  } catch {
    /* no daemon: every call decides in-process */
  }
}
