/*!
 * The data behind `shellgate explain`: for each command of the line, its model (program, argv,
 * origin, wrappers, stdin), how rules see it (flags, positionals), its facts, and every rule
 * considered with "matched" or the first condition that failed. The failing condition is found
 * by re-running the classifier's own `matchSpec` on parts of the rule's match, in the order
 * matchSpec checks them, so the explanation cannot disagree with the verdict.
 */
import type { Command } from '../parser/model.js';
import type { Fact } from '../classifier/facts.js';
import type { Environment, Verdict } from '../core/verdict.js';
import { CompiledRules, type CommandTrace } from '../classifier/engine.js';
import { matchSpec, type MatchInput } from '../classifier/matchers.js';
import { viewCommand } from '../classifier/command-view.js';
import type { MatchSpec, Rule, RuleSet } from '../rules/types.js';

export interface RuleCheck {
  id: string;
  source?: string;
  matched: boolean;
  /** The first condition that failed (`flags`), when not matched. */
  condition?: string;
  /** Why it failed, in words. */
  why?: string;
  /** True when the failed condition is the rule's first one (the rule never got close). */
  firstCondition?: boolean;
}

export interface CommandExplanation {
  text: string;
  program: string | null;
  argv: string[];
  origin: Command['origin'];
  via: string[];
  depth: number;
  remote?: string;
  stdin: string | null;
  assignments: string[];
  redirects: string[];
  flags: string[];
  positionals: string[];
  facts: { id: string; detail?: string; text: string }[];
  rules: RuleCheck[];
}

export interface Explanation {
  line: string;
  commands: CommandExplanation[];
  environment: Environment | null;
  environmentEvidence?: string;
  verdict: Verdict;
}

/**
 * Builds the explanation from the classifier's trace of one line. `allRules`: check every rule
 * against every command, also those written for another program (`explain --all`).
 */
export function explain(line: string, verdict: Verdict, trace: CommandTrace[], ruleset: RuleSet, allRules = false): Explanation {
  const compiled = new CompiledRules(ruleset);
  const candidates = (program: string | null) => (allRules ? ruleset.rules : compiled.rulesFor(program));
  const commands = trace.map((t) => explainCommand(line, t, candidates, ruleset, verdict.environment));
  const out: Explanation = { line, commands, environment: verdict.environment, verdict };
  if (verdict.environmentEvidence) out.environmentEvidence = verdict.environmentEvidence;
  return out;
}

function explainCommand(
  line: string,
  t: CommandTrace,
  candidates: (program: string | null) => readonly Rule[],
  ruleset: RuleSet,
  env: Environment | null,
): CommandExplanation {
  const view = viewCommand(t.command, ruleset.programs);
  const input: MatchInput = { view, facts: t.facts, environment: env };
  const c = t.command;
  const out: CommandExplanation = {
    text: c.text,
    program: c.program,
    argv: c.argv.map((w) => w.value),
    origin: c.origin,
    via: c.via,
    depth: c.depth,
    stdin: stdinText(c),
    assignments: c.assignments.map((a) => `${a.name}=${a.value.value}`),
    redirects: c.redirects.map((r) => `${r.fd ?? ''}${r.op} ${r.target.value}`),
    flags: view.flags.map((f) => (f.value === null ? f.name : `${f.name}=${f.value}`)),
    positionals: view.positionals.map((w) => w.value),
    facts: t.facts.map((f: Fact) => ({ id: f.id, ...(f.detail ? { detail: f.detail } : {}), text: line.slice(f.span[0], f.span[1]) })),
    rules: candidates(view.program).map((r) => checkRule(r, input, t.matched.includes(r.id))),
  };
  if (c.remote) out.remote = c.remote;
  return out;
}

function stdinText(c: Command): string | null {
  const s = c.stdin;
  if (!s) return null;
  if (s.kind === 'file') return `file ${s.path.value}`;
  if (s.kind === 'pipe') return `pipe from ${s.from.map((f) => f.program ?? '?').join(', ')}`;
  return s.kind;
}

function checkRule(rule: Rule, input: MatchInput, matched: boolean): RuleCheck {
  const base: RuleCheck = { id: rule.id, matched, ...(rule.source ? { source: rule.source } : {}) };
  if (matched) return base;
  const failed = firstFailure(rule.match, input);
  if (!failed) return { ...base, condition: 'match', why: 'did not match' };
  const first = CONDITION_ORDER.find((k) => rule.match[k] !== undefined);
  return { ...base, ...failed, firstCondition: failed.condition === first };
}

/** The order in which matchSpec checks conditions. */
const CONDITION_ORDER: (keyof MatchSpec)[] = [
  'program',
  'environment',
  'subcommand',
  'flags',
  'all_flags',
  'not_flags',
  'flag_values',
  'args',
  'facts',
  'not_facts',
  'any',
  'unless',
];

/** The first condition of a match that fails, in matchSpec's order; null when all hold. */
export function firstFailure(spec: MatchSpec, input: MatchInput): { condition: string; why: string } | null {
  const v = input.view;
  const holds = (part: MatchSpec) => matchSpec(part, input) !== null;
  const list = (x: string | string[] | undefined) => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
  const flagNames = v.flags.map((f) => f.name).join(' ') || 'none';
  const checks: [keyof MatchSpec, () => string | null][] = [
    [
      'program',
      () => (holds({ program: spec.program }) ? null : `program is ${v.program ?? 'unknown (dynamic)'}, the rule wants ${list(spec.program).join(' or ')}`),
    ],
    [
      'environment',
      () =>
        holds({ environment: spec.environment })
          ? null
          : `the line targets ${input.environment ?? 'no environment'}, the rule wants ${list(spec.environment).join(' or ')}`,
    ],
    [
      'subcommand',
      () =>
        holds({ subcommand: spec.subcommand })
          ? null
          : `first words are "${v.positionals
              .slice(0, 3)
              .map((w) => w.value)
              .join(' ')}", the rule wants ${list(spec.subcommand)
              .map((s) => `"${s}"`)
              .join(' or ')}`,
    ],
    ['flags', () => (holds({ flags: spec.flags }) ? null : `none of ${spec.flags!.join(', ')} (flags: ${flagNames})`)],
    [
      'all_flags',
      () => {
        const missing = spec.all_flags!.find((a) => !holds({ all_flags: [a] }));
        return missing ? `missing ${missing} (flags: ${flagNames})` : null;
      },
    ],
    [
      'not_flags',
      () => (holds({ not_flags: spec.not_flags }) ? null : `has an excluded flag (${spec.not_flags!.filter((f) => !holds({ not_flags: [f] })).join(', ')})`),
    ],
    [
      'flag_values',
      () => {
        const bad = Object.entries(spec.flag_values!).find(([k, val]) => !holds({ flag_values: { [k]: val } }));
        if (!bad) return null;
        const have = v.flags.filter((f) => f.name === bad[0]).map((f) => f.value ?? '(no value)');
        return `${bad[0]} ${have.length ? `is ${have.join(', ')}` : 'is not given'}, the rule wants ${list(bad[1]).join(' or ')}`;
      },
    ],
    ['args', () => (holds({ subcommand: spec.subcommand, args: spec.args }) ? null : `no argument matches ${spec.args!.join(', ')}`)],
    [
      'facts',
      () => (holds({ facts: spec.facts }) ? null : `no fact matches ${spec.facts!.join(', ')} (facts: ${input.facts.map((f) => f.id).join(', ') || 'none'})`),
    ],
    [
      'not_facts',
      () =>
        holds({ not_facts: spec.not_facts })
          ? null
          : `has an excluded fact (${input.facts
              .filter((f) => !holds({ not_facts: [f.id] }))
              .map((f) => f.id)
              .join(', ')})`,
    ],
    [
      'any',
      () => {
        if (holds({ any: spec.any })) return null;
        const whys = spec.any!.map((a, i) => `#${i + 1} ${describe(firstFailure(a, input))}`);
        return `none of the alternatives matched: ${whys.join('; ')}`;
      },
    ],
    [
      'unless',
      () => {
        const i = spec.unless!.findIndex((u) => holds(u));
        return i < 0 ? null : `unless #${i + 1} matched (${Object.keys(spec.unless![i]).join(', ')})`;
      },
    ],
  ];
  for (const [key, check] of checks) {
    if (spec[key] === undefined) continue;
    const why = check();
    if (why) return { condition: key, why };
  }
  return null;
}

function describe(f: { condition: string; why: string } | null): string {
  return f ? `${f.condition}: ${f.why}` : 'matched';
}
