/*!
 * Database facts. The statement text comes from wherever the client reads it: `-c`, `-e`,
 * `--eval`, `--query`, a positional argument, a heredoc, a here-string, a pipe (`echo … | psql`)
 * or a file (`-f x.sql`, `< x.sql`). SQL is read by the Postgres parser (libpg-query) when it is
 * loaded; otherwise (or when it fails, e.g. MySQL syntax) a keyword scan decides, stricter.
 * This file picks the client and puts the parts together: sql-sources.ts, sql-statements.ts,
 * sql-keyword-scan.ts, SQL over HTTP (sql-over-http.ts), the other stores (server-commands.ts, mongo-shell.ts).
 */
import type { Analyzer, AnalyzerInput, Fact } from '../facts.js';
import { DATA_PROGRAMS } from './data-programs.js';
import { interpolatePsql, psqlVariables, unknownStatements } from './sql-dynamic.js';
import { sqliteDotFacts } from './sql-dot-commands.js';
import { mongoFacts } from './mongo-shell.js';
import { NETCAT, redisFacts, wireFacts } from './server-commands.js';
import { SQL_START } from './sql-keyword-scan.js';
import { bodyFacts, HTTP_CLIENTS } from './sql-over-http.js';
import { SQL_CLIENTS, type SqlSource, sources } from './sql-sources.js';
import { sqlFacts } from './sql-statements.js';

export const sqlAnalyzer: Analyzer = (input) => {
  const p = input.view.program;
  if (p === 'redis-cli' || p === 'valkey-cli' || p === 'keydb-cli') return redisFacts(input.view, input.ctx);
  if (p === 'mongosh' || p === 'mongo') return mongoFacts(input);
  if (p && NETCAT.has(p)) return wireFacts(input.view);
  if (p && HTTP_CLIENTS.has(p)) return bodyFacts(input);
  const spec = p ? SQL_CLIENTS[p] : undefined;
  if (!spec) return p && !DATA_PROGRAMS.has(p) && p !== 'git' ? sqlInArguments(input) : [];
  const facts: Fact[] = [];
  const vars = PSQL_LIKE.has(p!) ? psqlVariables(input.view.cmd.argv) : null;
  for (const src of sources(input, spec)) {
    if (src.unread) {
      facts.push(...unreadFileFacts(src));
      continue;
    }
    let text = src.text;
    if (vars) {
      const done = interpolatePsql(text, vars, src.span);
      text = done.text;
      facts.push(...done.facts);
    }
    facts.push(...unknownStatements(text, src.span), ...sqlFacts(text, src.span, input.parseSql));
  }
  if (p === 'sqlite3' || p === 'duckdb') facts.push(...sqliteDotFacts(input));
  return facts;
};

/** Words of a file name that say it destroys (`drop_all.sql`, `wipe-db.sql`, `teardown.sql`). */
const DESTROYING_NAME = new Set(['drop', 'dropall', 'dropdb', 'truncate', 'delete', 'wipe', 'purge', 'destroy', 'teardown', 'nuke', 'erase', 'reset']);

/**
 * SQL from a file that cannot be read here (absent when the line is judged, unreadable, or named at
 * run time): what it does is unknown. A rule asks before it runs against production; a file named
 * for destroying counts as unknown SQL wherever it runs.
 */
function unreadFileFacts(src: SqlSource): Fact[] {
  const name = src.text.slice(src.text.lastIndexOf('/') + 1);
  const facts: Fact[] = [{ id: 'sql.unread-file', detail: name ? `\`${name}\`` : 'a file named at run time', span: src.span }];
  const words = name
    .toLowerCase()
    .replace(/\.[a-z]+$/, '')
    .split(/[^a-z]+/);
  if (words.some((w) => DESTROYING_NAME.has(w)))
    facts.push({ id: 'sql.dynamic', detail: `\`${name}\`, a file named for destroying that cannot be read here`, span: src.span });
  return facts;
}

/** Clients with psql's variables (`-v`, `\\set`, `:name`). */
const PSQL_LIKE = new Set(['psql', 'usql', 'vsql']);

/** Any other tool given a destructive SQL statement as an argument (`bq query 'DROP TABLE x'`). */
function sqlInArguments(input: AnalyzerInput): Fact[] {
  return input.view.cmd.argv
    .slice(1)
    .filter((w) => !w.dynamic && SQL_START.test(w.value) && looksLikeStatement(w.value, input.parseSql))
    .flatMap((w) => sqlFacts(w.value, w.span, input.parseSql));
}

/** Real SQL, not a phrase that starts like it (`gh issue list --search 'drop table in:title'`): it parses, or its object is a plain name. */
function looksLikeStatement(text: string, parseSql: AnalyzerInput['parseSql']): boolean {
  if (parseSql) {
    try {
      parseSql(text);
      return true;
    } catch {
      // MySQL dialect or a fragment: judged by its shape
    }
  }
  return !/[?:!]|\b(in|is|was|the|an?|to|for|of|and|or|with|how|why)\b/i.test(text.replace(/'[^']*'|"[^"]*"/g, "''"));
}
