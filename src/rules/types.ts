/*!
 * The ruleset format (YAML) as TypeScript types. The JSON Schema (src/rules/schema.ts, written out
 * to schema/ruleset.schema.json) describes the same shape for editors and for validation; a
 * compile-time check in schema.ts and test/rules/schema.test.ts fail when the two drift.
 */
import type { Decision, Environment, Risk } from '../core/verdict.js';

/** Conditions on one command; every condition given must hold. */
export interface MatchSpec {
  /** Program name(s) after unwrapping; globs allowed (`mkfs.*`). */
  program?: string | string[];
  /** Leading positional words: `"volume rm"`; a list gives alternatives; words may be globs. */
  subcommand?: string | string[];
  /** Any of these flags (`-f` also matches inside `-rf`). */
  flags?: string[];
  /** Each entry must be present; `"-r|-R|--recursive"` gives alternatives for one entry. */
  all_flags?: string[];
  /** None of these flags. */
  not_flags?: string[];
  /** A flag whose value matches a glob: `{ "-X": "DELETE" }`. */
  flag_values?: Record<string, string | string[]>;
  /** Any positional word after the subcommand matches one of these globs. */
  args?: string[];
  /** Any fact whose id matches one of these globs (`fs.delete-recursive.{root,home}`). */
  facts?: string[];
  /** No fact matching these globs. */
  not_facts?: string[];
  /** Only when the line targets one of these environments. */
  environment?: Environment | Environment[];
  /** At least one of these must match too. */
  any?: MatchSpec[];
  /** The rule does not apply when any of these matches too. */
  unless?: MatchSpec[];
}

export type ActionByEnv = Partial<Record<Environment | 'default', Decision>>;
export type Action = Decision | (ActionByEnv & { agent?: Decision | ActionByEnv; human?: Decision | ActionByEnv });

export interface RuleExamples {
  match?: string[];
  not_match?: string[];
}

export interface Rule {
  id: string;
  description?: string;
  match: MatchSpec;
  risk: Risk;
  action: Action;
  /** Shown with the verdict; `{detail}`, `{program}`, `{environment}` are filled in. */
  message: string;
  alternative?: string;
  locked?: boolean;
  examples?: RuleExamples;
  /** Where the rule was loaded from (file:line), filled in by the loader. */
  source?: string;
}

export interface EnvironmentsSection {
  production?: { words?: string[]; hosts?: string[] };
  staging?: { words?: string[]; hosts?: string[] };
  development?: { words?: string[]; hosts?: string[] };
  env_vars?: string[];
  url_vars?: string[];
  host_flags?: string[];
}

/** One YAML file. */
export interface RulesetFile {
  name?: string;
  description?: string;
  /** Rulesets this file builds on: relative paths or npm package names, loaded before it. */
  extends?: string | string[];
  programs?: Record<string, { options_with_value?: string[] }>;
  environments?: EnvironmentsSection;
  rules?: Rule[];
}

/** Rules, program knowledge and environment names merged from all layers. */
export interface RuleSet {
  rules: Rule[];
  programs: Record<string, ProgramInfo>;
  environments: Required<EnvironmentsSection>;
}

/** What a `*.test.yaml` case expects; every field given must hold. */
export interface RuleTestExpect {
  decision?: Decision;
  risk?: Risk;
  /** Rule id(s) that must be among the verdict's reasons. */
  rule?: string | string[];
  /** Rule id(s) that must not be among the reasons. */
  not_rule?: string | string[];
  /** The environment the line targets; `none` for no environment. */
  environment?: Environment | 'none';
}

/** One case of a `*.test.yaml` file. */
export interface RuleTestCase {
  /** A note shown with a failure. */
  name?: string;
  command: string;
  env?: Record<string, string>;
  cwd?: string;
  actor?: 'agent' | 'human';
  expect: RuleTestExpect;
}

/** A `*.test.yaml` file: cases run by `shellgate rules test`. */
export interface RuleTestFile {
  name?: string;
  cases: RuleTestCase[];
}

/** What a ruleset says about a program (its `programs:` entry) that the command view needs. */
export interface ProgramInfo {
  /** Options that take the following word as their value. */
  optionsWithValue?: string[];
}
