/*!
 * Structural validation of a ruleset file with positions. Unknown keys get a did-you-mean.
 */
import type { Document, LineCounter } from 'yaml';
import { isMap, isSeq, type Node } from 'yaml';
import type { Diagnostic } from './load.js';
import type { RulesetFile } from './types.js';

const TOP_KEYS = ['name', 'description', 'extends', 'programs', 'environments', 'rules'];
const RULE_KEYS = ['id', 'description', 'match', 'risk', 'action', 'message', 'alternative', 'locked', 'examples'];
const MATCH_KEYS = ['program', 'subcommand', 'flags', 'all_flags', 'not_flags', 'flag_values', 'args', 'facts', 'not_facts', 'environment', 'any', 'unless'];
const RISKS = ['none', 'low', 'medium', 'high', 'critical'];
const DECISIONS = ['allow', 'confirm', 'deny'];
const ACTION_KEYS = ['default', 'production', 'staging', 'development', 'agent', 'human'];

export function validateRulesetFile(data: RulesetFile, doc: Document, lc: LineCounter, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (node: Node | null | undefined, message: string, fix?: string) => {
    const pos = lc.linePos(node?.range?.[0] ?? 0);
    out.push({ file, line: pos.line, col: pos.col, message, fix });
  };
  const root = doc.contents;
  if (root && !isMap(root)) { at(root, 'a ruleset must be a mapping with `rules:`'); return out; }
  if (root) unknownKeys(root, TOP_KEYS, 'top level', at);
  const rules = isMap(root) ? root.get('rules', true) : undefined;
  if (rules !== undefined && !isSeq(rules)) { at(rules as Node, '`rules` must be a list'); return out; }
  const seen = new Map<string, number>();
  (isSeq(rules) ? rules.items : []).forEach((item, i) => {
    const node = item as Node;
    const r = data.rules?.[i] as unknown as Record<string, unknown> | undefined;
    if (!isMap(node) || !r) { at(node, `rule #${i + 1} must be a mapping`); return; }
    const where = `rule "${String(r.id ?? `#${i + 1}`)}"`;
    unknownKeys(node, RULE_KEYS, where, at);
    for (const k of ['id', 'match', 'risk', 'action', 'message']) if (r[k] === undefined) at(node, `${where}: missing \`${k}\``, `add \`${k}:\` to the rule`);
    if (typeof r.id === 'string') {
      if (seen.has(r.id)) at(node.get('id', true) as Node, `${where}: duplicate id (first at rule #${seen.get(r.id)! + 1})`, 'give each rule its own id');
      seen.set(r.id, i);
    }
    if (r.risk !== undefined && !RISKS.includes(String(r.risk))) at(node.get('risk', true) as Node, `${where} field "risk": "${String(r.risk)}" is not one of ${RISKS.join(', ')}`);
    checkAction(r.action, node.get('action', true) as Node, where, at);
    const match = node.get('match', true);
    if (isMap(match)) checkMatch(match, where, at);
    else if (match !== undefined) at(match as Node, `${where}: \`match\` must be a mapping`);
  });
  return out;
}

type At = (node: Node | null | undefined, message: string, fix?: string) => void;

function checkMatch(match: Node, where: string, at: At): void {
  if (!isMap(match)) return;
  unknownKeys(match, MATCH_KEYS, `${where} match`, at);
  for (const key of ['any', 'unless']) {
    const sub = match.get(key, true);
    if (isSeq(sub)) for (const u of sub.items) checkMatch(u as Node, `${where} ${key}`, at);
  }
}

function checkAction(action: unknown, node: Node, where: string, at: At): void {
  if (action === undefined) return;
  if (typeof action === 'string') {
    if (!DECISIONS.includes(action)) at(node, `${where} field "action": "${action}" is not one of ${DECISIONS.join(', ')}`);
    return;
  }
  if (typeof action !== 'object' || action === null) { at(node, `${where} field "action" must be a decision or a mapping`); return; }
  for (const [k, v] of Object.entries(action)) {
    if (!ACTION_KEYS.includes(k)) at(node, `${where} action: unknown key "${k}"${suggest(k, ACTION_KEYS)}`);
    else if (typeof v === 'string' && !DECISIONS.includes(v)) at(node, `${where} action.${k}: "${v}" is not one of ${DECISIONS.join(', ')}`);
  }
}

function unknownKeys(map: Node, allowed: string[], where: string, at: At): void {
  if (!isMap(map)) return;
  for (const pair of map.items) {
    const key = String((pair.key as { value?: unknown })?.value ?? pair.key);
    if (!allowed.includes(key)) at(pair.key as Node, `${where}: unknown key "${key}"${suggest(key, allowed)}`, `use one of: ${allowed.join(', ')}`);
  }
}

/** ` (did you mean "x"?)` for a near miss (edit distance ≤ 2). */
export function suggest(word: string, options: string[]): string {
  let best: string | null = null;
  let bestD = 3;
  for (const o of options) {
    const d = distance(word, o);
    if (d < bestD) { best = o; bestD = d; }
  }
  return best ? ` (did you mean "${best}"?)` : '';
}

function distance(a: string, b: string): number {
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) dp[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      dp[i][j] = Math.min(dp[i - 1][j] + 1, dp[i][j - 1] + 1, dp[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return dp[a.length][b.length];
}
