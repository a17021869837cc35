/*!
 * Database facts. The statement text comes from wherever the client reads it: `-c`, `-e`,
 * `--eval`, `--query`, a positional argument, a heredoc, a here-string, a pipe (`echo … | psql`)
 * or a file (`-f x.sql`, `< x.sql`). SQL is read by the Postgres parser (libpg-query) when it is
 * loaded; otherwise (or when it fails, e.g. MySQL syntax) a keyword scan decides, stricter.
 */
import { staticOutput } from '../../parser/static-output.js';
import type { Analyzer, AnalyzerInput, Fact } from '../facts.js';
import type { CommandView } from '../command-view.js';
import type { Span } from '../../core/verdict.js';
import { DATA_PROGRAMS } from './data-programs.js';
import { absolutePath } from '../path-class.js';
import { executeArgs, innerStatementFacts, interpolatePsql, psqlVariables, remoteCallFacts, unknownStatements } from './sql-dynamic.js';
import { sqliteDotFacts } from './sql-dot-commands.js';
import { mongoCommandFacts } from './mongo-commands.js';
import { dict } from '../../util/dict.js';

const SQL_CLIENTS: Record<string, { text: string[]; file: string[]; positional?: 'last' | 'second' }> = dict({
  psql: { text: ['-c', '--command'], file: ['-f', '--file'] },
  mysql: { text: ['-e', '--execute', '--init-command'], file: [] },
  mariadb: { text: ['-e', '--execute'], file: [] },
  sqlite3: { text: ['-cmd'], file: [], positional: 'second' },
  duckdb: { text: ['-c', '-cmd'], file: [], positional: 'second' },
  cockroach: { text: ['-e', '--execute'], file: ['-f', '--file'] },
  'clickhouse-client': { text: ['-q', '--query'], file: ['--queries-file'] },
  clickhouse: { text: ['-q', '--query'], file: ['--queries-file'] },
  sqlcmd: { text: ['-Q', '-q'], file: ['-i'] },
  usql: { text: ['-c', '--command'], file: ['-f', '--file'] },
  pgcli: { text: [], file: [] },
  mycli: { text: ['-e', '--execute'], file: [] },
  cqlsh: { text: ['-e', '--execute'], file: ['-f', '--file'] },
  snowsql: { text: ['-q', '--query'], file: ['-f', '--filename'] },
  trino: { text: ['--execute'], file: ['-f', '--file'] },
  presto: { text: ['--execute'], file: ['-f', '--file'] },
  hive: { text: ['-e'], file: ['-f'] },
  beeline: { text: ['-e'], file: ['-f'] },
  'spark-sql': { text: ['-e'], file: ['-f'] },
  'impala-shell': { text: ['-q', '--query'], file: ['-f', '--query_file'] },
  vsql: { text: ['-c', '--command'], file: ['-f', '--file'] },
  'mssql-cli': { text: ['-Q', '--query'], file: ['-i', '--input-file'] },
  sqlplus: { text: [], file: [] },
  isql: { text: [], file: [] },
  'mongo-shell': { text: [], file: [] },
});

/** The word after a flag in argv, for flags the program table does not know take a value. */
function wordAfter(view: CommandView, names: string[]): { text: string; span: Span }[] {
  const argv = view.cmd.argv;
  const out: { text: string; span: Span }[] = [];
  for (let i = 1; i < argv.length - 1; i++) if (names.includes(argv[i].value)) out.push({ text: argv[i + 1].value, span: argv[i + 1].span });
  return out;
}

interface SqlSource {
  text: string;
  span: Span;
  /** A file the client reads SQL from that cannot be read here: `text` is its path ('' when named at run time). */
  unread?: true;
}

/** `-f -`, `< /dev/stdin` and other devices are the client's input, not a file to read. */
const notAFile = (path: string): boolean => path === '-' || path.startsWith('/dev/');

function sources(input: AnalyzerInput, spec: (typeof SQL_CLIENTS)[string]): SqlSource[] {
  const { view, ctx } = input;
  const out: SqlSource[] = [];
  const read = (p: string) => ctx.readFile?.(p.startsWith('/') ? p : `${ctx.cwd}/${p}`);
  for (const f of view.flags) {
    if (spec.text.includes(f.name) && f.value !== null) out.push({ text: f.value, span: f.word.span });
    if (spec.file.includes(f.name) && f.value) {
      // `psql -f <(echo 'DROP TABLE t')`: the file is the output of a process substitution.
      const argv = view.cmd.argv;
      const at = argv.indexOf(f.word);
      const valueWord = f.word.value === f.name && at >= 0 ? argv[at + 1] : f.word;
      const fed = valueWord?.dynamic && valueWord.sources?.length === 1 ? staticOutput(valueWord.sources[0]!) : null;
      const t = fed ?? (valueWord?.dynamic ? undefined : read(f.value));
      if (t) out.push({ text: t, span: f.word.span });
      else if (!fed && !notAFile(f.value)) out.push({ text: valueWord?.dynamic ? '' : f.value, span: f.word.span, unread: true });
    }
  }
  const known = new Set(view.flags.filter((f) => f.value !== null).map((f) => f.name));
  out.push(
    ...wordAfter(
      view,
      spec.text.filter((n) => !known.has(n)),
    ),
  );
  // sqlite3/duckdb: every word after the database is SQL or a dot-command, run in order.
  if (spec.positional === 'second') for (const w of view.positionals.slice(1)) out.push({ text: w.value, span: w.span });
  const s = view.cmd.stdin;
  if (s && (s.kind === 'heredoc' || s.kind === 'herestring')) out.push({ text: s.text, span: s.span });
  else if (s?.kind === 'pipe' && s.text !== null) out.push({ text: s.text, span: s.from[0]?.span ?? view.cmd.span });
  // `psql -Atc "SELECT 'DROP TABLE ' || …" | psql`: SQL that a query generates, run as SQL (psql's \gexec by a pipe).
  else if (s?.kind === 'pipe' && s.from.some((c) => c.program !== null && c.program in SQL_CLIENTS)) out.push({ text: '\u{FFFC}', span: s.from[0]!.span });
  else if (s?.kind === 'file' && !notAFile(s.path.value)) {
    const t = s.path.dynamic ? undefined : read(s.path.value);
    out.push(t ? { text: t, span: s.path.span } : { text: s.path.dynamic ? '' : s.path.value, span: s.path.span, unread: true });
  }
  return [...out, ...included(out, read)];
}

/** Files the SQL text tells the client to run: psql's `\i FILE` (`\ir`, `\include`), sqlite's `.read FILE`. */
const INCLUDE = /^\s*(?:\\i|\\ir|\\include|\\include_relative|\.read|source|\\\.)\s+(['"]?)([^'"\s;]+)\1/gim;

function included(texts: SqlSource[], read: (p: string) => string | undefined): SqlSource[] {
  const out: SqlSource[] = [];
  for (const src of texts) {
    if (src.unread) continue;
    for (const m of src.text.matchAll(INCLUDE)) {
      const t = read(m[2]!);
      if (t) out.push({ text: t, span: src.span });
    }
  }
  return out;
}

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

const SQL_START =
  /^\s*(drop\s+((snapshot|external|materialized|temporary|temp|continuous|retention)\s+)?(table|database|schema|keyspace|index|view|user|role|collection|function|procedure|measurement|series|shard|query|policy|sequence|trigger|extension|tablespace|warehouse|dictionary|stream)|drop\s+all\s|truncate\s|delete\s+from\s|alter\s+table\s+\S+\s+drop\s|update\s+\S+\s+set\s)/i;

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
      return [{ id: trivialWhere(b.whereClause) ? 'sql.delete-all' : 'sql.delete', detail: rel, span }];
    case 'UpdateStmt':
      return [{ id: trivialWhere(b.whereClause) ? 'sql.update-all' : 'sql.update', detail: rel, span }];
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

/** No WHERE, or a WHERE that is always true (`true`, `1`, `1=1`, `'a'='a'`, `id = id`, `x = 1 OR 1 = 1`). */
function trivialWhere(where: unknown, depth = 0): boolean {
  if (!where) return true;
  if (depth > 16) return false;
  const w = where as Record<string, unknown>;
  const c = w.A_Const as { boolval?: { boolval?: boolean }; ival?: { ival?: number } } | undefined;
  if (c) return c.boolval?.boolval === true || (c.ival !== undefined && c.ival.ival !== 0 && c.ival.ival !== undefined);
  const bool = w.BoolExpr as { boolop?: string; args?: unknown[] } | undefined;
  if (bool?.args) {
    if (bool.boolop === 'OR_EXPR') return bool.args.some((a) => trivialWhere(a, depth + 1));
    if (bool.boolop === 'AND_EXPR') return bool.args.every((a) => trivialWhere(a, depth + 1));
    if (bool.boolop === 'NOT_EXPR') return alwaysFalse(bool.args[0]);
  }
  const e = w.A_Expr as { name?: unknown; lexpr?: unknown; rexpr?: unknown } | undefined;
  if (e && JSON.stringify(e.name).includes('"="'))
    return JSON.stringify(e.lexpr).replace(/"location":\d+/g, '') === JSON.stringify(e.rexpr).replace(/"location":\d+/g, '');
  return false;
}

function alwaysFalse(e: unknown): boolean {
  const c = (e as Record<string, unknown> | undefined)?.A_Const as { boolval?: { boolval?: boolean }; ival?: unknown } | undefined;
  return !!c && ((c.boolval !== undefined && c.boolval.boolval !== true) || (c.ival !== undefined && !(c.ival as { ival?: number }).ival));
}

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
    else if (/^delete\b/i.test(s)) facts.push({ id: /\bwhere\b/i.test(s) && !TRIVIAL_WHERE.test(s) ? 'sql.delete' : 'sql.delete-all', span });
    else if (/^update\b/i.test(s)) facts.push({ id: /\bwhere\b/i.test(s) && !TRIVIAL_WHERE.test(s) ? 'sql.update' : 'sql.update-all', span });
    // ClickHouse mutations: `ALTER TABLE t DELETE WHERE …`, `ALTER TABLE t UPDATE c = v WHERE …`.
    else if (/^alter\s+table\s+\S+\s+(on\s+cluster\s+\S+\s+)?(delete|update)\b/i.test(s))
      facts.push({ id: `sql.${/\bdelete\b/i.test(s.split(/\s+/).slice(3, 7).join(' ')) ? 'delete' : 'update'}${TRIVIAL_WHERE.test(s) ? '-all' : ''}`, span });
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

/** A WHERE that holds for every row: `WHERE 1`, `WHERE true`, `WHERE 1=1`. */
const TRIVIAL_WHERE = /\bwhere\s+(1|true|1\s*=\s*1)\s*;?\s*$/i;

const REDIS_DESTRUCTIVE = /^(flushall|flushdb|del|unlink|shutdown|config|debug|swapdb|migrate|script|function|acl|cluster|replicaof|slaveof)$/i;

function redisFacts(view: CommandView, ctx: AnalyzerInput['ctx']): Fact[] {
  const words = view.positionals.map((w) => w.value);
  const stdin = view.cmd.stdin;
  // Commands on stdin: piped, a heredoc, or a file (`redis-cli < cmds.txt`).
  const text =
    stdin && 'text' in stdin ? stdin.text : stdin?.kind === 'file' && !stdin.path.dynamic ? ctx.readFile?.(absolutePath(stdin.path.value, ctx)) : null;
  const lines = text ? text.split('\n').map((l) => l.trim().split(/\s+/)) : [];
  // EVAL's Lua script runs commands of its own: `EVAL "return redis.call('flushall')" 0`.
  const scripted = /^eval(_ro)?$/i.test(words[0] ?? '')
    ? [...(words[1] ?? '').matchAll(/redis\.p?call\s*\(\s*['"](\w+)['"]\s*(?:,\s*['"](\w+))?/g)].map((m) => [m[1]!, m[2] ?? ''])
    : [];
  // `redis-cli --cluster del-node host id`; `--cluster call host CMD …` runs CMD on every node
  const cluster = view.flags.some((f) => f.name === '--cluster');
  if (cluster && words[0] === 'del-node') return [{ id: 'db.destructive', detail: 'CLUSTER DEL-NODE', span: view.cmd.span }];
  if (cluster && words[0] === 'call') words.splice(0, 2);
  const commands = [words, ...lines, ...scripted].filter((c) => c[0]);
  // `DEL session:123`: keys named in full (no glob reaches DEL) are a targeted delete, as `DELETE … WHERE id = 1`;
  // keys from input or a substitution (`--scan … | xargs redis-cli del`) are not known.
  const named = !view.cmd.extraArgsUnknown && !view.positionals.some((w) => w.dynamic);
  return commands
    .filter((c) => REDIS_DESTRUCTIVE.test(c[0]!) && !REDIS_READING.test(c[1] ?? ''))
    .map((c) => ({
      id: /^flush/i.test(c[0]!) ? 'db.flush' : named && c.length > 1 && /^(del|unlink)$/i.test(c[0]!) ? 'sql.delete' : 'db.destructive',
      detail: c[0]!.toUpperCase(),
      span: view.cmd.span,
    }));
}

/** Subcommands of CONFIG, CLUSTER, SCRIPT, FUNCTION, ACL and DEBUG that only read: `CONFIG GET maxmemory`, `CLUSTER INFO`. */
const REDIS_READING =
  /^(get|info|nodes|slots|shards|myid|myshardid|links|keyslot|countkeysinslot|getkeysinslot|list|whoami|cat|users|getuser|log|exists|stats|dump|help|object|genpass|count-failure-reports)$/i;

const NETCAT = new Set(['nc', 'ncat', 'netcat', 'telnet', 'socat']);
const HTTP_CLIENTS = new Set(['curl', 'wget', 'http', 'https', 'xh']);
const WIRE_DESTRUCTIVE =
  /^\s*(flush_all|flushall|flushdb|shutdown\b(\s+(sessions|frontend|server))?|disable\s+(server|frontend|backend)|del\s+(server|map|acl)|clear\s+(table|map|acl)|set\s+server\s+\S+\s+state\s+(maint|drain))/im;

/**
 * Commands typed straight into a server's text protocol: `echo flush_all | nc localhost 11211`, `printf 'FLUSHALL\r\n' | nc redis 6379`,
 * HAProxy's runtime API (`echo 'disable server be/web1' | socat stdio /run/haproxy.sock`).
 */
function wireFacts(view: CommandView): Fact[] {
  const s = view.cmd.stdin;
  const text = s && 'text' in s ? s.text : null;
  const m = text ? WIRE_DESTRUCTIVE.exec(text) : null;
  return m ? [{ id: /^flush/i.test(m[1]) ? 'db.flush' : 'db.destructive', detail: m[1], span: view.cmd.span }] : [];
}

const BODY_FLAGS = new Set(['-d', '--data', '--data-raw', '--data-binary', '--data-urlencode', '--data-ascii', '--json', '--body-data', '--post-data']);

/**
 * SQL sent in a request body or query (`curl …/query --data-urlencode 'q=DROP DATABASE metrics'`), in the
 * URL's `query=`/`q=` parameter (ClickHouse's `/?query=DROP%20TABLE%20t`), or as a body read from stdin (`--data-binary @-`).
 */
function bodyFacts(input: AnalyzerInput): Fact[] {
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

const MONGO_ADMIN = /\b((?:db\.)?shutdownServer|rs\.remove|rs\.stepDown|sh\.removeShard)\s*\(/g;
const MONGO_DESTRUCTIVE = /\.(dropDatabase|drop|dropIndexes|dropUser|dropAllUsers|deleteMany|remove|findOneAndDelete|deleteOne)\s*\(\s*(\{\s*\})?/g;

function mongoFacts(input: AnalyzerInput): Fact[] {
  const { view } = input;
  const texts: string[] = [];
  for (const f of view.flags) if ((f.name === '--eval' || f.name === '-e') && f.value) texts.push(f.value);
  const s = view.cmd.stdin;
  if (s && 'text' in s && s.text) texts.push(s.text);
  // `mongosh app.js`, `mongosh --file app.js`: the script file is code like --eval.
  for (const w of view.positionals)
    if (/\.js$/.test(w.value)) {
      const t = input.ctx.readFile?.(absolutePath(w.value, input.ctx));
      if (t) texts.push(t);
    }
  const facts: Fact[] = [];
  for (const t of texts) {
    facts.push(...mongoCommandFacts(t, view.cmd.span));
    // An update whose filter is empty changes every document (the UPDATE without WHERE of MongoDB).
    for (const m of t.matchAll(/\.(updateMany|update|replaceMany)\s*\(\s*\{\s*\}\s*,/g))
      if (m[1] !== 'update' || /multi\s*:\s*true/.test(t)) facts.push({ id: 'db.destructive', detail: `${m[1]}({}) of every document`, span: view.cmd.span });
    // stopping the server, taking a member out of the replica set or a shard out of the cluster
    for (const m of t.matchAll(MONGO_ADMIN)) facts.push({ id: 'db.destructive', detail: m[1], span: view.cmd.span });
    for (const m of t.matchAll(MONGO_DESTRUCTIVE)) {
      if (/\b(rs|sh)\.$/.test(t.slice(Math.max(0, m.index - 3), m.index + 1))) continue;
      const all = m[1].startsWith('drop') || (m[2] !== undefined && /deleteMany|remove/.test(m[1]));
      if (m[1] === 'deleteOne' || m[1] === 'findOneAndDelete') continue;
      facts.push({ id: all ? 'db.drop' : 'db.delete', detail: m[1], span: view.cmd.span });
    }
  }
  return facts;
}
