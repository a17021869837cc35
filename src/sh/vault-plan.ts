/*!
 * The injection decision for one agent command, made where the command is judged (in-process or
 * in the classifier daemon), after the classifier let it run: which vault credentials it receives
 * (names only: the caller, outside the container, reads the values), which are withheld and why,
 * or that a human must approve first (then the command exits 126 with the request id, like any
 * blocked line). Each injection is an audit event; values never pass through here.
 */
import type { Verdict } from '../core/verdict.js';
import { viewCommand } from '../classifier/command-view.js';
import { loadEngine } from '../engine/load-engine.js';
import { parseLine } from '../parser/index.js';
import { appendAuditEvent } from '../audit/log.js';
import { stringEnv } from '../util/string-env.js';
import { blockedMessage, headline } from '../gate/block-message.js';
import type { GateContext } from '../gate/gate-call.js';
import type { Unit } from './claude-snapshot.js';
import { readIndex, recordUse } from '../vault/index-store.js';
import { describeScope, scopeProblem, wants, type LineFacts } from '../vault/scope.js';
import { needsApproval, type Credential } from '../vault/types.js';

/** A credential the command receives, and the human's grant (request id) when one was needed. */
export interface Injection {
  name: string;
  grant?: string;
}

export interface InjectionPlan {
  outcome: 'run' | 'blocked';
  inject: Injection[];
  /** What the agent reads on stderr (withheld credentials, approval requests). */
  stderr: string;
}

const NOTHING: InjectionPlan = Object.freeze({ outcome: 'run', inject: [], stderr: '' }) as InjectionPlan;

/** Cheap first look: credentials the text names, or whose programs it names. */
function candidates(creds: Credential[], text: string): Credential[] {
  return creds.filter((c) => text.includes(c.name) || c.programs.some((p) => text.includes(p)));
}

function lineFacts(unit: Unit, ctx: GateContext): LineFacts & { verdict: Verdict } {
  const engine = loadEngine({ cwd: ctx.cwd });
  const env = stringEnv(ctx.env);
  const pctx = { env, cwd: ctx.cwd, actor: ctx.actor, functions: unit.functions, aliases: unit.aliases };
  const parsed = parseLine(unit.text, pctx);
  const views = parsed.commands.map((c) => viewCommand(c, engine.ruleset.programs));
  const verdict = engine.classify(unit.text, pctx);
  return { parsed, views, env, cwd: ctx.cwd, environment: verdict.environment, verdict };
}

/** What the human approves: the credential for this line, with what the classifier said of the line. */
function approvalVerdict(c: Credential, line: string, judged: Verdict): Verdict {
  const why = c.env === 'production' ? `${c.name} is a production credential` : `${c.name} was stored with --approve`;
  const lasts = c.ttlMs ? `; an approval lasts ${Math.round(c.ttlMs / 1000)} s for ${c.name} in this directory` : '; an approval is for this command, once';
  const message = `${why}: a human approves each use before the command receives it${lasts}`;
  const own = {
    rule: 'vault.approval',
    message,
    command: line,
    span: [0, line.length] as [number, number],
    decision: 'confirm' as const,
    risk: 'high' as const,
  };
  return {
    decision: 'confirm',
    risk: judged.risk === 'critical' ? 'critical' : 'high',
    environment: judged.environment ?? c.env,
    reasons: [own, ...judged.reasons],
  };
}

/** Asks for (or finds) the human's grant of `c` for this line. Returns the grant id, or the blocking message. */
async function grantFor(c: Credential, unit: Unit, ctx: GateContext, judged: Verdict): Promise<{ grant: string } | { stderr: string }> {
  const queue = await import('../approvals/queue.js');
  const key = unit.key ?? unit.text;
  const hit = queue.takeCredentialApproval(c.name, key, ctx.cwd, ctx.env);
  if (hit) return { grant: hit.id };
  const verdict = approvalVerdict(c, unit.text, judged);
  const request = queue.requestApproval(
    { line: key, cwd: ctx.cwd, verdict, agent: ctx.agent, kind: 'credential', credential: c.name, grantTtlMs: c.ttlMs },
    ctx.env,
  );
  const { approvalTtlMs } = await import('../approvals/approval-ttl.js');
  return { stderr: blockedMessage(`${headline(unit.text)} (credential ${c.name})`, verdict, request, approvalTtlMs(ctx.env)) };
}

function audit(c: Credential, grant: string | undefined, unit: Unit, ctx: GateContext): string | undefined {
  const res = appendAuditEvent({
    event: 'credential',
    source: ctx.source,
    sessionId: ctx.sessionId,
    actor: ctx.agent ? { kind: ctx.actor, agent: ctx.agent } : { kind: ctx.actor },
    cwd: ctx.cwd,
    line: unit.text,
    blocked: false,
    credential: { name: c.name, environment: c.env, ...(grant ? { grant } : {}) },
    note: `credential ${c.name} (${c.env}) given to this command${grant ? ` under grant ${grant}` : ''}`,
    ...(ctx.pid ? { pid: ctx.pid, viaDaemon: true } : {}),
  });
  return res.ok ? undefined : res.error;
}

function withheld(name: string, why: string): string {
  return `shellgate: ${name} withheld from this command: ${why}.\n`;
}

/**
 * The plan for `unit` (already allowed by the classifier). `eligible` is false when the line is not
 * a plain `-c` string (a script, stdin, a BASH_ENV prelude): then nothing is given.
 */
export async function planInjection(unit: Unit, ctx: GateContext, eligible: boolean): Promise<InjectionPlan> {
  let index;
  try {
    index = readIndex(ctx.env);
  } catch (err) {
    return { outcome: 'run', inject: [], stderr: `shellgate: vault credentials withheld: ${(err as Error).message}\n` };
  }
  const first = index ? candidates(index.credentials, unit.text) : [];
  if (first.length === 0) return NOTHING;
  const facts = lineFacts(unit, ctx);
  const wanted = first.filter((c) => wants(c, unit.text, facts.views));
  const plan: InjectionPlan = { outcome: 'run', inject: [], stderr: '' };
  const given: { c: Credential; grant?: string }[] = [];
  for (const c of wanted) {
    const problem = eligible ? scopeProblem(c, facts) : 'only a `-c` command line receives vault credentials';
    if (problem) {
      plan.stderr += withheld(c.name, problem) + `  (${c.name} is for ${c.env}; ${describeScope(c)}. Run the in-scope command on a line of its own.)\n`;
      continue;
    }
    if (!needsApproval(c)) {
      given.push({ c });
      continue;
    }
    const got = await grantFor(c, unit, ctx, facts.verdict);
    if ('stderr' in got) return { outcome: 'blocked', inject: [], stderr: plan.stderr + got.stderr };
    given.push({ c, grant: got.grant });
  }
  for (const { c, grant } of given) {
    const err = audit(c, grant, unit, ctx);
    if (err) plan.stderr += withheld(c.name, `the audit log is unavailable (${err}); no credential is given unrecorded`);
    else plan.inject.push(grant ? { name: c.name, grant } : { name: c.name });
  }
  recordUse(
    plan.inject.map((i) => i.name),
    ctx.env,
  );
  return plan;
}
