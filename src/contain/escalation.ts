/*!
 * Escalation when the container refused a write (in the manner of Codex's workspace-write sandbox):
 * the agent is told which path was refused, that it lies outside its writable area, and how a
 * human allows it — once (an approval request that, when granted, lets the very same command in
 * the same directory run again with that directory writable) or for good (`writable:` in
 * sandbox.yaml). Grants are signed approvals (approvals/approval-mac.ts): only the human's
 * `shellgate approve` makes one.
 */
import { realpathSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Verdict } from '../core/verdict.js';
import { requestApproval, takeApproval, type ApprovalRequest } from '../approvals/queue.js';
import { sandboxConfigPath } from '../sandbox/user-config.js';

/**
 * The nearest existing directory at or above `path` (a refused new file's directory), as its real
 * path: through a link the agent planted in the project (`keys` → `~/.ssh`), the human must read
 * the directory that approving really makes writable, not a harmless-looking project path.
 */
export function existingDir(path: string): string {
  for (let at = path; ; at = dirname(at)) {
    try {
      if (statSync(at).isDirectory()) return realpathSync(at);
    } catch {
      /* keep going up */
    }
    if (dirname(at) === at) return at;
  }
}

function writeVerdict(line: string, dirs: string[]): Verdict {
  const message = `write outside the writable area: ${dirs.join(', ')} (approving makes ${dirs.length > 1 ? 'them' : 'it'} writable for one run of this command)`;
  return {
    decision: 'confirm',
    risk: 'medium',
    environment: null,
    reasons: [{ rule: 'contain.write-outside', message, command: line, span: [0, line.length], decision: 'confirm', risk: 'medium' }],
  };
}

/** Records a request to re-run `line` with the refused paths' directories writable. */
export function requestWriteGrant(line: string, cwd: string, refused: string[], agent: string | undefined, env: NodeJS.ProcessEnv): ApprovalRequest {
  const dirs = [...new Set(refused.map(existingDir))];
  return requestApproval({ line, cwd, verdict: writeVerdict(line, dirs), agent, kind: 'write', writable: dirs }, env);
}

/** The directories a human made writable for this run of `line` (used once), or []. */
export function takeWriteGrant(line: string, cwd: string, env: NodeJS.ProcessEnv): string[] {
  const hit = takeApproval(line, cwd, 'write', env);
  // A directory that has become a link since the human read it (renamed, replaced) is not granted.
  return (hit?.writable ?? []).filter((d) => {
    try {
      return realpathSync(d) === d;
    } catch {
      return false;
    }
  });
}

/** What the agent reads on stderr after a refused write. */
export function refusedWriteMessage(
  refused: string[],
  where: { project: string | null; cwd: string },
  request: ApprovalRequest | null,
  env: NodeJS.ProcessEnv,
): string {
  const { project, cwd } = where;
  const why = !project
    ? 'the working directory is not a project (it is the root, a system directory or a home directory), so only /tmp and the build caches are writable; start the agent in a project directory'
    : cwd === project || cwd.startsWith(`${project}/`)
      ? `only the project (${project}), /tmp and the build caches are writable`
      : `this agent session's project is ${project} (where its first command ran); the working directory ${cwd} lies outside it and is read-only`;
  const out = [`shellgate: write refused: ${refused.join(', ')}`, `  why: agent commands run contained; ${why}.`];
  if (request?.status === 'denied') out.push(`  A human denied this (request ${request.id}). Do not retry it; ask the user what to do instead.`);
  else if (request) {
    out.push(`  To allow it once: ask the user to run \`shellgate approve ${request.id}\` in their own terminal, then run exactly the same command again.`);
  }
  out.push(`  To allow it always, the user adds the directory under "writable:" in ${sandboxConfigPath(env)}.`);
  return out.join('\n') + '\n';
}
