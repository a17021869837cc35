/*!
 * Decides what happens to each line the gate sends: `more` (incomplete: keep typing), `allow` or
 * `deny`. It classifies the text bash will run, adds the shell's own guard rules, and for a
 * `confirm` asks the human in the terminal — or, when keystrokes cannot approve (an agent's
 * session, no terminal), files an approval request and refuses. Every line goes to the audit log.
 * Nothing here throws at the caller: any failure means the line does not run.
 */
import type { Engine } from '../engine/load-engine.js';
import type { ActorInfo } from '../config/actor.js';
import { consumeApproval, requestApproval, type ApprovalRequest } from '../approvals/queue.js';
import { higherRisk, stricterDecision, type Reason, type Verdict } from '../core/verdict.js';
import type { ConfirmOutcome, ConfirmRequest } from '../ui/confirm/confirm-types.js';
import { makeCode } from '../ui/confirm/code.js';
import type { AuditTrail } from './audit-trail.js';
import { isIncomplete } from './completeness.js';
import { guardReasons } from './guard-rules.js';
import { buildContext, type FunctionFetcher } from './line-context.js';
import { deniedNotice, needsApprovalNotice, notRunNotice } from './notices.js';
import type { GateAnswer, GateRequest } from './protocol.js';

export interface GatekeeperDeps {
  /** The engine for a working directory (project layers differ); throws if its rules are broken. */
  engineFor(cwd: string): Engine;
  actor: ActorInfo;
  /** False when keystrokes may not approve (agent session, or no terminal to ask on). */
  canPrompt: boolean;
  /** Shows the confirmation prompt and resolves with the human's answer. */
  confirm(req: ConfirmRequest): Promise<ConfirmOutcome>;
  /** Prints a message of the guard's own to the terminal. */
  notify(text: string): void;
  audit: AuditTrail;
  /** The bash used for syntax checks. */
  bash?: string;
}

/** Verdict for the text, with the shell's guard rules folded in (never less strict than the engine's). */
export function judgeText(engine: Engine, text: string, ctx: Parameters<Engine['classify']>[1]): Verdict {
  let verdict: Verdict;
  try {
    verdict = engine.classify(text, ctx);
  } catch (err) {
    verdict = failVerdict(text, 'engine.error', `the classifier failed: ${(err as Error).message}`);
  }
  const extra = guardReasons(text);
  if (extra.length === 0) return verdict;
  return {
    ...verdict,
    decision: extra.reduce((d, r) => stricterDecision(d, r.decision), verdict.decision),
    risk: extra.reduce((k, r) => higherRisk(k, r.risk), verdict.risk),
    reasons: [...verdict.reasons, ...extra],
  };
}

function failVerdict(text: string, rule: string, message: string): Verdict {
  const reason: Reason = { rule, message, command: text, span: [0, text.length], decision: 'deny', risk: 'high' };
  return { decision: 'deny', risk: 'high', environment: null, reasons: [reason] };
}

/** Critical lines (and anything aimed at production) need the typed code, not `y`. */
export function needsCode(v: Verdict): boolean {
  return v.risk === 'critical' || v.environment === 'production';
}

export class Gatekeeper {
  /** Text already accepted for the command bash is still reading (continuation lines). */
  private fragments = '';

  constructor(private readonly deps: GatekeeperDeps) {}

  /** Judges one request; `fetch` asks bash for function definitions. */
  async judge(req: GateRequest, fetch: FunctionFetcher): Promise<GateAnswer> {
    if (!req.continuation) this.fragments = '';
    const text = req.continuation ? `${this.fragments}\n${req.line}` : req.line;
    try {
      if (!req.continuation && isIncomplete(req.line, this.deps.bash)) return 'more';
      let engine: Engine;
      try {
        engine = this.deps.engineFor(req.cwd);
      } catch (err) {
        this.deps.notify(notRunNotice(text, `the rules for ${req.cwd} do not load: ${(err as Error).message}`));
        return 'deny';
      }
      const ctx = await buildContext(req, text, this.deps.actor.kind, fetch);
      const verdict = judgeText(engine, text, ctx);
      const answer = await this.decide(req, text, verdict);
      if (answer === 'allow') this.fragments = text;
      else if (req.continuation) this.deps.notify(notRunNotice(text, 'press Ctrl-C to discard the lines typed so far'));
      return answer;
    } catch (err) {
      this.deps.notify(notRunNotice(text, `the guard failed: ${(err as Error).message}`));
      return 'deny';
    }
  }

  /** The shell refused a command that reached bash without going through the gate. */
  bypassed(command: string, cwd: string): void {
    const verdict = failVerdict(command, 'shell.hook-bypassed', 'the line did not go through the guard (its hook was removed or bypassed)');
    // The hook that reports exit statuses was gone too: earlier lines finished at an unknown status.
    this.deps.audit.close(null);
    this.deps.audit.notRun(command, cwd, verdict, 'refused by the shell: not judged');
  }

  /** The exit status of an allowed line arrived (the prompt is back). */
  done(id: string, status: number): void {
    this.fragments = '';
    this.deps.audit.finished(id, status);
  }

  private async decide(req: GateRequest, text: string, verdict: Verdict): Promise<GateAnswer> {
    const { audit } = this.deps;
    if (verdict.decision === 'allow') {
      audit.started(req.id, text, req.cwd, verdict, null);
      return 'allow';
    }
    if (verdict.decision === 'deny') {
      this.deps.notify(deniedNotice(text, verdict));
      audit.notRun(text, req.cwd, verdict, 'denied by the rules');
      return 'deny';
    }
    return this.deps.canPrompt ? this.askHuman(req, text, verdict) : this.askQueue(req, text, verdict);
  }

  private async askHuman(req: GateRequest, text: string, verdict: Verdict): Promise<GateAnswer> {
    const { audit } = this.deps;
    const writable = audit.writable();
    if (!writable.ok) {
      this.deps.notify(notRunNotice(text, `it needs a confirmation, and the audit log cannot record one (${writable.error})`));
      audit.notRun(text, req.cwd, verdict, 'confirmation impossible: audit log not writable');
      return 'deny';
    }
    const outcome = await this.deps.confirm({ line: text, verdict, code: needsCode(verdict) ? makeCode() : null, cwd: req.cwd });
    const approval = { by: 'human', how: outcome.how };
    const written = audit.approval(text, req.cwd, verdict, approval, outcome.approved);
    if (!outcome.approved) {
      audit.notRun(text, req.cwd, verdict, 'declined at the prompt', approval);
      return 'deny';
    }
    if (!written.ok) {
      this.deps.notify(notRunNotice(text, `the approval could not be written to the audit log (${written.error})`));
      audit.notRun(text, req.cwd, verdict, 'approval not recorded: audit log not writable', approval);
      return 'deny';
    }
    audit.started(req.id, text, req.cwd, verdict, approval);
    return 'allow';
  }

  private askQueue(req: GateRequest, text: string, verdict: Verdict): GateAnswer {
    const { audit, actor } = this.deps;
    let approved = false;
    try {
      approved = consumeApproval(text, req.cwd);
    } catch {
      approved = false;
    }
    if (approved) {
      audit.started(req.id, text, req.cwd, verdict, { by: 'human', how: 'approval-queue' });
      return 'allow';
    }
    let request: ApprovalRequest | null = null;
    try {
      request = requestApproval({ line: text, cwd: req.cwd, verdict, agent: actor.agent });
    } catch {
      request = null;
    }
    this.deps.notify(needsApprovalNotice(text, verdict, request?.id ?? null, request?.status === 'denied'));
    audit.notRun(text, req.cwd, verdict, request ? `approval request ${request.id} (${request.status})` : 'approval queue unavailable');
    return 'deny';
  }
}
