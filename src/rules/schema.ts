/*!
 * The JSON Schema of ruleset files and of `*.test.yaml` case files: the single source of truth
 * for the format's keys. `schema/ruleset.schema.json` and `schema/ruleset-tests.schema.json` are
 * these constants written out (`shellgate rules schema --write`); the key lists used by the
 * validator are read from here; and the type checks at the end of this file stop the build when
 * the TypeScript types in types.ts and the schema disagree on a key.
 */
import type { MatchSpec, Rule, RuleExamples, RulesetFile, EnvironmentsSection, RuleTestCase, RuleTestExpect } from './types.js';

const STRINGS = { type: 'array', items: { type: 'string' } } as const;
const STRING_OR_LIST = { type: ['string', 'array'], items: { type: 'string' } } as const;

/** The ruleset format (draft-07, the dialect editors' YAML language servers understand best). */
export const RULESET_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'shellgate ruleset',
  description: 'Rules that classify shell commands as allow, confirm or deny. See docs/rulesets.md.',
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string', description: 'A short name for the pack.' },
    description: { type: 'string', description: 'What the pack is for.' },
    extends: {
      ...STRING_OR_LIST,
      description: 'Rulesets loaded before this one: a relative path (./team.yaml) or an npm package name (@acme/shellgate-rules).',
    },
    programs: {
      type: 'object',
      description: 'Program knowledge: which options take a value, so positional words are read right.',
      additionalProperties: { $ref: '#/definitions/program' },
    },
    environments: { $ref: '#/definitions/environments' },
    rules: { type: 'array', description: 'The rules; a later layer replaces a rule with the same id.', items: { $ref: '#/definitions/rule' } },
  },
  definitions: {
    decision: { type: 'string', enum: ['allow', 'confirm', 'deny'], description: 'allow, confirm or deny' },
    risk: { type: 'string', enum: ['none', 'low', 'medium', 'high', 'critical'], description: 'none, low, medium, high or critical' },
    environment: { type: 'string', enum: ['production', 'staging', 'development'], description: 'production, staging or development' },
    program: {
      type: 'object',
      additionalProperties: false,
      properties: { options_with_value: { ...STRINGS, description: 'Options that take the next word as their value (-C, --context).' } },
    },
    environmentNames: {
      type: 'object',
      additionalProperties: false,
      properties: {
        words: { ...STRINGS, description: 'Words that name the environment in flag values, variables and arguments (prod, live).' },
        hosts: { ...STRINGS, description: 'Host globs that belong to the environment (*.acme-prod.internal).' },
      },
    },
    environments: {
      type: 'object',
      description: "How a line's target environment is recognized; every layer adds to these lists.",
      additionalProperties: false,
      properties: {
        production: { $ref: '#/definitions/environmentNames' },
        staging: { $ref: '#/definitions/environmentNames' },
        development: { $ref: '#/definitions/environmentNames' },
        env_vars: { ...STRINGS, description: 'Variables whose value names the environment (KUBE_CONTEXT).' },
        url_vars: { ...STRINGS, description: 'Variables whose value is a URL or host (DATABASE_URL).' },
        host_flags: { ...STRINGS, description: 'Flags whose value is a host (--host).' },
      },
    },
    match: {
      type: 'object',
      description: 'Conditions on one command; every condition given must hold.',
      additionalProperties: false,
      properties: {
        program: { ...STRING_OR_LIST, description: 'Program name(s) after unwrapping sudo, env, bash -c …; globs allowed (mkfs.*).' },
        subcommand: { ...STRING_OR_LIST, description: 'Leading positional words ("volume rm"); a list gives alternatives; words may be globs.' },
        flags: { ...STRINGS, description: 'Any of these flags (-f also matches inside -rf).' },
        all_flags: { ...STRINGS, description: 'Each entry must be present; "-r|-R|--recursive" gives alternatives for one entry.' },
        not_flags: { ...STRINGS, description: 'None of these flags (or flag=value).' },
        flag_values: {
          type: 'object',
          description: 'A flag whose value matches a glob: { "-X": "DELETE" }.',
          additionalProperties: STRING_OR_LIST,
        },
        args: { ...STRINGS, description: 'Any positional word after the subcommand matches one of these globs.' },
        facts: { ...STRINGS, description: 'Any fact whose id matches one of these globs (fs.delete-recursive.{root,home}).' },
        not_facts: { ...STRINGS, description: 'No fact matching these globs.' },
        environment: {
          description: 'Only when the line targets one of these environments.',
          if: { type: 'string' },
          then: { $ref: '#/definitions/environment' },
          else: { type: 'array', items: { $ref: '#/definitions/environment' }, description: 'an environment or a list of them' },
        },
        any: { type: 'array', minItems: 1, items: { $ref: '#/definitions/match' }, description: 'At least one of these must match too.' },
        unless: { type: 'array', minItems: 1, items: { $ref: '#/definitions/match' }, description: 'The rule does not apply when any of these matches too.' },
      },
    },
    actorAction: {
      description: 'a decision, or a mapping of default/production/staging/development to a decision',
      if: { type: 'string' },
      then: { $ref: '#/definitions/decision' },
      else: {
        type: 'object',
        description: 'a decision, or a mapping of default/production/staging/development to a decision',
        additionalProperties: false,
        minProperties: 1,
        properties: {
          default: { $ref: '#/definitions/decision' },
          production: { $ref: '#/definitions/decision' },
          staging: { $ref: '#/definitions/decision' },
          development: { $ref: '#/definitions/decision' },
        },
      },
    },
    action: {
      description: 'allow, confirm or deny; or a mapping by environment (default, production, …) and actor (agent, human)',
      if: { type: 'string' },
      then: { $ref: '#/definitions/decision' },
      else: {
        type: 'object',
        description: 'allow, confirm or deny; or a mapping by environment (default, production, …) and actor (agent, human)',
        additionalProperties: false,
        minProperties: 1,
        properties: {
          default: { $ref: '#/definitions/decision' },
          production: { $ref: '#/definitions/decision' },
          staging: { $ref: '#/definitions/decision' },
          development: { $ref: '#/definitions/decision' },
          agent: { $ref: '#/definitions/actorAction' },
          human: { $ref: '#/definitions/actorAction' },
        },
      },
    },
    examples: {
      type: 'object',
      additionalProperties: false,
      description: 'Command lines this rule must fire on (match) and must not fire on (not_match).',
      properties: { match: STRINGS, not_match: STRINGS },
    },
    rule: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'match', 'risk', 'action', 'message'],
      properties: {
        id: {
          type: 'string',
          pattern: '^[A-Za-z0-9][A-Za-z0-9._:/-]*$',
          description: 'A unique id such as acme.kube-prod-delete; a later layer overrides the rule with the same id.',
        },
        description: { type: 'string' },
        match: { $ref: '#/definitions/match' },
        risk: { $ref: '#/definitions/risk' },
        action: { $ref: '#/definitions/action' },
        message: { type: 'string', description: 'Shown with the verdict; {detail}, {program} and {environment} are filled in.' },
        alternative: { type: 'string', description: 'A safer command to suggest.' },
        locked: { type: 'boolean', description: 'Later layers may tighten this rule but never loosen it.' },
        examples: { $ref: '#/definitions/examples' },
      },
    },
  },
} as const;

/** The format of `*.test.yaml` case files run by `shellgate rules test`. */
export const RULE_TESTS_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'shellgate rule tests',
  description: 'Command lines and the verdicts they must get. See docs/rulesets.md.',
  type: 'object',
  additionalProperties: false,
  required: ['cases'],
  properties: {
    name: { type: 'string' },
    cases: { type: 'array', items: { $ref: '#/definitions/case' } },
  },
  definitions: {
    case: {
      type: 'object',
      additionalProperties: false,
      required: ['command', 'expect'],
      properties: {
        name: { type: 'string', description: 'A note shown with a failure.' },
        command: { type: 'string', description: 'The command line to classify.' },
        env: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] }, description: 'The environment variables the line sees.' },
        cwd: { type: 'string', description: 'The working directory (default /home/dev/app).' },
        actor: { type: 'string', enum: ['agent', 'human'], description: 'Who types the line (default agent).' },
        expect: { $ref: '#/definitions/expect' },
      },
    },
    expect: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: {
        decision: { type: 'string', enum: ['allow', 'confirm', 'deny'] },
        risk: { type: 'string', enum: ['none', 'low', 'medium', 'high', 'critical'] },
        rule: { ...STRING_OR_LIST, description: 'Rule id(s) that must be among the reasons.' },
        not_rule: { ...STRING_OR_LIST, description: 'Rule id(s) that must not be among the reasons.' },
        environment: { type: 'string', enum: ['production', 'staging', 'development', 'none'] },
      },
    },
  },
} as const;

/** The JSON text of a schema as shipped in `schema/` (2-space indent, trailing newline). */
export function schemaJson(schema: object): string {
  return JSON.stringify(schema, null, 2) + '\n';
}

type Keys<T> = Extract<keyof T, string>;
const keysOf = <T extends object>(o: T): Keys<T>[] => Object.keys(o) as Keys<T>[];
const S = RULESET_SCHEMA.definitions;

/** Keys allowed at the top of a ruleset file. */
export const TOP_KEYS = keysOf(RULESET_SCHEMA.properties);
/** Keys of a rule. */
export const RULE_KEYS = keysOf(S.rule.properties);
/** Keys of a `match` (and of each `any`/`unless` entry). */
export const MATCH_KEYS = keysOf(S.match.properties);
/** Keys of an `action` mapping. */
export const ACTION_KEYS = keysOf(S.action.else.properties);
/** Keys of the `environments` section. */
export const ENVIRONMENT_KEYS = keysOf(S.environments.properties);
/** Rule risks, lowest first. */
export const RISKS = [...S.risk.enum];
/** Decisions, most permissive first. */
export const DECISIONS = [...S.decision.enum];
/** Keys of a test case. */
export const CASE_KEYS = keysOf(RULE_TESTS_SCHEMA.definitions.case.properties);

// Compile-time drift checks: each line fails to type-check when types.ts and the schema differ.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const drift: {
  top: Same<Keys<RulesetFile>, Keys<typeof RULESET_SCHEMA.properties>>;
  rule: Same<Exclude<Keys<Rule>, 'source'>, Keys<typeof S.rule.properties>>;
  match: Same<Keys<MatchSpec>, Keys<typeof S.match.properties>>;
  examples: Same<Keys<RuleExamples>, Keys<typeof S.examples.properties>>;
  environments: Same<Keys<EnvironmentsSection>, Keys<typeof S.environments.properties>>;
  testCase: Same<Keys<RuleTestCase>, Keys<typeof RULE_TESTS_SCHEMA.definitions.case.properties>>;
  expect: Same<Keys<RuleTestExpect>, Keys<typeof RULE_TESTS_SCHEMA.definitions.expect.properties>>;
} = { top: true, rule: true, match: true, examples: true, environments: true, testCase: true, expect: true };
void drift;
