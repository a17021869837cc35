/*!
 * The decision behind every agent hook: same engine, same rules, same audit log and approval
 * queue as shellgate-sh, and the gate's one confirm policy (src/gate/confirm-policy.ts): a
 * `confirm` is first matched against a human's approval of that exact line in that cwd (used
 * once); otherwise it goes to the agent's own confirmation UI (`ask`) — unless the line needs the
 * typed code, which a yes/no prompt cannot ask for — or becomes an approval request and a deny
 * (`queue`), as the adapter says. Every command that will
 * not run is logged `blocked`, with the request filed for it. An allowed line is answered with
 * its contained form when the agent lets the hook rewrite the command (hooks/contain.ts).
 */
import { approvalTtlMs } from '../approvals/approval-ttl.js';
import { consumeApproval, requestApproval, type ApprovalRequest } from '../approvals/queue.js';
import type { Verdict } from '../core/verdict.js';
import type { AuditApproval } from '../audit/log.js';
import { blockedMessage, describeReasons, quoteCommand, refusalHead } from '../gate/block-message.js';
import { confirmLine } from '../gate/confirm-policy.js';
import { auditCommand, auditDeny, auditWritable, classifyLine, internalDeny, type GateContext } from '../gate/gate-call.js';
import { containmentFor } from './contain.js';
import { scopeNote } from '../contain/scope-helper.js';
import type { HookAdapter, HookDecision, HookRequest } from './types.js';
import { terminalReader } from './stdin-readers.js';

/** The classifier's verdict, or a deny for a command that would be left reading what the agent types unseen. */
async function judge(req: HookRequest, adapter: HookAdapter, ctx: GateContext): Promise<Verdict> {
  const verdict = await classifyLine(req.line, ctx);
  if (verdict.decision === 'deny' || !adapter.typesIntoCommands) return verdict;
  const reader = terminalReader(req.line, req.cwd);
  if (!reader) return verdict;
  const why = `\`${reader}\` would be left reading the terminal, and what ${adapter.typesIntoCommands} types into a running command never reaches shellgate; run each command as its own call instead (bash -c '…', python3 file.py, psql -c '…')`;
  return internalDeny('hook.terminal-reader', why, req.line);
}

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

/** Logs and answers an allowed line (contained when the adapter rewrites); a log failure denies it. */
function allow(req: HookRequest, adapter: HookAdapter, verdict: Verdict, ctx: GateContext, approval: AuditApproval | null): HookDecision {
  const c = adapter.rewrites ? containmentFor(req.line, ctx.env) : undefined;
  if (c && !c.contained && c.refuse) {
    const refused = internalDeny('contain.unavailable', c.why, req.line);
    auditCommand(req.line, refused, ctx, null);
    return deny(req.line, refused, 0);
  }
  const note = !c ? 'uncontained: this agent cannot rewrite the command (docs/agents.md)' : c.contained ? scopeNote(ctx.env) : c.why;
  const err = auditCommand(req.line, verdict, ctx, approval, { note });
  // Every agent command that runs is in the log: a log the agent could fill (a full disk) fails closed.
  if (err) return deny(req.line, auditDeny(req.line, err), approval ? approvalTtlMs(ctx.env) : 0);
  const what = approval ? 'shellgate: allowed (approved by the user)' : 'shellgate: allowed';
  const command = c?.contained ? c.command : undefined;
  return { decision: 'allow', agentMessage: what, userMessage: approval ? 'shellgate: approved' : what, verdict, ...(command ? { command } : {}) };
}

/** Judges `req` for `adapter`. Throws only on internal failures (the caller fails closed). */
export async function decideForAgent(req: HookRequest, adapter: HookAdapter, env: NodeJS.ProcessEnv = process.env, pid?: number): Promise<HookDecision> {
  const ctx: GateContext = { cwd: req.cwd, env, actor: 'agent', agent: adapter.agent, source: 'hook', sessionId: req.sessionId, pid };
  const verdict = await judge(req, adapter, ctx);
  if (verdict.decision === 'allow') return allow(req, adapter, verdict, ctx, null);
  if (verdict.decision === 'deny') {
    auditCommand(req.line, verdict, ctx, null);
    return deny(req.line, verdict, 0);
  }
  const ttl = approvalTtlMs(env);
  const confirm = typeof adapter.confirm === 'function' ? adapter.confirm(env) : adapter.confirm;
  const result = confirmLine<ApprovalRequest>(verdict, {
    way: confirm === 'ask' ? 'agent-ask' : 'queue',
    consumeApproval: () => consumeApproval(req.line, req.cwd, env),
    fileRequest: () => requestApproval({ line: req.line, cwd: req.cwd, verdict, agent: adapter.agent }, env),
    auditWritable: () => auditWritable(),
    record: (r) =>
      r.kind === 'asked'
        ? auditCommand(req.line, verdict, ctx, null, { note: "asked the user in the agent's own prompt" })
        : r.kind === 'queued'
          ? auditCommand(req.line, verdict, ctx, null, { blocked: true, requestId: r.request.id })
          : undefined, // an approved line is logged by allow(), which refuses it when that fails
  });
  switch (result.kind) {
    case 'run':
      return allow(req, adapter, verdict, ctx, result.approval);
    case 'ask':
      return ask(req.line, verdict);
    case 'queued':
      return deny(req.line, verdict, ttl, result.request);
    case 'unaudited':
      return deny(req.line, auditDeny(req.line, result.error), ttl);
    case 'queue-unavailable':
      throw new Error(`the approval queue is unavailable: ${result.error}`);
    default:
      throw new Error(`no human can answer here (${result.kind})`);
  }
}
