/*!
 * The classifier: (parsed line, rules, context) → verdict. Pure: no I/O; files it may read come
 * through `ctx.readFile`. Every command of the line is viewed, analyzed into facts and matched
 * against every rule for its program; the strictest reason wins. What the parser could not see
 * through becomes a reason of its own, so an unknown is never `allow`.
 */
import type { Command, ParsedLine } from '../parser/model.js';
import type { Rule, RuleSet } from '../rules/types.js';
import { ruleOutcome } from '../rules/resolve-action.js';
import type { Context } from './context.js';
import { viewCommand, type CommandView } from './command-view.js';
import type { Analyzer, Fact } from './facts.js';
import { matchSpec } from './matchers.js';
import { EnvironmentDetector } from './environment.js';
import { combine, type Environment, type Reason, type Verdict } from '../core/verdict.js';
import { fsAnalyzer } from './analyzers/fs.js';
import { fsRewritesAnalyzer } from './analyzers/fs-rewrites.js';
import { pathShadowAnalyzer } from './analyzers/path-shadow.js';
import { verbsAnalyzer } from './analyzers/verbs.js';
import { jsonActionsAnalyzer } from './analyzers/json-actions.js';
import { httpAnalyzer } from './analyzers/http.js';
import { sqlAnalyzer } from './analyzers/sql.js';
import { codeAnalyzer } from './analyzers/code.js';
import { secretsAnalyzer } from './analyzers/secrets.js';
import { selfAnalyzer } from './analyzers/self.js';
import { agentHooksAnalyzer } from './analyzers/agent-hooks.js';
import { issueReasons } from './issues.js';
import { RuleIndex, type Candidates } from './rule-index.js';

const ANALYZERS: Analyzer[] = [
  fsAnalyzer,
  fsRewritesAnalyzer,
  pathShadowAnalyzer,
  verbsAnalyzer,
  jsonActionsAnalyzer,
  httpAnalyzer,
  sqlAnalyzer,
  codeAnalyzer,
  secretsAnalyzer,
  selfAnalyzer,
  agentHooksAnalyzer,
];

export interface EngineDeps {
  /** Postgres parser (libpg-query `parseSync`) when loaded. */
  parseSql: ((sql: string) => unknown) | null;
}

/** A ruleset prepared for fast matching: rules indexed by literal program name. */
export class CompiledRules {
  readonly byProgram = new Map<string, Rule[]>();
  readonly general: Rule[] = [];
  readonly detector: EnvironmentDetector;

  constructor(readonly ruleset: RuleSet) {
    for (const rule of ruleset.rules) {
      const programs = rule.match.program === undefined ? [] : Array.isArray(rule.match.program) ? rule.match.program : [rule.match.program];
      if (programs.length === 0 || programs.some((p) => /[*?{]/.test(p))) this.general.push(rule);
      else for (const p of programs) this.byProgram.set(p, [...(this.byProgram.get(p) ?? []), rule]);
    }
    const e = ruleset.environments;
    this.detector = new EnvironmentDetector({
      names: {
        production: { words: e.production.words ?? [], hosts: e.production.hosts ?? [] },
        staging: { words: e.staging.words ?? [], hosts: e.staging.hosts ?? [] },
        development: { words: e.development.words ?? [], hosts: e.development.hosts ?? [] },
      },
      envVars: e.env_vars,
      urlVars: e.url_vars,
      hostFlags: e.host_flags,
    });
  }

  private readonly forProgram = new Map<string, Rule[]>();
  private index: RuleIndex | null = null;

  /** The rules that can match a command of `program` (those that cannot are skipped), in `rulesFor` order. */
  candidatesFor(program: string | null): Candidates {
    this.index ??= new RuleIndex((p) => this.byProgram.get(p), this.general);
    return this.index.candidates(program);
  }

  /** Which candidates' fact gates a command's facts open (see RuleIndex). */
  factMask(facts: readonly Fact[]): Uint8Array | null {
    this.index ??= new RuleIndex((p) => this.byProgram.get(p), this.general);
    return this.index.factMask(facts);
  }

  /** The rules for a program: its own, then the general ones (one array per program, reused). */
  rulesFor(program: string | null): Rule[] {
    if (!program) return this.general;
    const own = this.byProgram.get(program);
    if (!own) return this.general;
    let rules = this.forProgram.get(program);
    if (!rules) {
      rules = [...own, ...this.general];
      this.forProgram.set(program, rules);
    }
    return rules;
  }
}

export interface CommandTrace {
  command: Command;
  facts: Fact[];
  matched: string[];
}

export function classify(line: ParsedLine, rules: CompiledRules, given: Context, deps: EngineDeps, trace?: CommandTrace[]): Verdict {
  const ctx = given;
  const views = line.commands.map((c) => viewCommand(c, rules.ruleset.programs));
  const env = rules.detector.detect(line, views, ctx);
  const reasons: Reason[] = [...issueReasons(line, views, ctx)];
  for (let i = 0; i < views.length; i++) {
    const view = views[i]!;
    // A `cd` earlier in the line moves where this command's relative paths point, and what the line
    // wrote before this command (`echo 'DROP TABLE t' > x.sql; psql -f x.sql`) is what it reads.
    const here = contextAt(ctx, view, line.written, i, line.projects);
    const facts: Fact[] = [];
    const input = { view, ctx: here, line, parseSql: deps.parseSql, earlier: facts };
    for (const analyze of ANALYZERS) for (const f of analyze(input)) facts.push(f);
    const matched: string[] = [];
    const against = { view, facts, environment: env.environment };
    const { rules: candidates, gates } = rules.candidatesFor(view.program);
    const mask = rules.factMask(facts);
    for (let k = 0; k < candidates.length; k++) {
      if (gates[k]! >= 0 && !mask?.[gates[k]!]) continue; // it needs a fact the command does not have
      const rule = candidates[k]!;
      const m = matchSpec(rule.match, against);
      if (!m) continue;
      matched.push(rule.id);
      reasons.push(reasonFor(rule, view, m.detail, env.environment, ctx));
    }
    trace?.push({ command: view.cmd, facts, matched });
  }
  return combine(dedupe(reasons), env.environment, env.evidence);
}

function contextAt(ctx: Context, view: CommandView, written: ParsedLine['written'], at: number, projects?: string[]): Context {
  let moved = view.cmd.cwd && view.cmd.cwd !== ctx.cwd ? { ...ctx, cwd: view.cmd.cwd, lineCwd: ctx.cwd } : ctx;
  // Checkouts the line makes (`git clone … /tmp/app`) are projects like those marked on disk.
  if (projects) moved = { ...moved, projectRoot: (p) => projects.find((d) => p === d || p.startsWith(d + '/')) ?? ctx.projectRoot?.(p) };
  if (!written) return moved;
  return {
    ...moved,
    readFile: (p) => {
      const w = written[p];
      return w && at > w.from ? w.text : ctx.readFile?.(p);
    },
  };
}

/** A reason spans the command that triggered it (the part of the line that would run). */
function reasonFor(rule: Rule, view: CommandView, detail: string | undefined, env: Environment | null, ctx: Context): Reason {
  const { decision, risk, production } = ruleOutcome(rule, env, ctx.actor);
  const vars = { detail: detail ?? '', program: view.program ?? '', environment: env ?? '' };
  const message = fill(rule.message, vars) + (production ? ' (target: production)' : '');
  const r: Reason = { rule: rule.id, message, command: view.cmd.text, span: view.cmd.span, decision, risk };
  if (rule.alternative) r.alternative = fill(rule.alternative, vars);
  return r;
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
}

function dedupe(reasons: Reason[]): Reason[] {
  const seen = new Set<string>();
  return reasons.filter((r) => {
    const key = `${r.rule}@${r.span[0]}:${r.span[1]}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
