/*!
 * shellgate-sh's entry (dist/bundle/sh.cjs): asks the classifier daemon (sh-daemon.ts) when one
 * runs, so that the engine is not loaded again for every command, and otherwise — or for
 * anything out of the ordinary: stdin, an interactive shell, the sandbox, a prompt for the human
 * at this terminal, any failure of the daemon — hands over to the in-process shellgate-sh
 * (sh-main.ts, dist/bundle/sh-full.cjs), starting a daemon for the next call.
 * `SHELLGATE_DAEMON=0` keeps everything in-process.
 */
import { existsSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { detectActor, SESSION_ENV } from '../config/actor.js';
import { configDir } from '../config/paths.js';
import { PROTOCOL, type DaemonRequest } from './daemon-protocol.js';
import { askDaemon, socketFor } from './daemon-client.js';
import { exitLike, findBash, spawnBash } from './exec-bash.js';
import { parseShArgs, type ShInvocation } from './sh-args.js';
import { BLOCKED_STATUS } from './blocked-status.js';
import { sessionIdFor, unitsFor } from './sh-units.js';
import { stringEnv } from '../util/string-env.js';
import { isatty } from 'node:tty';

type Load = (name: 'sh-full') => { main(argv: string[]): Promise<void> };

function eligible(inv: ShInvocation, env: NodeJS.ProcessEnv): boolean {
  if (env.SHELLGATE_SANDBOX === '1') return false;
  if (inv.mode !== 'command' && inv.mode !== 'script') return false;
  return !existsSync(join(configDir(env), 'sandbox.yaml'));
}

/** Entry point of bin/shellgate-sh.cjs. Exits the process itself. */
export async function main(argv: string[], load: Load): Promise<void> {
  const env = process.env;
  const inv = parseShArgs(argv);
  const path = eligible(inv, env) ? socketFor(env) : null;
  if (!path) return load('sh-full').main(argv);
  const who = detectActor(env);
  const sessionId = sessionIdFor(env, who.session);
  const human = isatty(0) && isatty(2) && who.kind === 'human';
  const req: DaemonRequest = { v: PROTOCOL, units: unitsFor(inv, env), cwd: process.cwd(), env: stringEnv(env), actor: who.kind, agent: who.agent, sessionId, human, pid: process.pid };
  const answer = await askDaemon(path, req);
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
