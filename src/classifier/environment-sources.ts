/*!
 * Environment evidence from where a line gets its target and credentials: files named for an
 * environment that the line reads (`source .env.production`, `psql "$(grep DATABASE_URL
 * .env.production | cut -d= -f2-)"`, `$(cat ~/.acme/prod-token)`), and variables named for one
 * (`$PROD_DATABASE_URL`, `process.env.STAGING_REDIS_URL`). What is read from there is where the
 * line's commands point.
 */
import type { CommandView } from './command-view.js';
import type { Command, ParsedLine } from '../parser/model.js';

/** Candidate words (for the detector's word table) with why they count. */
export interface SourceWord {
  value: string;
  why: string;
}

/** A file whose name says it holds an environment's settings (`.env.production`, `prod.env`, `prod-token`). */
const ENV_FILE = /(^|\/)(\.env[.-][\w.-]+|[\w.-]*\.env|[\w-]*(prod|production|staging|stg)[\w.-]*)$/i;
/** Templates of env files name no target (`.env.example`, `prod.env.sample`). */
const TEMPLATE = /\.(example|sample|template|dist|defaults|tmpl)$/i;
const READERS = new Set([
  'cat',
  'grep',
  'egrep',
  'awk',
  'gawk',
  'sed',
  'cut',
  'head',
  'tail',
  'jq',
  'yq',
  'source',
  '.',
  'xargs',
  'envsubst',
  'dotenv',
  'tr',
  'sort',
]);
const MAX_WORDS = 16;

export function sourceWords(line: ParsedLine, views: CommandView[]): SourceWord[] {
  const out: SourceWord[] = [];
  for (const view of views) {
    const cmd = view.cmd;
    // files the line's commands read settings from, and the words their substitutions came from
    if (cmd.program && READERS.has(cmd.program)) {
      for (const w of cmd.argv.slice(1)) if (envFile(w.value, w.dynamic)) out.push({ value: baseName(w.value), why: `reads ${w.value}` });
    }
    if (cmd.stdin?.kind === 'file' && envFile(cmd.stdin.path.value, cmd.stdin.path.dynamic))
      out.push({ value: baseName(cmd.stdin.path.value), why: `reads ${cmd.stdin.path.value}` });
    // what a substitution's commands are given (also in assignments and `export`: those commands are in the line too)
    if (cmd.origin === 'substitution' || cmd.origin === 'process-substitution') producerWords(cmd, out);
    if (out.length >= MAX_WORDS) break;
  }
  for (const name of mentionedVariables(line.source)) out.push({ value: name, why: `$${name}` });
  return out.slice(0, MAX_WORDS);
}

/** The static words a substitution's commands are given (`grep PROD_URL .env`, `awk '/prod/{…}'`). */
function producerWords(cmd: Command, out: SourceWord[]): void {
  for (const w of cmd.argv.slice(1)) {
    if (w.dynamic || w.value.length > 200 || TEMPLATE.test(w.value)) continue;
    out.push({ value: pathWords(w.value), why: `$(${cmd.text.slice(0, 60)})` });
  }
}

/** A path's name and its visible directories (`deploy/prod/credentials`), not hidden ones (`~/.local/share/…`). */
function pathWords(value: string): string {
  if (!value.includes('/') || /\s/.test(value)) return value;
  const parts = value.split('/');
  const base = parts.pop() ?? '';
  return [...parts.filter((p) => p && !p.startsWith('.') && p !== '~'), base].join('/');
}

function envFile(value: string, dynamic: boolean): boolean {
  return !dynamic && ENV_FILE.test(value) && !TEMPLATE.test(value);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Variable names the line reads that are named for an environment (`$PROD_DATABASE_URL`, `process.env.STAGING_KEY`). */
function mentionedVariables(source: string): string[] {
  if (!source.includes('$') && !source.includes('process.env.') && !source.includes('ENV[')) return []; // the common case, without a regex scan
  const names = new Set<string>();
  for (const m of source.matchAll(/\$\{?([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)|process\.env\.([A-Z][A-Z0-9_]+)|ENV\[['"]([A-Z][A-Z0-9_]+)['"]\]/g)) {
    const name = m[1] ?? m[2] ?? m[3];
    if (name && /(^|_)(PROD|PRODUCTION|PRD|LIVE|STAGING|STG|STAGE|PREPROD)(_|$)/.test(name)) names.add(name);
  }
  return [...names];
}
