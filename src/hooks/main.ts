/*!
 * `shellgate hook AGENT` as its own entry (dist/bundle/hook.cjs, loaded with a code cache by
 * bin/shellgate.cjs): the agent runs it before every shell command, so it skips the CLI's
 * dispatch. Anything that goes wrong ends in the agent's blocking answer, never in a plain crash
 * (an exit 1 lets the command through in Claude Code and Gemini CLI).
 */
import { plantedGuardMessage } from '../config/planted-env.js';
import { writeSync } from 'node:fs';
import { HOOK_ADAPTERS, runHook } from './run.js';
import { loadGrammar } from '../engine/load-engine.js';

/** Exit status that blocks the tool call in every supported agent when stdout says nothing else. */
export const HOOK_BLOCK_STATUS = 2;

/** Runs `shellgate hook ARGV…`; resolves to the exit status. `payload`: stdin, when already read. */
export async function main(argv: string[], payload?: string): Promise<number> {
  const adapter = HOOK_ADAPTERS[argv[0] ?? ''];
  if (!adapter || argv.length !== 1) {
    const what = adapter ? `unexpected arguments '${argv.slice(1).join(' ')}'` : `unknown agent '${argv[0] ?? ''}'`;
    writeSync(
      2,
      `shellgate hook: ${what}: expected claude-code, gemini, codex, copilot, opencode or cursor (the agent's JSON payload on stdin)
Try 'shellgate hook --help'.
`,
    );
    return HOOK_BLOCK_STATUS;
  }
  await loadGrammar();
  try {
    const planted = plantedGuardMessage(process.env, process.cwd());
    if (planted) throw new Error(planted);
    return await runHook(adapter, payload);
  } catch (err) {
    const out = adapter.failClosed((err as Error).message);
    if (out.stdout) writeSync(1, out.stdout);
    if (out.stderr) writeSync(2, out.stderr);
    return out.exitCode;
  }
}
