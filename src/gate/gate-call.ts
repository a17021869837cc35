/*!
 * The one judgement shared by shellgate-sh and the agent hooks: load the engine (failing closed
 * when the ruleset is broken), classify the line, and write the audit event. What to *do* with a
 * `confirm` differs per entry point (prompt, the agent's own "ask", or the approval queue) and is
 * decided by the callers.
 */
import { appendAuditEvent, type AuditApproval, type AuditEventInput } from '../audit/log.js';
import type { Actor, Verdict } from '../core/verdict.js';
import { loadEngine } from '../engine/load-engine.js';
import { stringEnv } from '../util/string-env.js';

/** Who asks and from where: the fields of the audit event that do not depend on the verdict. */
export interface GateContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  actor: Actor;
  agent?: string;
  source: 'shellgate-sh' | 'hook';
  sessionId: string;
  /** Functions and aliases the commands run with (a sourced Claude Code shell snapshot). */
  functions?: Record<string, string>;
  aliases?: Record<string, string>;
  /** The process that asked when this one is the classifier daemon (its client), for the audit log. */
  pid?: number;
  /** Said in every audit entry of this call (e.g. that its commands run uncontained). */
  note?: string;
}

/** A verdict that denies for an internal reason (broken ruleset, audit log down, …). */
export function internalDeny(rule: string, message: string, line: string): Verdict {
  return {
    decision: 'deny',
    risk: 'high',
    environment: null,
    reasons: [{ rule, message, command: line, span: [0, line.length], decision: 'deny', risk: 'high' }],
  };
}

/**
 * Classifies `line`. Never throws: a ruleset that fails to load yields a deny verdict
 * (`engine.load-error`) carrying the loader's message.
 */
export function classifyLine(line: string, ctx: GateContext): Verdict {
  let engine;
  try {
    engine = loadEngine({ cwd: ctx.cwd });
  } catch (err) {
    return internalDeny('engine.load-error', `the ruleset failed to load: ${(err as Error).message}`, line);
  }
  try {
    return engine.classify(line, { env: stringEnv(ctx.env), cwd: ctx.cwd, actor: ctx.actor, functions: ctx.functions, aliases: ctx.aliases });
  } catch (err) {
    return internalDeny('engine.error', `the classifier failed: ${(err as Error).message}`, line);
  }
}

/** What the audit entry says beyond the verdict: the command did not run, and the request filed for it. */
export interface AuditOutcome {
  blocked?: boolean;
  requestId?: string;
  note?: string;
}

/**
 * Appends the `command` audit event. Returns the error message when the log is unavailable
 * (callers deny confirm-needing commands then), undefined when it was written. `outcome.blocked`
 * must be true for every command that will not run (a confirm refused, queued or declined).
 */
export function auditCommand(line: string, verdict: Verdict, ctx: GateContext, approval: AuditApproval | null, outcome: AuditOutcome = {}): string | undefined {
  const event: AuditEventInput = {
    event: 'command',
    source: ctx.source,
    sessionId: ctx.sessionId,
    actor: ctx.agent ? { kind: ctx.actor, agent: ctx.agent } : { kind: ctx.actor },
    cwd: ctx.cwd,
    line,
    verdict,
    approval,
    ...(outcome.blocked !== undefined ? { blocked: outcome.blocked } : {}),
    ...(outcome.requestId ? { requestId: outcome.requestId } : {}),
    ...(ctx.note || outcome.note ? { note: [ctx.note, outcome.note].filter(Boolean).join('; ') } : {}),
    ...(ctx.pid ? { pid: ctx.pid, viaDaemon: true } : {}),
  };
  try {
    const res = appendAuditEvent(event);
    return res.ok ? undefined : res.error;
  } catch (err) {
    return (err as Error).message;
  }
}

/** The deny verdict used when a confirm-needing command cannot be audited. */
export function auditDeny(line: string, error: string): Verdict {
  return internalDeny('audit.unavailable', `the audit log is unavailable (${error}); commands that need approval are denied`, line);
}
