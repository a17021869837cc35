/*!
 * SQL sent to a database over HTTP: in a request body (`curl --data-urlencode 'q=DROP DATABASE m'`),
 * a body read from stdin (`--data-binary @-`), or a URL's `query=`/`q=` parameter (ClickHouse).
 */
import type { AnalyzerInput, Fact } from '../facts.js';
import { SQL_START } from './sql-keyword-scan.js';
import { sqlFacts } from './sql-statements.js';

export const HTTP_CLIENTS = new Set(['curl', 'wget', 'http', 'https', 'xh']);

const BODY_FLAGS = new Set(['-d', '--data', '--data-raw', '--data-binary', '--data-urlencode', '--data-ascii', '--json', '--body-data', '--post-data']);

/**
 * SQL sent in a request body or query (`curl …/query --data-urlencode 'q=DROP DATABASE metrics'`), in the
 * URL's `query=`/`q=` parameter (ClickHouse's `/?query=DROP%20TABLE%20t`), or as a body read from stdin (`--data-binary @-`).
 */
export function bodyFacts(input: AnalyzerInput): Fact[] {
  const facts: Fact[] = [];
  const stdin = input.view.cmd.stdin;
  for (const f of input.view.flags) {
    if (!BODY_FLAGS.has(f.name) || !f.value || f.word.dynamic) continue;
    const sql = f.value === '@-' && stdin && 'text' in stdin && stdin.text ? stdin.text : f.value.replace(/^[\w.]+=/, '');
    if (SQL_START.test(sql)) facts.push(...sqlFacts(sql, f.word.span, input.parseSql));
  }
  for (const w of input.view.positionals) {
    const q = /^[a-z][a-z0-9+.-]*:\/\/[^?#]*\?(?:[^#]*&)?(?:query|q)=([^&#]*)/i.exec(w.value)?.[1];
    const sql = q ? decodeQuery(q) : null;
    if (sql && SQL_START.test(sql)) facts.push(...sqlFacts(sql, w.span, input.parseSql));
  }
  return facts;
}

function decodeQuery(q: string): string {
  try {
    return decodeURIComponent(q.replace(/\+/g, ' '));
  } catch {
    return q;
  }
}
