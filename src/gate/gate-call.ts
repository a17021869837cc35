/*!
 * What shellgate-sh and the agent hooks share around the gate (src/gate/): the context of a
 * call, classifying a line with the rules of its directory, and writing their `command` audit
 * event. What to do with a `confirm` is the gate's confirm policy (src/gate/confirm-policy.ts).
 */
import { appendAuditEvent, checkAuditWritable, type AuditApproval, type AuditEventInput } from '../audit/log.js';
import type { Actor, Verdict } from '../core/verdict.js';
import { loadEngine } from '../engine/load-engine.js';
import { judgeLineReady } from '../gate/judge-line.js';
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
 * Classifies `line` with the rules of its directory (src/gate/judge-line.ts), with the SQL parser when the line has SQL. Never rejects: rules that
 * do not load, or a classifier that fails, give the one could-not-judge verdict.
 */
export function classifyLine(line: string, ctx: GateContext): Promise<Verdict> {
  return judgeLineReady((cwd) => loadEngine({ cwd }), {
    line,
    cwd: ctx.cwd,
    actor: ctx.actor,
    context: { env: stringEnv(ctx.env), functions: ctx.functions, aliases: ctx.aliases },
  });
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

/** The deny verdict used when an agent command or a confirm-needing one cannot be audited. */
export function auditDeny(line: string, error: string): Verdict {
  return internalDeny(
    'audit.unavailable',
    `the audit log is unavailable (${error}); agent commands and commands that need approval are refused until it can be written`,
    line,
  );
}

/** Whether the log could record an approval now: the error, or undefined. */
export function auditWritable(): string | undefined {
  try {
    const res = checkAuditWritable();
    return res.ok ? undefined : res.error;
  } catch (err) {
    return (err as Error).message;
  }
}
