/*!
 * Decides what happens to each line the gate sends: `more` (incomplete: keep typing), `allow` or
 * `deny`. It judges the text bash will run with the gate (src/gate/judge-line.ts, the shell's own
 * guard rules folded in), and for a `confirm` follows the gate's confirm policy: the human in
 * the terminal is asked — or, when keystrokes cannot approve (an agent's session, no
 * terminal), an approval request is filed and the line refused. Every line goes to the audit log.
 * Nothing here throws at the caller: any failure means the line does not run.
 */
import type { Engine } from '../engine/load-engine.js';
import type { ActorInfo } from '../config/actor.js';
import { consumeApproval, requestApproval, type ApprovalRequest } from '../approvals/queue.js';
import type { Reason, Verdict } from '../core/verdict.js';
import { confirmAsking } from '../gate/confirm-policy.js';
import { judgeLine } from '../gate/judge-line.js';
import type { ConfirmOutcome, ConfirmRequest } from '../ui/confirm/confirm-types.js';
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
  /**
   * After each command of an agent's contained session: moves aside what it wrote that would act
   * outside the container, says so, and returns a note for its log entry (null when nothing moved).
   */
  afterCommand?(): string | null;
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
      const ctx = await buildContext(req, text, this.deps.actor.kind, fetch);
      const verdict = judgeLine(this.deps.engineFor, { line: text, cwd: req.cwd, actor: this.deps.actor.kind, context: ctx, extra: guardReasons });
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
    const reason: Reason = {
      rule: 'shell.hook-bypassed',
      message: 'the line did not go through the guard (its hook was removed or bypassed)',
      command,
      span: [0, command.length],
      decision: 'deny',
      risk: 'high',
    };
    const verdict: Verdict = { decision: 'deny', risk: 'high', environment: null, reasons: [reason] };
    // The hook that reports exit statuses was gone too: earlier lines finished at an unknown status.
    this.deps.audit.close(null);
    this.deps.audit.notRun(command, cwd, verdict, 'refused by the shell: not judged');
  }

  /** The exit status of an allowed line arrived (the prompt is back). */
  done(id: string, status: number): void {
    this.fragments = '';
    this.deps.audit.finished(id, status, this.deps.afterCommand?.() ?? undefined);
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
    return this.confirm(req, text, verdict);
  }

  /** A `confirm`: the gate's confirm policy (src/gate/confirm-policy.ts) with this shell's prompt, queue and log. */
  private async confirm(req: GateRequest, text: string, verdict: Verdict): Promise<GateAnswer> {
    const { audit, actor } = this.deps;
    const result = await confirmAsking<ApprovalRequest>(
      verdict,
      {
        way: this.deps.canPrompt ? 'prompt' : 'queue',
        consumeApproval: () => consumeApproval(text, req.cwd),
        fileRequest: () => requestApproval({ line: text, cwd: req.cwd, verdict, agent: actor.agent }),
        auditWritable: () => {
          const w = audit.writable();
          return w.ok ? undefined : w.error;
        },
        record: (r) => {
          if (r.kind !== 'approved' && r.kind !== 'declined') return undefined; // written below, with the outcome
          const written = audit.approval(text, req.cwd, verdict, r.approval, r.kind === 'approved');
          return written.ok ? undefined : written.error;
        },
      },
      (code) => this.deps.confirm({ line: text, verdict, code, cwd: req.cwd }),
    );
    switch (result.kind) {
      case 'run':
        audit.started(req.id, text, req.cwd, verdict, result.approval);
        return 'allow';
      case 'declined':
        audit.notRun(text, req.cwd, verdict, 'declined at the prompt', result.approval);
        return 'deny';
      case 'unaudited':
        if (result.approval) {
          this.deps.notify(notRunNotice(text, `the approval could not be written to the audit log (${result.error})`));
          audit.notRun(text, req.cwd, verdict, 'approval not recorded: audit log not writable', result.approval);
        } else {
          this.deps.notify(notRunNotice(text, `it needs a confirmation, and the audit log cannot record one (${result.error})`));
          audit.notRun(text, req.cwd, verdict, 'confirmation impossible: audit log not writable');
        }
        return 'deny';
      case 'queued':
        this.deps.notify(needsApprovalNotice(text, verdict, result.request.id, result.request.status === 'denied'));
        audit.notRun(text, req.cwd, verdict, `approval request ${result.request.id} (${result.request.status})`);
        return 'deny';
      default:
        this.deps.notify(needsApprovalNotice(text, verdict, null, false));
        audit.notRun(text, req.cwd, verdict, 'approval queue unavailable');
        return 'deny';
    }
  }
}
