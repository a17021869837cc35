/*!
 * The shell's entries in the audit log: one `command` event per line (its verdict, who approved
 * it, and — for lines that ran — the exit status and duration, written when the prompt comes
 * back), plus an `approval-granted`/`approval-denied` event written *before* a confirmed line
 * runs. If that write fails the line does not run: an approval nobody can audit is no approval.
 */
import { appendAuditEvent, checkAuditWritable, type AuditActor, type AuditApproval, type AuditResult } from '../audit/log.js';
import type { Verdict } from '../core/verdict.js';

interface Running {
  line: string;
  cwd: string;
  verdict: Verdict;
  approval: AuditApproval | null;
  startedAt: number;
}

export class AuditTrail {
  private running = new Map<string, Running>();
  private warned = false;

  constructor(
    private readonly sessionId: string,
    private readonly actor: AuditActor,
    /** Shows a one-time warning when the log cannot be written. */
    private readonly warn: (message: string) => void,
  ) {}

  /** Records a human's (or the queue's) answer to a confirmation; false if it was not written. */
  approval(line: string, cwd: string, verdict: Verdict, approval: AuditApproval, granted: boolean): AuditResult {
    return this.append({ event: granted ? 'approval-granted' : 'approval-denied', line, cwd, verdict, approval, blocked: !granted });
  }

  /** Records a line that will not run, and why. */
  notRun(line: string, cwd: string, verdict: Verdict, note: string, approval: AuditApproval | null = null): void {
    this.append({ event: 'command', line, cwd, verdict, approval, exitStatus: null, durationMs: null, blocked: true, note });
  }

  /** Cheap check, before asking a human, that an approval could be recorded at all. */
  writable(): AuditResult {
    try {
      return checkAuditWritable();
    } catch (err) {
      return { ok: false, error: (err as Error).message };
    }
  }

  /** Remembers a line that was allowed; it is logged when its exit status arrives. */
  started(id: string, line: string, cwd: string, verdict: Verdict, approval: AuditApproval | null): void {
    this.running.set(id, { line, cwd, verdict, approval, startedAt: performance.now() });
  }

  /** Logs a line that finished with `status` (and what the guard did after it, `note`). */
  finished(id: string, status: number | null, note?: string): void {
    const r = this.running.get(id);
    if (!r) return;
    this.running.delete(id);
    const durationMs = Math.round(performance.now() - r.startedAt);
    this.append({
      event: 'command',
      line: r.line,
      cwd: r.cwd,
      verdict: r.verdict,
      approval: r.approval,
      exitStatus: status,
      durationMs,
      ...(note ? { note } : {}),
    });
  }

  /** Logs every line still running when the shell ends (bash's own status for the last one). */
  close(bashStatus: number | null): void {
    for (const id of [...this.running.keys()]) this.finished(id, bashStatus);
  }

  private append(e: {
    event: 'command' | 'approval-granted' | 'approval-denied';
    line: string;
    cwd: string;
    verdict: Verdict;
    approval: AuditApproval | null;
    exitStatus?: number | null;
    durationMs?: number | null;
    blocked?: boolean;
    note?: string;
  }): AuditResult {
    let result: AuditResult;
    try {
      result = appendAuditEvent({ ...e, source: 'shell', sessionId: this.sessionId, actor: this.actor });
    } catch (err) {
      result = { ok: false, error: (err as Error).message };
    }
    if (!result.ok && !this.warned) {
      this.warned = true;
      this.warn(`the audit log cannot be written (${result.error}); lines that need a confirmation will not run`);
    }
    return result;
  }
}
