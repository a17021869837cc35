/*!
 * `shellgate hook AGENT`'s entry (dist/bundle/hook-fast.cjs): reads the agent's payload and asks
 * the classifier daemon (daemon/server.ts) for the answer, so that the engine is not loaded again for
 * every tool call; with no daemon, or any failure of it, the in-process hook (hooks/main.ts,
 * dist/bundle/hook.cjs) answers the same payload, and a daemon is started for the next call.
 * `SHELLGATE_DAEMON=0` keeps everything in-process.
 */
import { plantedGuardMessage } from '../config/planted-env.js';
import { readFileSync, writeSync } from 'node:fs';
import { PROTOCOL, type DaemonHookRequest } from '../daemon/protocol.js';
import { askDaemon, socketFor } from '../daemon/client.js';
import { CODE_PATH, ranCodePath } from '../util/code-paths.js';
import { stringEnv } from '../util/string-env.js';

type Load = (name: 'hook') => { main(argv: string[], payload?: string): Promise<number> };

/** The agents the daemon answers for (anything else goes to the in-process hook, which explains); kept equal to HOOK_ADAPTERS' names by a test, without loading the adapters here. */
export const DAEMON_AGENTS: ReadonlySet<string> = new Set(['claude-code', 'gemini', 'gemini-cli', 'codex', 'copilot', 'opencode', 'cursor']);

/** Entry point of bin/shellgate.cjs for `shellgate hook AGENT`; resolves to the exit status. */
export async function main(argv: string[], load: Load): Promise<number> {
  const agent = argv[0] ?? '';
  // A guard variable planted in a project .env file: no daemon (its socket and key could be the
  // agent's); the in-process hook refuses in the agent's blocking form.
  if (plantedGuardMessage(process.env, process.cwd())) return load('hook').main(argv);
  const path = argv.length === 1 && DAEMON_AGENTS.has(agent) ? socketFor(process.env) : null;
  if (!path) return load('hook').main(argv);
  let raw: string;
  try {
    raw = readFileSync(0, 'utf8');
  } catch {
    return load('hook').main(argv); // it reads stdin itself and says what went wrong
  }
  const req: DaemonHookRequest = { v: PROTOCOL, kind: 'hook', agent, raw, cwd: process.cwd(), env: stringEnv(process.env), pid: process.pid };
  const answer = await askDaemon(path, req);
  if (answer?.outcome !== 'hook' || typeof answer.stdout !== 'string' || typeof answer.exitCode !== 'number') return load('hook').main(argv, raw);
  if (answer.stdout) writeSync(1, answer.stdout);
  if (answer.stderr) writeSync(2, answer.stderr);
  ranCodePath(CODE_PATH.answered); // for the code cache: util/code-paths.ts
  return answer.exitCode;
}
