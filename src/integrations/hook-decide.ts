/*!
 * The decision behind every agent hook: same engine, same rules, same audit log and approval
 * queue as shellgate-sh. A `confirm` is first matched against a human's approval of that exact
 * line in that cwd (used once); otherwise it goes to the agent's own confirmation UI (`ask`) or
 * becomes an approval request and a deny (`queue`), as the adapter says.
 */
import { approvalTtlMs } from '../approvals/approval-ttl.js';
import { consumeApproval, requestApproval } from '../approvals/queue.js';
import type { Verdict } from '../classifier/verdict.js';
import { blockedMessage, describeReasons, quoteCommand, refusalHead } from './block-message.js';
import { auditCommand, auditDeny, classifyLine, type GateContext } from './gate.js';
import type { HookAdapter, HookDecision, HookRequest } from './hook-types.js';

function deny(line: string, verdict: Verdict, ttl: number, request?: HookDecision['request']): HookDecision {
  const agentMessage = blockedMessage(quoteCommand(line), verdict, request, ttl).trimEnd();
  const first = describeReasons(verdict)[0];
  const head = refusalHead(verdict.decision === 'deny' ? 'denied' : "not run, needs a human's approval", quoteCommand(line));
  const userMessage = request && request.status === 'pending' ? `${head}: ${first}. Approve with: shellgate approve ${request.id}` : `${head}: ${first}`;
  return { decision: 'deny', agentMessage, userMessage, verdict, request };
}

function ask(line: string, verdict: Verdict): HookDecision {
  const why = describeReasons(verdict).join('; ');
  return {
    decision: 'ask',
    agentMessage: `shellgate: this command needs the user's confirmation: ${why}`,
    userMessage: `shellgate: confirm ${quoteCommand(line)}? ${why}`,
    verdict,
  };
}

/** Judges `req` for `adapter`. Throws only on internal failures (the caller fails closed). */
export function decideForAgent(req: HookRequest, adapter: HookAdapter, env: NodeJS.ProcessEnv = process.env, pid?: number): HookDecision {
  const ctx: GateContext = { cwd: req.cwd, env, actor: 'agent', agent: adapter.agent, source: 'hook', sessionId: req.sessionId, pid };
  const verdict = classifyLine(req.line, ctx);
  if (verdict.decision === 'allow') {
    auditCommand(req.line, verdict, ctx, null);
    return { decision: 'allow', agentMessage: 'shellgate: allowed', userMessage: 'shellgate: allowed', verdict };
  }
  if (verdict.decision === 'deny') {
    auditCommand(req.line, verdict, ctx, null);
    return deny(req.line, verdict, 0);
  }
  const ttl = approvalTtlMs(env);
  if (consumeApproval(req.line, req.cwd, env)) {
    const err = auditCommand(req.line, verdict, ctx, { by: 'human', how: 'approval-queue' });
    if (err) return deny(req.line, auditDeny(req.line, err), ttl);
    return { decision: 'allow', agentMessage: 'shellgate: allowed (approved by the user)', userMessage: 'shellgate: approved', verdict };
  }
  const err = auditCommand(req.line, verdict, ctx, null);
  if (err) return deny(req.line, auditDeny(req.line, err), ttl);
  if (adapter.confirm === 'ask') return ask(req.line, verdict);
  const request = requestApproval({ line: req.line, cwd: req.cwd, verdict, agent: adapter.agent }, env);
  return deny(req.line, verdict, ttl, request);
}
