/*!
 * Turns the schemas of schema.ts into validation code (ajv standalone), written to
 * src/rules/schema-validator.generated.ts. Loading a ruleset then costs no ajv import and no
 * schema compilation (≈150 ms saved on every hook call); test/rules/schema.test.ts fails
 * when the generated file is stale. Regenerate with `shellgate rules schema --write`.
 */
import { Ajv } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';
import { RULESET_SCHEMA, RULE_TESTS_SCHEMA } from './schema.js';

const HEADER = `// @ts-nocheck
/*! Generated from src/rules/schema.ts by src/rules/schema-codegen.ts (ajv standalone): do not edit.
 * Regenerate with \`npx tsc -p tsconfig.json && node bin/shellgate.js rules schema --write\`. */
`;

// A CommonJS module: under NodeNext its default import is module.exports, whose `default` is the function.
const standaloneCode = (standalone as unknown as { default: typeof standalone.default }).default;

/** The source of the generated validator module (exports `ruleset` and `tests`). */
export function validatorSource(): string {
  const ajv = new Ajv({ allErrors: true, strict: false, code: { source: true, esm: true, lines: true } });
  ajv.addSchema(RULESET_SCHEMA, 'ruleset');
  ajv.addSchema(RULE_TESTS_SCHEMA, 'tests');
  return HEADER + standaloneCode(ajv, { ruleset: 'ruleset', tests: 'tests' }) + '\n';
}
