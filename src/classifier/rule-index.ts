/*!
 * Which rules can match a command at all, decided once per program name. A rule whose `match`
 * (directly, or in every alternative of its `any`) names programs can only match those programs;
 * the others stay candidates for every command. The candidates keep the ruleset's order (the
 * program's own rules, then the general ones), so verdicts and the order of their reasons are
 * the same as when every rule is tried; only rules that cannot match are skipped.
 */
import type { MatchSpec, Rule } from '../rules/types.js';
import { anyGlob } from './glob.js';

/** Programs beyond this many distinct names are not remembered (the list is computed each time). */
const MAX_PROGRAMS = 4096;

export class RuleIndex {
  private readonly gates: (string[] | null)[];
  private readonly byProgram = new Map<string, Rule[]>();
  private readonly anyProgram: Rule[];

  /**
   * `own(program)`: the rules written for that literal program name; `general`: every other rule.
   * Both in ruleset order, as the classifier always tried them.
   */
  constructor(private readonly own: (program: string) => Rule[] | undefined, private readonly general: Rule[]) {
    this.gates = general.map((r) => programGate(r.match));
    this.anyProgram = general.filter((_, i) => this.gates[i] === null);
  }

  /** The rules that can match a command running `program` (null: a command without a known name). */
  candidates(program: string | null): Rule[] {
    if (!program) return this.anyProgram;
    let rules = this.byProgram.get(program);
    if (rules) return rules;
    const own = this.own(program) ?? [];
    rules = [...own];
    for (let i = 0; i < this.general.length; i++) {
      const gate = this.gates[i];
      if (gate === null || anyGlob(gate, program)) rules.push(this.general[i]!);
    }
    if (this.byProgram.size < MAX_PROGRAMS) this.byProgram.set(program, rules);
    return rules;
  }
}

/**
 * The program globs a spec can only match, or null when it can match any program. `program`
 * bounds the spec; without it, `any` bounds it when every alternative is bounded.
 */
export function programGate(spec: MatchSpec): string[] | null {
  if (spec.program !== undefined) return Array.isArray(spec.program) ? spec.program : [spec.program];
  if (!spec.any || spec.any.length === 0) return null;
  const all: string[] = [];
  for (const alt of spec.any) {
    const g = programGate(alt);
    if (g === null) return null;
    all.push(...g);
  }
  return all;
}
