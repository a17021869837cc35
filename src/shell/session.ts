/*!
 * The guarded interactive shell: a real bash in a PTY between the user's terminal and shellgate.
 * Bytes pass through both ways (binary-safe, with backpressure); the window size follows the
 * terminal; keystrokes reach bash only once its integration script has said hello, so a missing
 * or broken hook means no command runs. Lines arrive on the private channel and are answered by
 * the Gatekeeper. When bash exits, shellgate exits with its status; if bash dies, with a message.
 */
import { loadEngine, loadGrammar, type Engine } from '../engine/load-engine.js';
import { detectActor } from '../config/actor.js';
import { UserError } from '../core/user-error.js';
import type { ConfirmRequest } from '../ui/confirm/confirm-types.js';
import { AuditTrail } from './audit-trail.js';
import { planLaunch } from './bash-launch.js';
import { GateServer } from './gate-server.js';
import { Gatekeeper } from './gatekeeper.js';
import { afterCommandCheck } from './contained-session.js';
import { bannerNotice, warningNotice } from './notices.js';
import { OuterTerminal } from './outer-terminal.js';
import { PtyBridge, type BridgeResult } from './pty-bridge.js';
import { spawnPty, type PtyLike } from './pty.js';

export interface ShellSessionOptions {
  /** Treat the session as an agent's: keystrokes never approve. */
  agent: boolean;
  sandbox: boolean;
  rulesetFiles: string[];
}

/** How long bash may take to load ~/.bashrc and install the hook. */
const HELLO_TIMEOUT_MS = Number(process.env.SHELLGATE_HELLO_TIMEOUT_MS) || 20_000;
const SIGNAL_NAMES: Record<number, string> = { 1: 'SIGHUP', 2: 'SIGINT', 6: 'SIGABRT', 9: 'SIGKILL', 11: 'SIGSEGV', 15: 'SIGTERM' };

/**
 * Loads (and caches) the engine for each working directory; the first load must succeed. The SQL
 * parser (libpg-query, ≈11 MB resident, ≈60 ms to load) is not loaded here: loading starts on the
 * first keystroke and every line waits for it before it is judged (`beforeJudge`), so every
 * verdict is given with it, and a shell that was opened and left idle never pays for it.
 */
function engineCache(rulesetFiles: string[]): (cwd: string) => Engine {
  const engines = new Map<string, Engine>();
  const get = (cwd: string): Engine => {
    let e = engines.get(cwd);
    if (!e) {
      e = loadEngine({ cwd, rulesetFiles });
      if (engines.size > 64) engines.clear();
      engines.set(cwd, e);
    }
    return e;
  };
  try {
    get(process.cwd());
  } catch (err) {
    throw new UserError(`the rules do not load, so the shell will not start: ${(err as Error).message}`, 1);
  }
  return get;
}

/** Waits until output the PTY already produced has been written (bash clears its line first). */
function settle(): Promise<void> {
  return new Promise((r) => setImmediate(() => setImmediate(r)));
}

/** Runs the guarded shell until bash exits; resolves with the exit status. */
export async function runShellSession(opts: ShellSessionOptions): Promise<number> {
  await loadGrammar();
  const engineFor = engineCache(opts.rulesetFiles);
  const firstEngine = engineFor(process.cwd());
  const sqlReady = () => firstEngine.ready().catch(() => {});
  const actor = detectActor(process.env, opts.agent);
  const plan = planLaunch({ sandbox: opts.sandbox, cwd: process.cwd(), contain: actor.kind === 'agent' });
  const terminal = new OuterTerminal(process.stdin, process.stdout);
  if (process.env.SHELLGATE_BANNER !== '0') process.stdout.write(bannerNotice({ sandbox: opts.sandbox, agent: actor.kind === 'agent' }));
  let pty: PtyLike;
  try {
    pty = spawnPty(plan.file, plan.args, { ...terminal.size(), cwd: plan.cwd, env: plan.env });
  } catch (err) {
    plan.channel.close();
    throw new UserError(`cannot start ${plan.file}: ${(err as Error).message}`, 1);
  }
  const bridge = new PtyBridge(pty, terminal, HELLO_TIMEOUT_MS);
  // Messages of the guard's own wait until bash's output so far is on screen, then go before the reply.
  const notes: string[] = [];
  const notify = (t: string) => notes.push(t);
  const flushNotes = async () => {
    if (notes.length === 0) return;
    await settle();
    terminal.notice(notes.splice(0).join(''));
  };
  const confirm = async (req: ConfirmRequest) => {
    const { confirmInTerminal } = await import('../ui/mount.js');
    await flushNotes();
    await settle();
    bridge.pause('prompt');
    try {
      return await confirmInTerminal(req, terminal);
    } finally {
      bridge.unpause('prompt');
    }
  };
  const audit = new AuditTrail(plan.sessionId, { kind: actor.kind, agent: actor.agent }, (m) => notify(warningNotice(m)));
  const canPrompt = actor.kind === 'human' && terminal.interactive;
  // Said at once (bash does not wait for the guard after a command): the agent reads it under its output.
  const check = afterCommandCheck(plan.contained, (text) => {
    notify(text);
    void flushNotes();
  });
  const gatekeeper = new Gatekeeper({ engineFor, actor, canPrompt, confirm, notify, audit, bash: plan.bash, afterCommand: check && (() => check()) });
  new GateServer(plan.channel, plan.token, gatekeeper, {
    beforeJudge: sqlReady,
    onHello: () => bridge.open(),
    onRefuse: (m) => bridge.fail(`the shell integration failed: ${m}`),
    beforeReply: flushNotes,
  }).start();
  const running = bridge.run();
  // A key typed means a line is coming: the SQL parser starts loading (judging waits for it).
  terminal.stdin.once('data', () => void sqlReady());
  const result = await running;
  // The container is gone with bash: what its last processes wrote is checked once more.
  check?.((text) => process.stderr.write(text.replaceAll('\n', '\r\n')), true);
  audit.close(result.signal ? 128 + result.signal : result.exitCode);
  plan.channel.close();
  return finish(result);
}

/** The message (if any) and exit status once bash is gone. */
function finish({ failure, ready, exitCode, signal }: BridgeResult): number {
  const say = (m: string) => process.stderr.write(`\r\nshellgate: ${m}\r\n`);
  if (failure !== null) {
    say(`${failure}; no command was run.`);
    return 1;
  }
  if (!ready) {
    say(`bash exited (status ${signal ? 128 + signal : exitCode}) before the guard was installed; no command was run.`);
    return 1;
  }
  if (signal) {
    say(`bash was killed by signal ${signal}${SIGNAL_NAMES[signal] ? ` (${SIGNAL_NAMES[signal]})` : ''}; the guarded shell is closed.`);
    return 128 + signal;
  }
  return exitCode;
}
