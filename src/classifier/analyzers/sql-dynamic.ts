/*!
 * SQL that runs other SQL: `DO` blocks and function bodies (PL/pgSQL), `EXECUTE` of a string,
 * `PREPARE … EXECUTE`, `EXPLAIN ANALYZE` (which runs its statement), `dblink_exec`, MySQL's
 * `PREPARE s FROM …`, SQL Server's `EXEC(…)`/`sp_executesql`, `EXECUTE IMMEDIATE`, and psql
 * variables (`-v`, `\set`) interpolated into the text. A string literal is judged as the SQL it
 * holds; anything built at run time (`format(…)`, `||`, a variable, `\gexec`) is `sql.dynamic`.
 */
import type { Fact } from '../facts.js';
import type { Span } from '../../core/verdict.js';
import { DYN } from '../../parser/model.js';

type Judge = (sql: string, span: Span) => Fact[];
type Node = Record<string, unknown>;

/** Facts for a statement kind that runs another statement; null when the kind does not. */
export function innerStatementFacts(kind: string | undefined, b: Node, span: Span, stmt: (s: Node) => Fact[], judge: Judge): Fact[] | null {
  switch (kind) {
    case 'DoStmt':
      return bodyFacts(defElem(b.args, 'as'), span, judge);
    case 'CreateFunctionStmt':
      return bodyFacts(defElem(b.options, 'as'), span, judge);
    case 'PrepareStmt':
      return b.query ? stmt(b.query as Node) : [];
    case 'ExplainStmt':
      return analyzes(b.options) && b.query ? stmt(b.query as Node) : [];
    default:
      return null;
  }
}

/** The string value of a DefElem list entry (`DO $$…$$` → the body). */
function defElem(list: unknown, name: string): string | null {
  for (const e of (list as { DefElem?: { defname?: string; arg?: unknown } }[] | undefined) ?? []) {
    if (e.DefElem?.defname !== name) continue;
    const arg = e.DefElem.arg as { String?: { sval?: string }; List?: { items?: { String?: { sval?: string } }[] } } | undefined;
    return arg?.String?.sval ?? arg?.List?.items?.map((i) => i.String?.sval ?? '').join('\n') ?? null;
  }
  return null;
}

/** `EXPLAIN ANALYZE stmt` / `EXPLAIN (ANALYZE [true]) stmt` runs the statement. */
function analyzes(options: unknown): boolean {
  return ((options as { DefElem?: { defname?: string; arg?: unknown } }[] | undefined) ?? []).some((o) => {
    if (o.DefElem?.defname !== 'analyze') return false;
    const v = JSON.stringify(o.DefElem.arg ?? '');
    return !/false|"off"|"0"|ival":0/.test(v) || v === '""';
  });
}

/** Function calls whose string argument is SQL run elsewhere (another database, another session). */
const REMOTE_SQL_FUNCS = new Set(['dblink_exec', 'dblink', 'dblink_send_query', 'dblink_open']);

/** Routine names made of a destroying verb (`wipe_everything`, `drop_tenant`, `purgeOldData`). */
const DESTROYING_ROUTINE =
  /(^|_)(delete|drop|purge|wipe|truncate|destroy|erase|nuke|obliterate)(_|$)|^(delete|drop|purge|wipe|truncate|destroy|erase|nuke|obliterate)/i;

/** `SELECT dblink_exec('conn', 'DROP TABLE t')` anywhere in a statement tree. */
export function remoteCallFacts(tree: unknown, span: Span, judge: Judge, budget = { n: 2000 }): Fact[] {
  if (!tree || typeof tree !== 'object' || budget.n-- <= 0) return [];
  const node = tree as Node;
  const out: Fact[] = [];
  // `{FuncCall: {…}}` in expressions; `CALL f()` holds the call's fields directly (`funccall: {funcname, args}`).
  const call = (node.FuncCall ?? (Array.isArray(node.funcname) ? node : undefined)) as
    | { funcname?: { String?: { sval?: string } }[]; args?: Node[] }
    | undefined;
  const name = call?.funcname?.[call.funcname.length - 1]?.String?.sval?.toLowerCase();
  // `CALL wipe_everything()`, `SELECT purge_tenant(42)`: a server-side routine whose name says it destroys.
  if (call && name && !REMOTE_SQL_FUNCS.has(name) && !name.startsWith('pg_') && DESTROYING_ROUTINE.test(name.replace(/([a-z])([A-Z])/g, '$1_$2'))) {
    out.push({ id: 'db.destructive', detail: `${name}(…)`, span });
  }
  if (call && name && REMOTE_SQL_FUNCS.has(name)) {
    const last = call.args?.[call.args.length - 1] as { A_Const?: { sval?: { sval?: string } } } | undefined;
    const text = last?.A_Const?.sval?.sval;
    out.push(...(text !== undefined ? judge(text, span) : [{ id: 'sql.dynamic', detail: `${name}(…) of SQL built at run time`, span }]));
  }
  for (const v of Object.values(node)) {
    if (Array.isArray(v)) for (const x of v) out.push(...remoteCallFacts(x, span, judge, budget));
    else if (v && typeof v === 'object') out.push(...remoteCallFacts(v, span, judge, budget));
  }
  return out;
}

/** A single-quoted SQL literal (with `''` inside), or a dollar-quoted one. */
const LITERAL = String.raw`(?:'((?:''|[^'])*)'|\$(\w*)\$([\s\S]*?)\$\2\$|N'((?:''|[^'])*)')`;
const EXECUTE_ARG = new RegExp(
  String.raw`\b(EXECUTE\s+IMMEDIATE|EXECUTE|EXEC(?:UTE)?\s*\(|sp_executesql\s+|PREPARE\s+\w+\s+FROM)\s*(?:${LITERAL}\s*(?=;|\)|$|USING\b|INTO\b)|(\S+))`,
  'gi',
);

/**
 * Statements a procedural body or a script runs: its plain statements (scanned), and each
 * `EXECUTE`/`EXEC`/`PREPARE … FROM` argument: a literal is judged as SQL, anything else is dynamic.
 */
export function bodyFacts(body: string | null, span: Span, judge: Judge): Fact[] {
  if (!body) return [];
  const out: Fact[] = [];
  const plain = body.replace(/\b(DECLARE|BEGIN|THEN|ELSE|ELSIF|LOOP|END\s+(IF|LOOP|CASE)|END|RETURN\s+NEXT)\b/gi, ';').replace(/\bPERFORM\b/gi, 'SELECT');
  out.push(...executeArgs(body, span, judge));
  for (const piece of plain.replace(new RegExp(EXECUTE_ARG.source, 'gi'), ';').split(';')) {
    const s = piece.trim();
    if (/^(drop|truncate|delete|update|alter|select|with)\b/i.test(s)) out.push(...judge(s, span));
  }
  return out;
}

/** The arguments of `EXECUTE`, `EXEC(…)`, `sp_executesql`, `PREPARE s FROM` in a text. */
export function executeArgs(text: string, span: Span, judge: Judge): Fact[] {
  const out: Fact[] = [];
  const assigned = sessionStrings(text);
  for (const m of text.matchAll(new RegExp(EXECUTE_ARG.source, 'gi'))) {
    const literal = m[2] ?? m[4] ?? m[5];
    if (literal !== undefined) {
      out.push(...judge(literal.replace(/''/g, "'"), span));
      continue;
    }
    const arg = m[6] ?? '';
    // `PREPARE s FROM @q` after `SET @q = '…'`: the variable's literal.
    const known = assigned.get(arg.replace(/[;)]+$/, '').toLowerCase());
    if (known !== undefined) {
      out.push(...judge(known, span));
      continue;
    }
    // `EXECUTE p` of a statement the text prepared is judged at its PREPARE.
    if (/^EXECUTE$/i.test(m[1]!.trim()) && /^\w+;?$/.test(arg) && new RegExp(String.raw`\bPREPARE\s+${arg.replace(/;$/, '')}\b`, 'i').test(text)) continue;
    out.push({ id: 'sql.dynamic', detail: `${m[1]!.trim()} ${arg}`.slice(0, 80), span });
  }
  return out;
}

/** MySQL session variables set to a literal: `SET @q = 'DROP TABLE t'`. */
function sessionStrings(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/\bSET\s+(@\w+)\s*:?=\s*'((?:''|[^'])*)'/gi)) out.set(m[1]!.toLowerCase(), m[2]!.replace(/''/g, "'"));
  return out;
}

/** psql variables given on the command line (`-v n=v`, `--set=n=v`, `--variable n=v`). */
export function psqlVariables(argv: { value: string }[]): Map<string, string> {
  const vars = new Map<string, string>();
  for (let i = 1; i < argv.length; i++) {
    const v = argv[i]!.value;
    const m = /^(?:-v|--set=|--variable=)(.+)$/.exec(v) ?? ((v === '-v' || v === '--set' || v === '--variable') && argv[i + 1] ? [v, argv[++i]!.value] : null);
    if (!m) continue;
    const eq = m[1]!.indexOf('=');
    if (eq > 0) vars.set(m[1]!.slice(0, eq), m[1]!.slice(eq + 1));
  }
  return vars;
}

/**
 * The text psql runs once its variables are put in: `\set n v` lines set them, `:n`, `:'n'` and
 * `:"n"` are replaced. `\gexec` runs the rows a query returns as SQL: dynamic.
 */
export function interpolatePsql(text: string, given: Map<string, string>, span: Span): { text: string; facts: Fact[] } {
  const vars = new Map(given);
  const facts: Fact[] = [];
  const lines = text.split('\n').map((line) => {
    const set = /^\s*\\set\s+(\w+)\s*(.*)$/.exec(line);
    if (set) {
      vars.set(
        set[1]!,
        set[2]!.trim().replace(/^'((?:''|[^'])*)'$/, (_m, s: string) => s.replace(/''/g, "'")),
      );
      return '';
    }
    return line;
  });
  if (/\\gexec\b/.test(text)) facts.push({ id: 'sql.dynamic', detail: '\\gexec runs the rows of a query as SQL', span });
  const out = lines.join('\n').replace(/:(['"]?)([A-Za-z_]\w*)\1/g, (m, q: string, name: string) => {
    const v = vars.get(name);
    if (v === undefined) return m;
    return q === "'" ? `'${v.replace(/'/g, "''")}'` : q === '"' ? `"${v}"` : v;
  });
  return { text: out, facts };
}

/** A statement whose first word is only known at run time (`psql -c "$SQL"`, `-v q="$Q" -c ':q'`). */
export function unknownStatements(text: string, span: Span): Fact[] {
  return text.split(';').some((s) => s.trim().startsWith(DYN)) ? [{ id: 'sql.dynamic', detail: 'a statement only known at run time', span }] : [];
}
