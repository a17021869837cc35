/*!
 * SQL judged by its keywords, for text the Postgres parser cannot read (MySQL dialect, fragments):
 * stricter than the parser. Also the shape of a destructive statement's start, to find SQL among
 * other tools' arguments and request bodies.
 */
import type { Fact } from '../facts.js';
import type { Span } from '../../core/verdict.js';
import { scanCoversEveryRow } from './sql-where.js';

/** Text that starts like a destructive statement (`DROP TABLE`, `DELETE FROM`, `UPDATE t SET`). */
export const SQL_START =
  /^\s*(drop\s+((snapshot|external|materialized|temporary|temp|continuous|retention)\s+)?(table|database|schema|keyspace|index|view|user|role|collection|function|procedure|measurement|series|shard|query|policy|sequence|trigger|extension|tablespace|warehouse|dictionary|stream)|drop\s+all\s|truncate\s|delete\s+from\s|alter\s+table\s+\S+\s+drop\s|update\s+\S+\s+set\s)/i;

/** The statement's first words, for a fact found by the keyword scan: `DROP TABLE users`. */
function leadingWords(s: string, n = 3): string {
  return s
    .split(' ')
    .slice(0, n)
    .join(' ')
    .replace(/[;(].*$/, '');
}

/** Keyword scan, used when the Postgres parser cannot read the text. */
export function scanFacts(sql: string, span: Span): Fact[] {
  const facts: Fact[] = [];
  const text = sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ' ');
  for (const raw of text.split(';')) {
    // `EXPLAIN ANALYZE stmt` runs the statement.
    const s = raw
      .trim()
      .replace(/\s+/g, ' ')
      .replace(/^explain\s+(?=(?:\([^)]*\banalyze\b|analyze\b))(?:\([^)]*\)\s*|analyze\s+|verbose\s+)+/i, '')
      // `PREPARE p AS stmt`: judged as the statement it prepares (EXECUTE runs it).
      .replace(/^prepare\s+\w+\s*(?:\([^)]*\)\s*)?as\s+/i, '');
    if (/^drop\s+(database|schema|keyspace)\b/i.test(s)) facts.push({ id: 'sql.drop-database', span });
    else if (/^drop\b/i.test(s)) facts.push({ id: 'sql.drop', detail: leadingWords(s), span });
    else if (/^truncate\b/i.test(s)) facts.push({ id: 'sql.truncate', detail: leadingWords(s, /^truncate table\b/i.test(s) ? 3 : 2), span });
    else if (/^delete\b/i.test(s)) facts.push({ id: scanCoversEveryRow(s) ? 'sql.delete-all' : 'sql.delete', span });
    else if (/^update\b/i.test(s)) facts.push({ id: scanCoversEveryRow(s) ? 'sql.update-all' : 'sql.update', span });
    // ClickHouse mutations: `ALTER TABLE t DELETE WHERE …`, `ALTER TABLE t UPDATE c = v WHERE …`.
    else if (/^alter\s+table\s+\S+\s+(on\s+cluster\s+\S+\s+)?(delete|update)\b/i.test(s))
      facts.push({ id: `sql.${/\bdelete\b/i.test(s.split(/\s+/).slice(3, 7).join(' ')) ? 'delete' : 'update'}${scanCoversEveryRow(s) ? '-all' : ''}`, span });
    else if (/^alter\b.*\bdrop\b/i.test(s)) facts.push({ id: 'sql.alter-drop', span });
    // MySQL: deleting the binary logs, and handing out every privilege on every database.
    else if (/^(reset\s+(master|slave|replica)|purge\s+binary\s+logs)\b/i.test(s)) facts.push({ id: 'db.destructive', detail: s.toUpperCase(), span });
    // a table moved to the BLACKHOLE engine keeps none of its rows
    else if (/^alter\s+table\s+\S+\s+engine\s*=?\s*blackhole\b/i.test(s)) facts.push({ id: 'db.destructive', detail: 'ENGINE=BLACKHOLE', span });
    else if (/^grant\s+all\b.*\bon\s+\*\.\*/i.test(s)) facts.push({ id: 'db.destructive', detail: 'GRANT ALL ON *.*', span });
    else if (/\b(pg_terminate_backend|pg_drop_replication_slot|pg_promote)\s*\(/i.test(s))
      facts.push({ id: 'db.destructive', detail: s.match(/\b(pg_\w+)\s*\(/i)?.[1], span });
  }
  return facts;
}
