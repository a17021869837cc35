/*!
 * shellgate-sh's entry (dist/bundle/sh.cjs): asks the classifier daemon (sh-daemon.ts) when one
 * runs, so that the engine is not loaded again for every command, and otherwise — or for
 * anything out of the ordinary: stdin, an interactive shell, the sandbox, a prompt for the human
 * at this terminal, any failure of the daemon — hands over to the in-process shellgate-sh
 * (sh-main.ts, dist/bundle/sh-full.cjs), starting a daemon for the next call.
 * `SHELLGATE_DAEMON=0` keeps everything in-process.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants as fsConstants, existsSync, lstatSync, writeSync } from 'node:fs';
import { createConnection } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectActor, SESSION_ENV } from '../config/actor.js';
import { configDir } from '../config/paths.js';
import { daemonSocket, MAX_MESSAGE, PROTOCOL, type DaemonAnswer, type DaemonRequest } from './daemon-protocol.js';
import { exitLike, findBash, spawnBash } from './exec-bash.js';
import { parseShArgs, type ShInvocation } from './sh-args.js';
import { BLOCKED_STATUS } from './blocked-status.js';
import { sessionIdFor, unitsFor } from './sh-units.js';
import { stringEnv } from '../util/string-env.js';
import { isatty } from 'node:tty';

type Load = (name: 'sh-full') => { main(argv: string[]): Promise<void> };

const BUNDLE_DIR = dirname(fileURLToPath(import.meta.url));
/** How long to wait for the daemon's answer before deciding in-process. */
const ANSWER_TIMEOUT_MS = 5000;

function eligible(inv: ShInvocation, env: NodeJS.ProcessEnv): boolean {
  if (env.SHELLGATE_DAEMON === '0' || env.SHELLGATE_SANDBOX === '1') return false;
  if (inv.mode !== 'command' && inv.mode !== 'script') return false;
  return !existsSync(join(configDir(env), 'sandbox.yaml'));
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

/** The daemon's answer, or null when there is none to be had. */
function ask(path: string, req: DaemonRequest): Promise<DaemonAnswer | null> {
  return new Promise((done) => {
    let buf = '';
    let settled = false;
    const finish = (a: DaemonAnswer | null) => {
      if (settled) return;
      settled = true;
      conn.destroy();
      done(a);
    };
    const conn = createConnection(path, () => conn.write(JSON.stringify(req) + '\n'));
    conn.setEncoding('utf8');
    conn.setTimeout(ANSWER_TIMEOUT_MS, () => finish(null));
    conn.on('error', () => finish(null));
    conn.on('data', (c: string) => {
      buf += c;
      if (buf.length > MAX_MESSAGE) return finish(null);
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      try {
        const a = JSON.parse(buf.slice(0, nl)) as DaemonAnswer;
        finish(typeof a?.outcome === 'string' && typeof a.stderr === 'string' ? a : null);
      } catch {
        finish(null);
      }
    });
    conn.on('end', () => finish(null));
  });
}

/** Starts a daemon for the next calls (detached; it outlives us and exits when idle). */
function startDaemon(path: string): void {
  try {
    // Not where it could not listen anyway (a read-only state dir, as inside the sandbox).
    const dir = dirname(path);
    if (existsSync(dir)) accessSync(dir, fsConstants.W_OK);
    const loader = JSON.stringify(join(BUNDLE_DIR, 'loader.cjs'));
    const code = `require(${loader}).loadEntry('sh-daemon').main([${JSON.stringify(path)}])`;
    spawn(process.execPath, ['-e', code], { detached: true, stdio: 'ignore', cwd: '/' }).unref();
  } catch {
    /* no daemon: every call decides in-process */
  }
}

/** Entry point of bin/shellgate-sh.cjs. Exits the process itself. */
export async function main(argv: string[], load: Load): Promise<void> {
  const env = process.env;
  const inv = parseShArgs(argv);
  let path: string | null = null;
  try {
    path = eligible(inv, env) ? daemonSocket(BUNDLE_DIR, env) : null;
  } catch {
    path = null;
  }
  if (!path) return load('sh-full').main(argv);
  const who = detectActor(env);
  const sessionId = sessionIdFor(env);
  const human = isatty(0) && isatty(2) && who.kind === 'human';
  const req: DaemonRequest = { v: PROTOCOL, units: unitsFor(inv, env), cwd: process.cwd(), env: stringEnv(env), actor: who.kind, agent: who.agent, sessionId, human };
  const answer = ours(path) ? await ask(path, req) : null;
  if (!answer) startDaemon(path);
  if (answer?.outcome === 'blocked') {
    writeSync(2, answer.stderr);
    process.exit(BLOCKED_STATUS);
  }
  if (answer?.outcome !== 'run') return load('sh-full').main(argv);
  const childEnv: NodeJS.ProcessEnv = { ...env, [SESSION_ENV]: sessionId };
  const bash = findBash(env, process.argv[1] ?? '');
  const child = spawnBash(bash, argv, { env: childEnv, stdin: 'inherit' });
  child.on('error', (err) => {
    writeSync(2, `shellgate-sh: cannot run ${bash}: ${err.message}\n`);
    process.exit(BLOCKED_STATUS);
  });
  child.on('exit', (code, signal) => exitLike(code, signal));
}
