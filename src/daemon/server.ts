/*!
 * The classifier daemon: a shellgate-sh or hook started on demand keeps the engine loaded, so
 * that each later `shellgate-sh -c …` or `shellgate hook AGENT` only asks it over a unix socket
 * instead of loading tree-sitter, the rules and the engine again (≈40 ms per agent command); it also
 * plans the container of `shellgate-contain` (a hook-judged command, daemon/contain.ts), and takes
 * the undo snapshot after a recorded command and logs its effect for shellgate-sh when it can do so
 * at once (undo/record-after.ts: its code is warm here, and its log synced in its batch). It
 * decides exactly as they do in-process (decideUnit, hookOutput: same rules, loaded again when a file changed;
 * same audit log and approval queue) and leaves the terminal prompt to its client. It exits after SHELLGATE_DAEMON_IDLE_MS without a
 * call (default 10 minutes). Anything that goes wrong on either side makes the client decide
 * in-process: the daemon is only ever a faster path to the same answer.
 */
import { existsSync, mkdirSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createConnection, createServer, type Socket } from 'node:net';
import type { GateContext } from '../gate/gate-call.js';
import {
  MAX_MESSAGE,
  PROTOCOL,
  type DaemonAnswer,
  type DaemonAuditRequest,
  type DaemonContainOnlyRequest,
  type DaemonHookRequest,
  type DaemonQuestion,
  type DaemonUndoAfterRequest,
} from './protocol.js';
import { appendAuditEvent } from '../audit/log.js';
import { afterJobFromWire, effectEntryFromWire, recordAfter } from '../undo/record-after.js';
import { storeFor } from '../undo/git-store.js';
import { HOOK_ADAPTERS, hookOutput } from '../hooks/run.js';
import { decideUnit, type ShIo } from '../sh/decide.js';
import { unitContext } from '../sh/units.js';
import { answerMac, daemonKey } from './auth.js';
import { containForClient } from './contain.js';
import { containmentNote, scopeNote } from '../contain/index.js';
import { loadGrammar } from '../engine/load-engine.js';

/** The answer line: the answer's JSON and its MAC for the request's nonce (daemon/auth.ts). */
function signed(answerValue: DaemonAnswer, nonce: unknown): string {
  const text = JSON.stringify(answerValue);
  const mac = typeof nonce === 'string' ? answerMac(daemonKey(), nonce, text) : '';
  return JSON.stringify({ text, mac }) + '\n';
}

async function answerHook(req: DaemonHookRequest): Promise<DaemonAnswer> {
  const adapter = Object.hasOwn(HOOK_ADAPTERS, req.agent) ? HOOK_ADAPTERS[req.agent] : undefined;
  if (!adapter || typeof req.raw !== 'string') return { outcome: 'error', stderr: '' };
  const out = await hookOutput(adapter, req.raw, req.env, req.cwd, req.pid);
  return { outcome: 'hook', stdout: out.stdout, stderr: out.stderr ?? '', exitCode: out.exitCode };
}

/** shellgate-contain's container (its command was judged by the hook); no containment: the client plans. */
async function answerContain(req: DaemonContainOnlyRequest): Promise<DaemonAnswer> {
  const containment = req.contain && typeof req.cwd === 'string' ? await containForClient(req.contain, req.cwd, req.env) : undefined;
  return containment ? { outcome: 'contain', stderr: '', containment } : { outcome: 'error', stderr: '' };
}

/** A client's entry of a command's effect, appended to the log in the daemon's batch (only that kind, only its fields). */
function answerAudit(req: DaemonAuditRequest): DaemonAnswer {
  const e = effectEntryFromWire(req.event);
  if (!e) return { outcome: 'error', stderr: '' };
  return appendAuditEvent({ ...e, viaDaemon: true }).ok ? { outcome: 'logged', stderr: '' } : { outcome: 'error', stderr: '' };
}

/** shellgate-sh's snapshot after a command, when it can be taken here (record-after.ts); else the client takes it. */
async function answerUndoAfter(req: DaemonUndoAfterRequest): Promise<DaemonAnswer> {
  const job = afterJobFromWire(req.job);
  if (!job) return { outcome: 'error', stderr: '' };
  const store = storeFor(job.projectRoot, process.env);
  if (!existsSync(join(store.gitDir, 'HEAD'))) return { outcome: 'error', stderr: '' };
  const say = await recordAfter(store, job, { daemon: true });
  return say === null ? { outcome: 'error', stderr: '' } : { outcome: 'recorded', stderr: say };
}

/** The answer to one request (exported for tests and the benchmark). */
export async function answer(req: DaemonQuestion): Promise<DaemonAnswer> {
  if (req.v !== PROTOCOL) return { outcome: 'error', stderr: '' };
  if (req.kind === 'hook') return answerHook(req);
  if (req.kind === 'contain') return answerContain(req);
  if (req.kind === 'audit') return answerAudit(req);
  if (req.kind === 'undo-after') return answerUndoAfter(req);
  let stderr = '';
  const io: ShIo = { say: (t) => (stderr += t), human: req.human, deferPrompt: true };
  // Advisory mode: planned first, so that the audit entries say when the commands run uncontained.
  const early = req.contain?.advisory === true ? await containForClient(req.contain, req.cwd, req.env) : undefined;
  // Otherwise the container is planned after the command was judged and logged: whether it will be scoped is known now.
  const contained = early ? containmentNote(early) : req.contain ? scopeNote() : undefined;
  const note = [typeof req.note === 'string' ? req.note : undefined, contained].filter(Boolean).join('; ') || undefined;
  const base: GateContext = {
    cwd: req.cwd,
    env: req.env,
    actor: req.actor,
    agent: req.agent,
    source: 'shellgate-sh',
    sessionId: req.sessionId,
    pid: req.pid,
    note,
  };
  for (const u of req.units) {
    const outcome = await decideUnit(u.text, u.what, unitContext(base, u), io, u.key);
    if (outcome !== 'run') return { outcome, stderr };
  }
  const last = req.units[req.units.length - 1];
  let ran: DaemonAnswer = { outcome: 'run', stderr };
  if (req.vault !== undefined && last) {
    const { planInjection } = await import('../sh/vault-plan.js');
    const plan = await planInjection(last, unitContext(base, last), req.vault === true);
    ran = { outcome: plan.outcome, stderr: stderr + plan.stderr, inject: plan.inject };
  }
  if (ran.outcome !== 'run' || !req.contain) return ran;
  const containment = req.contain.advisory === true ? early : await containForClient(req.contain, req.cwd, req.env);
  return containment ? { ...ran, containment } : ran;
}

function serve(conn: Socket, touch: () => void): void {
  let buf = '';
  conn.setEncoding('utf8');
  conn.on('error', () => conn.destroy());
  conn.on('data', (chunk: string) => {
    buf += chunk;
    if (buf.length > MAX_MESSAGE) return conn.destroy();
    const nl = buf.indexOf('\n');
    if (nl < 0) return;
    conn.removeAllListeners('data');
    touch();
    let req: DaemonQuestion;
    try {
      req = JSON.parse(buf.slice(0, nl)) as DaemonQuestion;
    } catch {
      return conn.end(signed({ outcome: 'error', stderr: '' }, undefined));
    }
    answer(req).then(
      (a) => conn.end(signed(a, req.nonce)),
      () => conn.end(signed({ outcome: 'error', stderr: '' }, req.nonce)),
    );
  });
}

/** True when a live daemon answers on `path`. */
function alive(path: string): Promise<boolean> {
  return new Promise((done) => {
    const c = createConnection(path, () => (c.destroy(), done(true)));
    c.on('error', () => done(false));
  });
}

/** How long the daemon waits for a call before it exits: SHELLGATE_DAEMON_IDLE_MS, default 10 minutes. */
function configuredIdleMs(): number {
  // An agent can set this for a daemon it starts; it only decides when the daemon exits (every
  // call re-reads the rules, and a client without a daemon decides the same way in-process).
  const ms = Number(process.env.SHELLGATE_DAEMON_IDLE_MS);
  return ms > 0 ? ms : 10 * 60_000;
}

/** Entry point: `main([socketPath])`. Runs until idle (`opts.idleMs`: tests give a short one). */
export async function main(argv: string[], opts: { idleMs?: number } = {}): Promise<void> {
  const path = argv[0];
  if (!path) process.exit(2);
  process.umask(0o077);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const idleMs = opts.idleMs ?? configuredIdleMs();
  let timer: NodeJS.Timeout | undefined;
  const server = createServer((conn) => serve(conn, touch));
  const stop = () => {
    server.close();
    try {
      unlinkSync(path);
    } catch {
      /* gone already */
    }
    process.exit(0);
  };
  function touch(): void {
    if (timer) clearTimeout(timer);
    timer = setTimeout(stop, idleMs);
  }
  const listen = () => new Promise<void>((ok, fail) => server.once('error', fail).listen(path, () => ok()));
  await loadGrammar();
  try {
    await listen();
  } catch (err) {
    // A socket left by a daemon that died: take its place; a live daemon: leave it be.
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || (await alive(path))) process.exit(0);
    unlinkSync(path);
    await listen().catch(() => process.exit(0));
  }
  touch();
  for (const s of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(s, stop);
}
