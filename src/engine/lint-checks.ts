/*!
 * Likely mistakes in a valid ruleset file, found without running anything: conditions that can
 * never hold (a flag without a dash, a fact glob no analyzer produces, an `unless` that always
 * matches, flags required and excluded at once), placeholders the engine does not fill, rules
 * without examples, an id one typo away from a rule it probably meant to override, and words
 * or hosts given to two environments.
 */
import type { Diagnostic, LoadedFile } from '../rules/load.js';
import type { MatchSpec, Rule } from '../rules/types.js';
import type { DataPath } from '../rules/yaml-positions.js';
import { allFactIds, factGlobReachable } from '../rules/fact-ids.js';
import { anyGlob } from '../rules/glob.js';
import { closest } from '../rules/suggest.js';

type Report = (path: DataPath, message: string, fix: string, severity?: 'error' | 'warning') => void;

const PLACEHOLDERS = new Set(['detail', 'program', 'environment']);

/** Static checks of every rule of a file; `lowerIds` are the rule ids of lower layers. */
export function lintFile(file: LoadedFile, lowerIds: Set<string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report =
    (where: string): Report =>
    (path, message, fix, severity = 'error') =>
      out.push({ file: file.path, ...file.at(path), message: `${where}: ${message}`, fix, severity });
  (file.data.rules ?? []).forEach((rule, i) => {
    const r = report(`rule "${rule.id}"`);
    checkSpec(rule.match, ['rules', i, 'match'], r);
    checkRule(rule, i, r, lowerIds);
  });
  checkEnvironments(file, report('environments'));
  return out;
}

function checkRule(rule: Rule, i: number, r: Report, lowerIds: Set<string>): void {
  for (const m of rule.message.matchAll(/\{(\w+)\}/g)) {
    if (!PLACEHOLDERS.has(m[1]))
      r(['rules', i, 'message'], `message placeholder {${m[1]}} is never filled in`, 'use {detail}, {program} or {environment}', 'warning');
  }
  if (/\{detail\}/.test(rule.message) && !usesFacts(rule.match)) {
    r(
      ['rules', i, 'message'],
      '{detail} stays empty: it comes from the fact that matched, and this rule matches no `facts`',
      'drop {detail} or match facts',
      'warning',
    );
  }
  if (!rule.examples?.match?.length)
    r(
      ['rules', i, 'id'],
      'has no `examples.match`: `shellgate rules test` cannot check it',
      'add examples: { match: ["a command it must catch"], not_match: ["a near miss"] }',
      'warning',
    );
  if (rule.id.startsWith('engine.'))
    r(['rules', i, 'id'], 'ids starting with "engine." are the engine\'s own reasons', 'use your own prefix, such as acme.', 'warning');
  if (!lowerIds.has(rule.id)) {
    const near = closest(rule.id, [...lowerIds], 1);
    if (near) r(['rules', i, 'id'], `is a new rule, one letter away from "${near}" of a lower layer`, `to override "${near}", use exactly that id`, 'warning');
  }
}

function usesFacts(spec: MatchSpec): boolean {
  return Boolean(spec.facts?.length) || (spec.any ?? []).some(usesFacts);
}

function checkSpec(spec: MatchSpec, at: DataPath, r: Report): void {
  (spec.flags ?? []).forEach((f, j) => {
    if (!f.startsWith('-'))
      r(
        [...at, 'flags', j],
        `flag "${f}" never matches: flag names start with - or --`,
        `write "-${f.length === 1 ? '' : '-'}${f}", or use \`args\` or \`subcommand\` for words`,
      );
  });
  (spec.all_flags ?? []).forEach((f, j) => {
    const alts = f.split('|');
    if (alts.some((a) => !a.startsWith('-')))
      r([...at, 'all_flags', j], `"${f}": flag names start with - or --`, 'write each alternative with its dashes, e.g. "-r|-R|--recursive"');
    if (spec.not_flags && alts.every((a) => spec.not_flags!.includes(a)))
      r([...at, 'all_flags', j], `"${f}" is required and excluded by not_flags: the rule never matches`, 'remove it from one of the lists');
  });
  if (spec.flags?.length && spec.not_flags && spec.flags.every((f) => spec.not_flags!.includes(f))) {
    r([...at, 'flags'], 'every flag of `flags` is also in `not_flags`: the rule never matches', 'remove them from one of the lists');
  }
  (spec.not_flags ?? []).forEach((f, j) => {
    if (!f.startsWith('-'))
      r([...at, 'not_flags', j], `"${f}" never matches a flag: flag names start with - or --`, 'write the flag with its dashes', 'warning');
  });
  checkFacts(spec, at, r);
  (spec.unless ?? []).forEach((u, j) => {
    if (Object.keys(u).length === 0)
      r([...at, 'unless', j], 'an empty `unless` entry always matches, so the rule never fires', 'give the entry a condition or remove it');
    else if (Object.entries(u).every(([k, v]) => k in spec && same(v, (spec as Record<string, unknown>)[k]))) {
      r(
        [...at, 'unless', j],
        'this `unless` entry repeats conditions of the match itself, so the rule never fires',
        'make the `unless` condition narrower than the match',
      );
    }
  });
  (spec.any ?? []).forEach((a, j) => checkSpec(a, [...at, 'any', j], r));
  (spec.unless ?? []).forEach((u, j) => checkSpec(u, [...at, 'unless', j], r));
}

function checkFacts(spec: MatchSpec, at: DataPath, r: Report): void {
  const dead = (spec.facts ?? []).map((g, j) => ({ g, j })).filter(({ g }) => !factGlobReachable(g));
  for (const { g, j } of dead) {
    const near = closest(g, allFactIds(), 3);
    const all = dead.length === spec.facts!.length;
    r(
      [...at, 'facts', j],
      `no analyzer produces a fact matching "${g}"${all ? ': the rule never matches' : ''}${near ? ` (did you mean "${near}"?)` : ''}`,
      'see the list of facts in docs/rulesets.md (or `shellgate explain -- CMD` for the facts of a command)',
      all ? 'error' : 'warning',
    );
  }
  (spec.not_facts ?? []).forEach((g, j) => {
    if (!factGlobReachable(g))
      r([...at, 'not_facts', j], `no analyzer produces a fact matching "${g}"`, 'see the list of facts in docs/rulesets.md', 'warning');
  });
  if (spec.facts?.length && spec.not_facts?.length && dead.length < spec.facts.length) {
    const wanted = allFactIds().filter((id) => anyGlob(spec.facts!, id));
    if (wanted.every((id) => anyGlob(spec.not_facts!, id)))
      r([...at, 'not_facts'], 'excludes every fact that `facts` accepts: the rule never matches', 'narrow `not_facts`');
  }
}

function same(a: unknown, b: unknown): boolean {
  return (
    JSON.stringify(a) === JSON.stringify(b) ||
    (typeof a === 'string' && Array.isArray(b) && b.length === 1 && b[0] === a) ||
    (typeof b === 'string' && Array.isArray(a) && a.length === 1 && a[0] === b)
  );
}

function checkEnvironments(file: LoadedFile, r: Report): void {
  const e = file.data.environments;
  if (!e) return;
  const names = ['production', 'staging', 'development'] as const;
  for (const kind of ['words', 'hosts'] as const) {
    const owner = new Map<string, string>();
    for (const n of names) {
      (e[n]?.[kind] ?? []).forEach((w, j) => {
        const prev = owner.get(w.toLowerCase());
        if (prev && prev !== n)
          r(
            ['environments', n, kind, j],
            `"${w}" is also listed for ${prev}; the more sensitive environment wins`,
            `list it under one environment only`,
            'warning',
          );
        else owner.set(w.toLowerCase(), n);
      });
    }
  }
}
