/*
 * One source of truth for the format: the schema constants in src/rules/schema.ts. The shipped
 * JSON files and the generated validator must equal what they produce; the interfaces of
 * src/rules/types.ts and the key lists validate.ts uses must name the same keys; every shipped
 * ruleset must pass the schema and point editors at it with a `$schema` comment.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { RULESET_SCHEMA, RULE_TESTS_SCHEMA, schemaJson } from '../../src/rules/schema.js';
import { validatorSource } from '../../src/rules/schema-codegen.js';
import * as validate from '../../src/rules/validate.js';
import { ROOT } from './helpers.js';

const REGENERATE = 'npx tsc -p tsconfig.json && node bin/shellgate.js rules schema --write';

/** Property names of an exported interface in types.ts, read from its source text. */
function interfaceKeys(name: string): string[] {
  const src = readFileSync(join(ROOT, 'src/rules/types.ts'), 'utf8');
  const m = new RegExp(`export interface ${name}(?: extends [^{]+)? \\{([\\s\\S]*?)\\n\\}`).exec(src);
  if (!m) throw new Error(`interface ${name} not found in types.ts`);
  return [...m[1].matchAll(/^ {2}(\w+)\??:/gm)].map((x) => x[1]).sort();
}

const keys = (o: object) => Object.keys(o).sort();
const D = RULESET_SCHEMA.definitions;

describe('schema files are generated from schema.ts', () => {
  it.each([
    ['schema/ruleset.schema.json', RULESET_SCHEMA],
    ['schema/ruleset-tests.schema.json', RULE_TESTS_SCHEMA],
  ])('%s is up to date', (file, schema) => {
    expect(readFileSync(join(ROOT, file), 'utf8'), `regenerate with: ${REGENERATE}`).toBe(schemaJson(schema));
  });

  it('the generated validator is up to date', () => {
    const committed = readFileSync(join(ROOT, 'src/rules/schema-validator.generated.ts'), 'utf8');
    expect(committed === validatorSource(), `regenerate with: ${REGENERATE}`).toBe(true);
  });
});

describe('types.ts, schema.ts and validate.ts name the same keys', () => {
  it.each([
    ['RulesetFile', keys(RULESET_SCHEMA.properties)],
    ['Rule', [...keys(D.rule.properties), 'source'].sort()],
    ['MatchSpec', keys(D.match.properties)],
    ['RuleExamples', keys(D.examples.properties)],
    ['EnvironmentsSection', keys(D.environments.properties)],
    ['RuleTestCase', keys(RULE_TESTS_SCHEMA.definitions.case.properties)],
    ['RuleTestExpect', keys(RULE_TESTS_SCHEMA.definitions.expect.properties)],
  ])('%s', (name, schemaKeys) => {
    expect(interfaceKeys(name)).toEqual(schemaKeys);
  });

  it.each([
    ['TOP_KEYS', validate.TOP_KEYS, keys(RULESET_SCHEMA.properties)],
    ['RULE_KEYS', validate.RULE_KEYS, keys(D.rule.properties)],
    ['MATCH_KEYS', validate.MATCH_KEYS, keys(D.match.properties)],
    ['ACTION_KEYS', validate.ACTION_KEYS, keys(D.action.else.properties)],
  ])('validate.%s', (_name, list, schemaKeys) => {
    expect([...list].sort()).toEqual(schemaKeys);
  });

  it('the action keys are the environments plus default and the actors', () => {
    expect([...validate.ACTION_KEYS].sort()).toEqual(['agent', 'default', 'human', ...D.environment.enum].sort());
  });
});

/** Every ruleset and case file shipped in rulesets/ (built-ins and examples). */
function shippedFiles(dir = join(ROOT, 'rulesets')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? shippedFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

describe('shipped rulesets', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const rulesetSchema = ajv.compile(RULESET_SCHEMA);
  const testsSchema = ajv.compile(RULE_TESTS_SCHEMA);

  it.each(shippedFiles().map((f) => [f.slice(ROOT.length + 1), f]))('%s passes its schema and names it for editors', (_rel, file) => {
    const text = readFileSync(file, 'utf8');
    const isTests = /\.test\.ya?ml$/.test(file);
    const check = isTests ? testsSchema : rulesetSchema;
    expect(check(parse(text)), JSON.stringify(check.errors)).toBe(true);
    const m = /^# yaml-language-server: \$schema=(\S+)$/m.exec(text);
    expect(m, 'first line: # yaml-language-server: $schema=…').not.toBeNull();
    const target = resolve(dirname(file), m![1]);
    expect(target).toBe(join(ROOT, 'schema', isTests ? 'ruleset-tests.schema.json' : 'ruleset.schema.json'));
    expect(existsSync(target)).toBe(true);
  });
});
