/*!
 * Validation of one ruleset file with positions: the JSON Schema (schema.ts, checked by ajv in
 * schema-check.ts) for shape, keys and values, then what a schema cannot say (duplicate ids).
 * Unknown keys get a did-you-mean. Every error is returned, not the first only.
 */
import type { Document, LineCounter } from 'yaml';
import type { Diagnostic } from './diagnostic.js';
import type { RulesetFile } from './types.js';
import { schemaDiagnostics } from './schema-check.js';
import { nodeAt, positionOf } from './yaml-positions.js';

export { suggest } from './suggest.js';
export { TOP_KEYS, RULE_KEYS, MATCH_KEYS, ACTION_KEYS, RISKS, DECISIONS } from './schema.js';

/** All errors of one parsed ruleset file. */
export function validateRulesetFile(data: RulesetFile, doc: Document, lc: LineCounter, file: string): Diagnostic[] {
  const out = schemaDiagnostics('ruleset', data, doc, lc, file);
  out.push(...duplicateIds(data, doc, lc, file));
  return out.sort((a, b) => a.line - b.line || a.col - b.col);
}

function duplicateIds(data: RulesetFile, doc: Document, lc: LineCounter, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Map<string, number>();
  const rules = Array.isArray(data?.rules) ? data.rules : [];
  rules.forEach((r, i) => {
    const id = (r as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') return;
    const first = seen.get(id);
    if (first === undefined) {
      seen.set(id, i);
      return;
    }
    const firstLine = positionOf(lc, nodeAt(doc, ['rules', first, 'id'])).line;
    out.push({
      file,
      ...positionOf(lc, nodeAt(doc, ['rules', i, 'id'])),
      message: `rule "${id}": duplicate id (first at line ${firstLine})`,
      fix: 'give each rule its own id (to replace a rule of another file, put the new rule in a later layer)',
    });
  });
  return out;
}
