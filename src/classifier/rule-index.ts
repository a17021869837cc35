/*!
 * Which rules can match a command at all. Decided once per program name: a rule whose `match`
 * (directly, or in every alternative of its `any`) names programs can only match those programs.
 * Decided once per fact id: a rule whose `match` needs a fact (`facts:`) can only match a command
 * with a fact its globs match. The candidates keep the ruleset's order (the program's own rules,
 * then the general ones), so verdicts and the order of their reasons are the same as when every
 * rule is tried; only rules that cannot match are skipped.
 */
import type { MatchSpec, Rule } from '../rules/types.js';
import type { Fact } from './facts.js';
import { anyGlob } from '../rules/glob.js';

/** Names beyond this many are not remembered (worked out again each time). */
const MAX_KEYS = 4096;

/** The rules that can match a program's commands, each with its fact gate (an index into the fact lists, or -1). */
export interface Candidates {
  rules: Rule[];
  gates: Int32Array;
}

export class RuleIndex {
  private readonly programGates: (string[] | null)[];
  private readonly byProgram = new Map<string, Candidates>();
  private readonly anyProgram: Candidates;
  /** The distinct `facts:` lists of the rules; a rule's fact gate is its list's index. */
  private readonly factLists: string[][] = [];
  private readonly factGate = new Map<Rule, number>();
  private readonly masks = new Map<string, Uint8Array>();

  /**
   * `own(program)`: the rules written for that literal program name; `general`: every other rule.
   * Both in ruleset order, as the classifier always tried them.
   */
  constructor(
    private readonly own: (program: string) => Rule[] | undefined,
    private readonly general: Rule[],
  ) {
    this.programGates = general.map((r) => programGate(r.match));
    this.anyProgram = this.candidates0(general.filter((_, i) => this.programGates[i] === null));
  }

  /** The rules that can match a command running `program` (null: a command without a known name). */
  candidates(program: string | null): Candidates {
    if (!program) return this.anyProgram;
    let found = this.byProgram.get(program);
    if (found) return found;
    const rules = [...(this.own(program) ?? [])];
    for (let i = 0; i < this.general.length; i++) {
      const gate = this.programGates[i];
      if (gate === null || anyGlob(gate, program)) rules.push(this.general[i]!);
    }
    found = this.candidates0(rules);
    if (this.byProgram.size < MAX_KEYS) this.byProgram.set(program, found);
    return found;
  }

  /**
   * Which fact lists a command's facts satisfy (by fact-list index), or null when it has no facts.
   * A candidate whose gate is not set here cannot match the command.
   */
  factMask(facts: readonly Fact[]): Uint8Array | null {
    if (facts.length === 0) return null;
    if (facts.length === 1) return this.maskOf(facts[0]!.id);
    const mask = new Uint8Array(this.factLists.length);
    for (const f of facts) {
      const m = this.maskOf(f.id);
      for (let i = 0; i < m.length; i++) mask[i] |= m[i]!;
    }
    return mask;
  }

  private maskOf(id: string): Uint8Array {
    let mask = this.masks.get(id);
    if (mask && mask.length === this.factLists.length) return mask;
    mask = new Uint8Array(this.factLists.length);
    for (let i = 0; i < this.factLists.length; i++) mask[i] = anyGlob(this.factLists[i]!, id) ? 1 : 0;
    if (this.masks.size < MAX_KEYS) this.masks.set(id, mask);
    return mask;
  }

  private candidates0(rules: Rule[]): Candidates {
    const gates = new Int32Array(rules.length);
    for (let i = 0; i < rules.length; i++) gates[i] = this.gateOf(rules[i]!);
    return { rules, gates };
  }

  /** A rule's fact gate: the index of its `facts:` list (its match needs one of those facts), or -1. */
  private gateOf(rule: Rule): number {
    let gate = this.factGate.get(rule);
    if (gate !== undefined) return gate;
    const list = rule.match.facts;
    gate = list ? this.factLists.indexOf(list) : -1;
    if (list && gate < 0) gate = this.factLists.push(list) - 1;
    this.factGate.set(rule, gate);
    return gate;
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
