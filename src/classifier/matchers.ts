/*!
 * Does a rule's `match` hold for one command? Pure and cheap: the command view, its facts and the
 * line's environment are computed once and shared by all rules.
 */
import type { MatchSpec } from '../rules/types.js';
import type { CommandView } from './command-view.js';
import type { Fact } from './facts.js';
import type { Environment, Span } from './verdict.js';
import { anyGlob, globMatch } from './glob.js';

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

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export function matchSpec(spec: MatchSpec, input: MatchInput): MatchResult | null {
  const { view, facts } = input;
  let span: Span = view.cmd.span;
  let detail: string | undefined;
  if (spec.program !== undefined && (!view.program || !anyGlob(list(spec.program), view.program))) return null;
  if (spec.environment !== undefined && (!input.environment || !list(spec.environment).includes(input.environment))) return null;
  let argStart = 0;
  if (spec.subcommand !== undefined) {
    const n = matchSubcommand(list(spec.subcommand), view);
    if (n < 0) return null;
    argStart = n;
    if (n > 0) span = [view.cmd.span[0], Math.max(view.positionals[n - 1].span[1], view.cmd.argv[0].span[1])];
  }
  const given = view.flags.filter((f) => !switchedOff(f));
  if (spec.flags && !given.some((f) => flagIn(f.name, spec.flags!))) return null;
  if (spec.all_flags && !spec.all_flags.every((alt) => { const names = alt.split('|'); return given.some((f) => flagIn(f.name, names)); })) return null;
  if (spec.not_flags && given.some((f) => spec.not_flags!.includes(f.name) || spec.not_flags!.includes(f.name + '=' + f.value))) return null;
  if (spec.flag_values) {
    for (const [name, want] of Object.entries(spec.flag_values)) {
      if (!view.flags.some((f) => f.name === name && f.value !== null && anyGlob(list(want), f.value))) return null;
    }
  }
  if (spec.args) {
    const hit = view.positionals.slice(argStart).find((w) => anyGlob(spec.args!, w.value));
    if (!hit) return null;
    span = hit.span;
  }
  if (spec.facts) {
    const hit = facts.find((f) => anyGlob(spec.facts!, f.id));
    if (!hit) return null;
    span = hit.span;
    detail = hit.detail;
  }
  if (spec.not_facts && facts.some((f) => anyGlob(spec.not_facts!, f.id))) return null;
  if (spec.any) {
    const hit = spec.any.map((a) => matchSpec(a, input)).find((r) => r !== null);
    if (!hit) return null;
    if (hit.span[0] !== view.cmd.span[0] || hit.span[1] !== view.cmd.span[1]) span = hit.span;
    detail ??= hit.detail;
  }
  if (spec.unless?.some((u) => matchSpec(u, input) !== null)) return null;
  return { span, detail };
}

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
function matchSubcommand(alternatives: string[], view: CommandView): number {
  for (const alt of alternatives) {
    const words = alt.split(/\s+/).filter(Boolean);
    if (words.length > view.positionals.length) continue;
    if (words.every((w, i) => !view.positionals[i].dynamic && globMatch(w, view.positionals[i].value))) return words.length;
  }
  return -1;
}
