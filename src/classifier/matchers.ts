/*!
 * Does a rule's `match` hold for one command? Pure and cheap: the command view, its facts and the
 * line's environment are computed once and shared by all rules.
 */
import type { MatchSpec } from '../rules/types.js';
import type { CommandView, Flag } from './command-view.js';
import type { Word } from '../parser/model.js';
import type { Fact } from './facts.js';
import type { Environment, Span } from '../core/verdict.js';
import { anyGlob, globMatch } from '../rules/glob.js';

export interface MatchInput {
  view: CommandView;
  facts: Fact[];
  environment: Environment | null;
}

/** The result of a match: the span that triggered it and the fact detail, if any. */
export interface MatchResult {
  span: Span;
  detail?: string;
}

// Plain indexed loops, no closures or iterators: matchSpec runs for every rule on every command, and what it
// allocates is most of the engine's garbage (the GC pauses are its p99).

/** Is `value` the rule field `v` or one of its list? */
function isIn(v: string | string[], value: string): boolean {
  return typeof v === 'string' ? v === value : v.includes(value);
}

function factIn(facts: Fact[], patterns: string[]): Fact | undefined {
  if (facts.length === 0) return undefined;
  let known = factMatches.get(patterns);
  if (!known) factMatches.set(patterns, (known = new Map()));
  for (let i = 0; i < facts.length; i++) {
    const id = facts[i]!.id;
    let hit = known.get(id);
    if (hit === undefined) {
      hit = anyGlob(patterns, id);
      if (known.size < MAX_FACT_IDS) known.set(id, hit);
    }
    if (hit) return facts[i];
  }
  return undefined;
}

/** Per rule pattern list (the ruleset's own arrays): fact id → whether one of its globs matches. Fact ids are few. */
const factMatches = new WeakMap<string[], Map<string, boolean>>();
const MAX_FACT_IDS = 1024;

function anyFlagIn(flags: Flag[], names: string[]): boolean {
  for (let i = 0; i < flags.length; i++) if (flagIn(flags[i]!.name, names)) return true;
  return false;
}

function notFlagGiven(flags: Flag[], notFlags: string[]): boolean {
  for (let i = 0; i < flags.length; i++) {
    const f = flags[i]!;
    if (notFlags.includes(f.name)) return true;
    if (f.value !== null && notFlags.includes(f.name + '=' + f.value)) return true;
  }
  return false;
}

function flagValueIn(flags: Flag[], name: string, want: string | string[]): boolean {
  for (let i = 0; i < flags.length; i++) {
    const f = flags[i]!;
    if (f.name === name && f.value !== null && globIn(want, f.value)) return true;
  }
  return false;
}

function globIn(patterns: string | string[], value: string): boolean {
  return typeof patterns === 'string' ? globMatch(patterns, value) : anyGlob(patterns, value);
}

/** The command's flags that count as given (not switched off); most commands have none switched off. */
function given(view: CommandView): Flag[] {
  for (let i = 0; i < view.flags.length; i++) if (switchedOff(view.flags[i]!)) return view.flags.filter((x) => !switchedOff(x));
  return view.flags;
}

export function matchSpec(spec: MatchSpec, input: MatchInput): MatchResult | null {
  const { view, facts } = input;
  let span: Span = view.cmd.span;
  let detail: string | undefined;
  if (spec.program !== undefined && (!view.program || !globIn(spec.program, view.program))) return null;
  if (spec.environment !== undefined && (!input.environment || !isIn(spec.environment, input.environment))) return null;
  // Facts first: most general rules need one, and most commands have none.
  let fact: Fact | undefined;
  if (spec.facts) {
    fact = factIn(facts, spec.facts);
    if (!fact) return null;
  }
  if (spec.not_facts && factIn(facts, spec.not_facts)) return null;
  let argStart = 0;
  if (spec.subcommand !== undefined) {
    const n = matchSubcommand(spec.subcommand, view);
    if (n < 0) return null;
    argStart = n;
    if (n > 0) span = [view.cmd.span[0], Math.max(view.positionals[n - 1].span[1], view.cmd.argv[0].span[1])];
  }
  if (spec.flags || spec.all_flags || spec.not_flags) {
    const flags = given(view);
    if (spec.flags && !anyFlagIn(flags, spec.flags)) return null;
    if (spec.all_flags) for (let i = 0; i < spec.all_flags.length; i++) if (!anyFlagIn(flags, alternatives(spec.all_flags[i]!))) return null;
    if (spec.not_flags && notFlagGiven(flags, spec.not_flags)) return null;
  }
  if (spec.flag_values) {
    for (const name in spec.flag_values) if (!flagValueIn(view.flags, name, spec.flag_values[name]!)) return null;
  }
  if (spec.args) {
    const hit = firstArg(view, argStart, spec.args);
    if (!hit) return null;
    span = hit.span;
  }
  if (fact) {
    span = fact.span;
    detail = fact.detail;
  }
  if (spec.any) {
    let hit: MatchResult | null = null;
    for (let i = 0; i < spec.any.length; i++) if ((hit = matchSpec(spec.any[i]!, input))) break;
    if (!hit) return null;
    if (hit.span[0] !== view.cmd.span[0] || hit.span[1] !== view.cmd.span[1]) span = hit.span;
    detail ??= hit.detail;
  }
  if (spec.unless) for (let i = 0; i < spec.unless.length; i++) if (matchSpec(spec.unless[i]!, input) !== null) return null;
  return { span, detail };
}

function firstArg(view: CommandView, from: number, patterns: string[]): Word | undefined {
  for (let i = from; i < view.positionals.length; i++) if (anyGlob(patterns, view.positionals[i].value)) return view.positionals[i];
  return undefined;
}

/** `a|b` → ['a', 'b'], and `push --force` → ['push', '--force']: split once per pattern. */
function splitter(sep: RegExp | string): (s: string) => string[] {
  const cache = new Map<string, string[]>();
  return (s) => {
    let parts = cache.get(s);
    if (!parts) {
      parts = s.split(sep).filter(Boolean);
      cache.set(s, parts);
    }
    return parts;
  };
}
const alternatives = splitter('|');
const words = splitter(/\s+/);

/** A switch given the value that turns it off (`--dry-run=none`, `--force=false`) is not given. */
function switchedOff(f: { value: string | null }): boolean {
  return f.value !== null && /^(none|false|no|off)$/i.test(f.value);
}

/**
 * A given flag matches a rule's flag exactly, or as an abbreviation of a long option (`--ha` for
 * `--hard`), which git and getopt_long programs accept.
 */
function flagIn(given: string, names: string[]): boolean {
  if (names.includes(given)) return true;
  return given.startsWith('--') && given.length >= 4 && names.some((n) => n.startsWith(given));
}

/** Number of positionals consumed by the first matching alternative, or -1. */
function matchSubcommand(alts: string | string[], view: CommandView): number {
  if (typeof alts === 'string') return subcommandLength(alts, view);
  for (let i = 0; i < alts.length; i++) {
    const n = subcommandLength(alts[i]!, view);
    if (n >= 0) return n;
  }
  return -1;
}

/** The number of words of `alt` when the command's first positionals are them, else -1. */
function subcommandLength(alt: string, view: CommandView): number {
  const want = words(alt);
  if (want.length > view.positionals.length) return -1;
  for (let i = 0; i < want.length; i++) {
    const p = view.positionals[i];
    if (p.dynamic || !globMatch(want[i], p.value)) return -1;
  }
  return want.length;
}
