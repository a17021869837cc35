/*!
 * Rule tests: every rule's `examples` (a `match` line must make that rule fire, a `not_match`
 * line must not) and `*.test.yaml` case files (`{command, env?, cwd?, actor?, expect}` checked
 * against the whole verdict). Lines are classified in a fixed context (cwd /home/dev/app,
 * HOME=/home/dev, actor agent, no file reads), so results do not depend on the machine.
 * Failures are Diagnostics at the example's or case's file:line:col.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { Context } from '../classifier/context.js';
import type { Verdict } from '../core/verdict.js';
import type { Engine } from './load-engine.js';
import type { Diagnostic, LoadedFile } from '../rules/load.js';
import type { RuleTestCase, RuleTestFile } from '../rules/types.js';
import { schemaDiagnostics } from '../rules/schema-check.js';
import { syntaxProblem } from '../rules/yaml-syntax.js';
import { nodeAt, positionOf, type DataPath, type Position } from '../rules/yaml-positions.js';

/** The context examples and cases are classified in (a case may change env, cwd and actor). */
export const TEST_CONTEXT: Partial<Context> = {
  cwd: '/home/dev/app',
  env: { HOME: '/home/dev' },
  actor: 'agent',
  readFile: () => undefined,
};

export interface TestReport {
  examples: number;
  cases: number;
  failures: Diagnostic[];
}

/** A parsed case file: its cases and a way to find their positions. */
export interface CaseFile {
  path: string;
  cases: RuleTestCase[];
  at(path: DataPath): Position;
}

/** `*.test.yaml` / `*.test.yml` files of a directory, sorted. */
export function caseFilesIn(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir)
    .filter((f) => /\.test\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** Reads a case file; its errors (syntax, schema) come back as diagnostics. */
export function readCaseFile(path: string): { file: CaseFile | null; diagnostics: Diagnostic[] } {
  const lc = new LineCounter();
  const text = readFileSync(path, 'utf8');
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) return { file: null, diagnostics: [{ file: path, ...syntaxProblem(text, doc.errors, lc) }] };
  const data = (doc.toJS() ?? {}) as RuleTestFile;
  const diagnostics = schemaDiagnostics('tests', data, doc, lc, path);
  if (diagnostics.length) return { file: null, diagnostics };
  return { file: { path, cases: data.cases, at: (p) => positionOf(lc, nodeAt(doc, p)) }, diagnostics: [] };
}

/**
 * Runs the examples of the rules in `files` that are in effect, and the cases of `caseFiles`.
 * `extraRulesets`: ruleset files loaded on top of the layers, repeated in the `explain` hint so
 * that the command it suggests judges the line with the same rules.
 */
export function runRuleTests(engine: Engine, files: LoadedFile[], caseFiles: CaseFile[], extraRulesets: string[] = []): TestReport {
  const report: TestReport = { examples: 0, cases: 0, failures: [] };
  const explainHint = (line: string) => `shellgate explain ${extraRulesets.map((f) => `--ruleset ${shellQuote(f)} `).join('')}-- ${shellQuote(line)}`;
  const inEffect = new Set(engine.ruleset.rules.map((r) => r.source));
  for (const file of files) {
    (file.data.rules ?? []).forEach((rule, i) => {
      if (!inEffect.has(rule.source)) return;
      for (const want of ['match', 'not_match'] as const) {
        (rule.examples?.[want] ?? []).forEach((line, j) => {
          report.examples++;
          const v = engine.classify(line, TEST_CONTEXT);
          const fired = v.reasons.some((r) => r.rule === rule.id);
          if (fired === (want === 'match')) return;
          report.failures.push({
            file: file.path,
            ...file.at(['rules', i, 'examples', want, j]),
            message:
              want === 'match'
                ? `rule "${rule.id}": example ${JSON.stringify(line)} should match but did not (${summary(v)})`
                : `rule "${rule.id}": not_match example ${JSON.stringify(line)} matched (${v.reasons.find((r) => r.rule === rule.id)?.message})`,
            fix: `run \`${explainHint(line)}\` to see each condition of the rule`,
          });
        });
      }
    });
  }
  for (const cf of caseFiles) {
    cf.cases.forEach((c, i) => {
      report.cases++;
      const problem = checkCase(engine, c);
      if (problem)
        report.failures.push({
          file: cf.path,
          ...cf.at(['cases', i]),
          message: `case ${c.name ? `"${c.name}" ` : ''}${JSON.stringify(c.command)}: ${problem}`,
          fix: `run \`${explainHint(c.command)}\``,
        });
    });
  }
  return report;
}

/** What is wrong with the verdict for a case, or null. */
export function checkCase(engine: Engine, c: RuleTestCase): string | null {
  const env = { ...TEST_CONTEXT.env, ...Object.fromEntries(Object.entries(c.env ?? {}).map(([k, v]) => [k, String(v)])) };
  const v = engine.classify(c.command, { ...TEST_CONTEXT, env, cwd: c.cwd ?? TEST_CONTEXT.cwd, actor: c.actor ?? 'agent' });
  const e = c.expect;
  const problems: string[] = [];
  if (e.decision && v.decision !== e.decision) problems.push(`expected decision ${e.decision}, got ${v.decision}`);
  if (e.risk && v.risk !== e.risk) problems.push(`expected risk ${e.risk}, got ${v.risk}`);
  const fired = new Set(v.reasons.map((r) => r.rule));
  for (const id of list(e.rule)) if (!fired.has(id)) problems.push(`expected rule ${id} to fire`);
  for (const id of list(e.not_rule)) if (fired.has(id)) problems.push(`expected rule ${id} not to fire`);
  if (e.environment && (v.environment ?? 'none') !== e.environment) problems.push(`expected environment ${e.environment}, got ${v.environment ?? 'none'}`);
  return problems.length ? `${problems.join('; ')} (${summary(v)})` : null;
}

function list(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function summary(v: Verdict): string {
  const fired = v.reasons.map((r) => `${r.rule}=${r.decision}`);
  return `verdict ${v.decision}${v.environment ? ` in ${v.environment}` : ''}; fired: ${fired.length ? fired.join(', ') : 'none'}`;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
