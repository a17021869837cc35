/*!
 * The hook process: read the agent's JSON payload from stdin, decide, print the answer in the
 * agent's format. Every failure inside shellgate (unreadable payload, broken ruleset, approval
 * queue down) fails closed in the agent's documented blocking way — a crashing hook must never
 * let the command through.
 */
import { readFileSync, realpathSync, writeSync } from 'node:fs';
import { claudeCode } from './claude-code.js';
import { codex } from './codex.js';
import { copilot } from './copilot.js';
import { cursor } from './cursor.js';
import { geminiCli } from './gemini-cli.js';
import { opencode } from './opencode.js';
import { decideForAgent } from './decide.js';
import type { HookAdapter, HookOutput } from './types.js';
import { dict } from '../util/dict.js';

/** Hook adapters by the name used on the command line (`shellgate hook NAME`). */
export const HOOK_ADAPTERS: Record<string, HookAdapter> = dict({
  'claude-code': claudeCode,
  gemini: geminiCli,
  'gemini-cli': geminiCli,
  codex,
  copilot,
  opencode,
  cursor,
});

/**
 * Computes the hook's output for a raw payload. Never throws. `cwd` is the hook process's working
 * directory, for payloads that name none (the classifier daemon passes its client's).
 */
export async function hookOutput(
  adapter: HookAdapter,
  raw: string,
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
  pid?: number,
): Promise<HookOutput> {
  try {
    const payload: unknown = JSON.parse(raw);
    const parsed = adapter.parse(payload, cwd);
    if (!parsed) return adapter.passThrough();
    // The directory as shellgate-sh sees it (its cwd is the real path): an approval filed by one
    // is found by the other when the agent names the project through a symbolic link.
    const req = { ...parsed, cwd: realDir(parsed.cwd) };
    const decision = await decideForAgent(req, adapter, env, pid);
    // SHELLGATE_HOOK_ALLOW=defer: shellgate only ever blocks; what it allows, the agent's own permissions decide.
    if (decision.decision === 'allow' && env.SHELLGATE_HOOK_ALLOW === 'defer') return adapter.passThrough();
    return adapter.render(decision, req);
  } catch (err) {
    return adapter.failClosed((err as Error).message);
  }
}

/** `dir` with its symbolic links resolved; as given when it cannot be (it may not exist here). */
function realDir(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}

/** Runs the hook for `adapter` on this process's stdin/stdout (or the payload already read); returns the exit code. */
export async function runHook(adapter: HookAdapter, payload?: string): Promise<number> {
  let raw: string;
  try {
    raw = payload ?? readFileSync(0, 'utf8');
  } catch (err) {
    return emit(adapter.failClosed(`cannot read the hook payload: ${(err as Error).message}`));
  }
  return emit(await hookOutput(adapter, raw));
}

/** Prints a hook output; returns its exit code. */
export function emit(out: HookOutput): number {
  if (out.stdout) writeSync(1, out.stdout);
  if (out.stderr) writeSync(2, out.stderr);
  return out.exitCode;
}
