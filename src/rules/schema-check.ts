/*!
 * Validation against the JSON Schema, with every error mapped back to the YAML text as
 * file:line:col and rewritten in the words of a ruleset author: unknown keys get a did-you-mean
 * and the list of allowed keys, enums list their values, type errors say what was expected.
 * All errors are reported, not the first only. The validators are ajv's code for schema.ts,
 * generated ahead of time (schema-codegen.ts), so loading rules neither imports nor compiles ajv.
 */
import type { ErrorObject } from 'ajv';
import type { Document, LineCounter } from 'yaml';
import type { Diagnostic } from './diagnostic.js';
import { RULESET_SCHEMA, RULE_TESTS_SCHEMA } from './schema.js';
import { keyNodeAt, nodeAt, parsePointer, positionOf, type DataPath } from './yaml-positions.js';
import { suggest } from './suggest.js';
import * as generated from './schema-validator.generated.js';

type Which = 'ruleset' | 'tests';
type Validate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
type SchemaNode = { [k: string]: unknown; description?: string; properties?: Record<string, unknown>; chosenBranch?: boolean };

function validator(which: Which): Validate {
  return (which === 'ruleset' ? generated.ruleset : generated.tests) as unknown as Validate;
}

/** Schema errors of parsed YAML data, each with the position of the offending node. */
export function schemaDiagnostics(which: Which, data: unknown, doc: Document, lc: LineCounter, file: string): Diagnostic[] {
  const validate = validator(which);
  if (validate(data)) return [];
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const e of relevant(validate.errors ?? [])) {
    const d = describe(e, data, doc, lc, file, which);
    const key = `${d.line}:${d.col}:${d.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(d);
    }
  }
  return out.sort((a, b) => a.line - b.line || a.col - b.col);
}

/** Drops ajv's bookkeeping errors (`if` failed) that only repeat an error of a branch. */
function relevant(errors: ErrorObject[]): ErrorObject[] {
  return errors.filter((e) => e.keyword !== 'if');
}

function describe(e: ErrorObject, data: unknown, doc: Document, lc: LineCounter, file: string, which: Which): Diagnostic {
  const path = parsePointer(e.instancePath);
  const where = whereOf(path, data, which);
  const field = fieldOf(path, which);
  const at = (node: ReturnType<typeof nodeAt>, message: string, fix?: string): Diagnostic => ({ file, ...positionOf(lc, node), message, fix });
  const root = (which === 'ruleset' ? RULESET_SCHEMA : RULE_TESTS_SCHEMA) as unknown as SchemaNode;
  const parent = schemaAt(root, path, data) ?? {};
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const allowed = Object.keys(parent.properties ?? {});
      const label = field ? `${where} ${field}` : where;
      if (allowed.length === 0) return at(keyNodeAt(doc, path, key), `${label}: unknown key "${key}"`);
      return at(keyNodeAt(doc, path, key), `${label}: unknown key "${key}"${suggest(key, allowed)}`, `use one of: ${allowed.join(', ')}`);
    }
    case 'required': {
      const key = String((e.params as { missingProperty: string }).missingProperty);
      return at(
        nodeAt(doc, path),
        `${where}: missing \`${key}\``,
        `add \`${key}:\` to the ${field || (which === 'tests' && path.length ? 'case' : path.length ? 'rule' : 'file')}`,
      );
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const value = String(valueAt(data, path));
      return at(
        nodeAt(doc, path),
        `${where} field "${field}": "${value}" is not one of ${allowed.join(', ')}${suggest(value, allowed)}`,
        `write one of: ${allowed.join(', ')}`,
      );
    }
    case 'type': {
      const expected = (parent.chosenBranch && parent.description) || typeWords((e.params as { type: string | string[] }).type);
      return at(nodeAt(doc, path), `${where}${field ? ` field "${field}"` : ''} must be ${expected}`, typeFix((e.params as { type: string | string[] }).type));
    }
    case 'pattern':
      return at(
        nodeAt(doc, path),
        `${where} field "${field}": "${String(valueAt(data, path))}" is not a valid ${field}`,
        'use letters, digits and . _ : / - (start with a letter or digit)',
      );
    case 'minItems':
    case 'minProperties':
      return at(nodeAt(doc, path), `${where} field "${field}" must not be empty`, 'remove the key or give it at least one entry');
    default:
      return at(nodeAt(doc, path), `${where}${field ? ` field "${field}"` : ''}: ${e.message ?? 'is invalid'}`);
  }
}

/** `rule "git.push-force"`, `case #3`, or `top level`. */
function whereOf(path: DataPath, data: unknown, which: Which): string {
  const list = which === 'ruleset' ? 'rules' : 'cases';
  if (path[0] === list && typeof path[1] === 'number') {
    const item = (data as Record<string, unknown[]>)[list]?.[path[1]] as Record<string, unknown> | undefined;
    if (which === 'ruleset') return typeof item?.id === 'string' ? `rule "${item.id}"` : `rule #${path[1] + 1}`;
    return `case #${path[1] + 1}${typeof item?.command === 'string' ? ` (${JSON.stringify(item.command)})` : ''}`;
  }
  return path.length ? String(path[0]) : 'top level';
}

/** The path below the rule or case: `match.any[0].flags`. */
function fieldOf(path: DataPath, which: Which): string {
  const list = which === 'ruleset' ? 'rules' : 'cases';
  const rest = path[0] === list && typeof path[1] === 'number' ? path.slice(2) : path.slice(1);
  return rest.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

function typeFix(t: string | string[]): string {
  const first = Array.isArray(t) ? t[t.length - 1] : t;
  const fixes: Record<string, string> = {
    array: 'write a list, e.g. [-f, --force] or one "- item" per line',
    object: 'write a mapping, e.g. { key: value } or one "key: value" per line',
    boolean: 'write true or false (without quotes)',
    string: 'write a string; quote it when it starts with a special character',
  };
  return fixes[first] ?? 'see docs/rulesets.md for the format';
}

function typeWords(t: string | string[]): string {
  const words: Record<string, string> = { string: 'a string', array: 'a list', object: 'a mapping', boolean: 'true or false', number: 'a number' };
  const list = Array.isArray(t) ? t : [t];
  if (list.length === 2 && list.includes('string') && list.includes('array')) return 'a string or a list of strings';
  return list.map((x) => words[x] ?? x).join(' or ');
}

function valueAt(data: unknown, path: DataPath): unknown {
  let v = data;
  for (const seg of path) v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[seg] : undefined;
  return v;
}

/** The (sub)schema that applies at a data path: follows properties, items, $ref and if/then/else. */
function schemaAt(root: SchemaNode, path: DataPath, data: unknown): SchemaNode | null {
  let s: SchemaNode | null = branch(root, root, data);
  let v = data;
  for (const seg of path) {
    if (!s) return null;
    v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[seg] : undefined;
    const next: unknown =
      typeof seg === 'number' ? s.items : (s.properties?.[seg] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined));
    s = next ? branch(root, next as SchemaNode, v) : null;
  }
  return s;
}

function branch(root: SchemaNode, s: SchemaNode, value: unknown): SchemaNode {
  s = deref(root, s);
  if (s.if) return { ...deref(root, (typeof value === 'string' ? s.then : s.else) as SchemaNode), chosenBranch: true };
  return s;
}

function deref(root: SchemaNode, s: SchemaNode): SchemaNode {
  while (typeof s.$ref === 'string') {
    s = s.$ref
      .slice(2)
      .split('/')
      .reduce<SchemaNode>((n, k) => n[k] as SchemaNode, root);
  }
  return s;
}
