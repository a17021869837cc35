/*!
 * Facts for a block of SQL read by the Postgres parser (libpg-query): drops, truncates, deletes and
 * updates without a real WHERE, statements inside WITH clauses and in SQL that runs other SQL. When
 * the parser cannot read the text (MySQL dialect, fragments) the keyword scan decides.
 */
import type { AnalyzerInput, Fact } from '../facts.js';
import type { Span } from '../../core/verdict.js';
import { executeArgs, innerStatementFacts, remoteCallFacts } from './sql-dynamic.js';
import { scanFacts } from './sql-keyword-scan.js';
import { coversEveryRow } from './sql-where.js';
import { mergeFacts } from './sql-merge.js';

/** Facts for a block of SQL: parsed by Postgres' parser, or scanned by keywords on failure. */
export function sqlFacts(sql: string, span: Span, parseSql: AnalyzerInput['parseSql'], depth = 0): Fact[] {
  if (parseSql) {
    try {
      const tree = parseSql(sql) as { stmts?: { stmt: Record<string, unknown> }[] };
      const stmts = tree.stmts ?? [];
      const judge = (text: string, at: Span) => sqlFacts(text, at, parseSql, depth + 1);
      const prepared = new Set(stmts.map((s) => (s.stmt.PrepareStmt as { name?: string } | undefined)?.name).filter(Boolean));
      return stmts.flatMap((s) => {
        const exec = s.stmt.ExecuteStmt as { name?: string } | undefined;
        // `EXECUTE p` of a statement prepared elsewhere (an earlier session, a pool): unknown here.
        if (exec && !prepared.has(exec.name)) return [{ id: 'sql.dynamic', detail: `EXECUTE ${exec.name ?? ''} of a statement prepared elsewhere`, span }];
        return depth > 4 ? [] : [...stmtFacts(s.stmt, span, 0, judge), ...remoteCallFacts(s.stmt, span, judge)];
      });
    } catch {
      // fall through to the keyword scan (MySQL dialect, fragments)
    }
  }
  return depth > 4 ? scanFacts(sql, span) : [...scanFacts(sql, span), ...executeArgs(sql, span, (text, at) => sqlFacts(text, at, parseSql, depth + 1))];
}

type Judge = (sql: string, span: Span) => Fact[];

function stmtFacts(stmt: Record<string, unknown>, span: Span, depth = 0, judge?: Judge): Fact[] {
  const [kind, body] = Object.entries(stmt)[0] ?? [];
  const b = (body ?? {}) as Record<string, unknown>;
  const inner = judge && depth < 4 ? innerStatementFacts(kind, b, span, (s) => stmtFacts(s, span, depth + 1, judge), judge) : null;
  return [...(inner ?? ownFacts(kind, b, span)), ...(depth < 4 ? cteFacts(b, span, depth, judge) : [])];
}

/** Statements inside a WITH clause run too: `WITH d AS (DELETE FROM users RETURNING *) SELECT …`. */
function cteFacts(b: Record<string, unknown>, span: Span, depth: number, judge?: Judge): Fact[] {
  const ctes = ((b.withClause as { ctes?: unknown[] } | undefined)?.ctes ?? []) as { CommonTableExpr?: { ctequery?: Record<string, unknown> } }[];
  return ctes.flatMap((c) => (c.CommonTableExpr?.ctequery ? stmtFacts(c.CommonTableExpr.ctequery, span, depth + 1, judge) : []));
}

function ownFacts(kind: string | undefined, b: Record<string, unknown>, span: Span): Fact[] {
  const rel = (b.relation as { relname?: string } | undefined)?.relname;
  switch (kind) {
    case 'DropdbStmt':
      return [{ id: 'sql.drop-database', detail: String(b.dbname ?? ''), span }];
    case 'DropStmt':
      return [{ id: 'sql.drop', detail: dropDetail(b), span }];
    case 'TruncateStmt':
      return [{ id: 'sql.truncate', detail: truncateDetail(b), span }];
    case 'DeleteStmt':
      return [{ id: coversEveryRow(b.whereClause, rel) ? 'sql.delete-all' : 'sql.delete', detail: rel, span }];
    case 'UpdateStmt':
      return [{ id: coversEveryRow(b.whereClause, rel) ? 'sql.update-all' : 'sql.update', detail: rel, span }];
    case 'MergeStmt':
      return mergeFacts(b, span);
    case 'AlterTableStmt':
      return JSON.stringify(b).includes('AT_Drop') ? [{ id: 'sql.alter-drop', detail: rel, span }] : [];
    case 'DropRoleStmt':
      return [{ id: 'sql.drop', detail: 'role', span }];
    case 'DropOwnedStmt':
      return [{ id: 'sql.drop', detail: 'owned objects', span }];
    case 'DropTableSpaceStmt':
      return [{ id: 'sql.drop', detail: 'tablespace', span }];
    case 'DropSubscriptionStmt':
      return [{ id: 'sql.drop', detail: 'subscription', span }];
    case 'SelectStmt': {
      const ends = SERVER_FUNCS.exec(JSON.stringify(b));
      return [...(b.intoClause ? [{ id: 'sql.write', span }] : []), ...(ends ? [{ id: 'db.destructive', detail: `${ends[1]}()`, span }] : [])];
    }
    // switching off what keeps the data files consistent through a crash
    case 'AlterSystemStmt':
      return /"name":"(fsync|full_page_writes)".*"sval":"(off|false|0)"/i.test(JSON.stringify(b))
        ? [{ id: 'db.destructive', detail: 'ALTER SYSTEM … = off (crash safety)', span }]
        : [];
    // `COPY … TO/FROM PROGRAM 'cmd'` runs a shell command on the database server, as its owner
    case 'CopyStmt':
      return b.is_program ? [{ id: 'db.destructive', detail: 'COPY … PROGRAM (a shell command on the server)', span }] : [];
    // Postgres reads MySQL's `RESET MASTER` as resetting a setting called master.
    case 'VariableSetStmt':
      return b.kind === 'VAR_RESET' && /^(master|slave|replica)$/i.test(String(b.name))
        ? [{ id: 'db.destructive', detail: `RESET ${String(b.name).toUpperCase()}`, span }]
        : [];
    default:
      return [];
  }
}

/** Server functions that cut off every session or drop what replicas need: `SELECT pg_terminate_backend(pid) FROM pg_stat_activity`. */
const SERVER_FUNCS = /"sval":"(pg_terminate_backend|pg_drop_replication_slot|pg_promote)"/;

/** `DROP TABLE users, public.orders`: the statement with the names of what it drops. */
function dropDetail(b: Record<string, unknown>): string {
  const type = String(b.removeType ?? '')
    .replace(/^OBJECT_/, '')
    .replace(/_/g, ' ');
  const names = ((b.objects ?? []) as unknown[]).map(objectName).filter(Boolean);
  return `DROP ${type}${names.length ? ` ${names.join(', ')}` : ''}`.trim();
}

/** A dropped object's (qualified) name: `{List: {items: [{String: {sval}}…]}}`, `{String: {sval}}` or a function's `objname`. */
function objectName(o: unknown): string {
  const parts = (items: unknown): string =>
    ((items ?? []) as { String?: { sval?: string } }[])
      .map((i) => i.String?.sval ?? '')
      .filter(Boolean)
      .join('.');
  const x = o as { List?: { items?: unknown }; String?: { sval?: string }; ObjectWithArgs?: { objname?: unknown } };
  return x.List ? parts(x.List.items) : (x.String?.sval ?? (x.ObjectWithArgs ? parts(x.ObjectWithArgs.objname) : ''));
}

/** `TRUNCATE orders, logs`. */
function truncateDetail(b: Record<string, unknown>): string {
  const names = ((b.relations ?? []) as { RangeVar?: { schemaname?: string; relname?: string } }[])
    .map((r) => [r.RangeVar?.schemaname, r.RangeVar?.relname].filter(Boolean).join('.'))
    .filter(Boolean);
  return `TRUNCATE${names.length ? ` ${names.join(', ')}` : ''}`;
}
