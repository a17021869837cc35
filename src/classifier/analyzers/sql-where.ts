/*!
 * Whether a DELETE's or UPDATE's WHERE reaches every row, so the statement counts as one with no
 * WHERE at all (sql.delete-all / sql.update-all). Two kinds count:
 *   - provably every row: a predicate true whatever the data (`true`, `1`, `1=1`, `'a'='a'`,
 *     `2 > 1`, `NOT false`, `1 IN (1, 2)`, `id = id`, `x IS NULL OR x IS NOT NULL`, `p OR NOT p`,
 *     `EXISTS (SELECT 1)`, any OR with such a branch, an AND of only such parts);
 *   - every row a key, count or timestamp holds: a bound that leaves out no value such a column
 *     takes. `col >= 0`, `col > -1`, `col >= -5` (keys, counts and sizes are never negative);
 *     for a key column (`id`, `user_id`, `userId`) also `> 0`, `>= 1`, `<> 0` and `IS NOT NULL`
 *     (serial keys start at 1 and are never NULL); `col < 2147483647` or more (past every int
 *     key); `col LIKE '%'`; a timestamp after a date no later than 1970-01-01; a BETWEEN spanning
 *     both ends. `WHERE id > 0` is the well-known way around MySQL's safe-updates mode.
 * A bound that can leave a row out is a targeted statement, however broad: `id > 1000`,
 * `expires_at < now()`, `attempts > 0` (0 is a common count), `deleted_at IS NOT NULL`.
 */

type Node = Record<string, unknown>;

/** Largest 32-bit key: a bound at or past it leaves no int key out. */
const PAST_EVERY_KEY = 2147483647;

/** A column that holds a key: `id`, `user_id`, `userId`, `t.id` (not `paid`, `valid`: a camel-case key has its capital I). */
const KEY_COLUMN = /^(?:id|ID|Id|\w+_id|\w+_ID|[a-z]\w*Id)$/;

/** Libpg-query's WHERE tree → whether it reaches every row (see the header). No WHERE: it does. */
export function coversEveryRow(where: unknown, table = '', depth = 0): boolean {
  if (!where) return true;
  if (depth > 16) return false;
  const w = where as Node;
  const c = constant(w);
  if (c !== undefined) return truthy(c);
  const bool = w.BoolExpr as { boolop?: string; args?: unknown[] } | undefined;
  if (bool?.args) {
    if (bool.boolop === 'OR_EXPR') return bool.args.some((a) => coversEveryRow(a, table, depth + 1)) || complementary(bool.args);
    if (bool.boolop === 'AND_EXPR') return bool.args.every((a) => coversEveryRow(a, table, depth + 1));
    if (bool.boolop === 'NOT_EXPR') return neverTrue(bool.args[0], table, depth + 1);
  }
  const sub = w.SubLink as { subLinkType?: string; testexpr?: unknown; subselect?: { SelectStmt?: Node } } | undefined;
  if (sub?.subLinkType === 'ANY_SUBLINK') return selfSubquery(sub.testexpr, sub.subselect?.SelectStmt, table);
  // EXISTS (SELECT 1): a subquery with no FROM and no WHERE always has its one row
  if (sub?.subLinkType === 'EXISTS_SUBLINK') {
    const s = sub.subselect?.SelectStmt;
    return !!s && !s.fromClause && !s.whereClause && !s.havingClause && !s.limitCount;
  }
  const test = w.NullTest as { arg?: unknown; nulltesttype?: string } | undefined;
  if (test?.nulltesttype === 'IS_NOT_NULL') return isKeyColumn(test.arg) || constant(test.arg as Node) !== undefined;
  const e = w.A_Expr as { kind?: string; name?: unknown; lexpr?: unknown; rexpr?: unknown } | undefined;
  return e ? exprCovers(e) : false;
}

/** `id IN (SELECT id FROM t)` on t itself, the subquery unfiltered: every row whose id is set. */
function selfSubquery(test: unknown, select: Node | undefined, table: string): boolean {
  if (!select || !table || select.whereClause || select.havingClause || select.limitCount) return false;
  const from = (select.fromClause ?? []) as { RangeVar?: { relname?: string } }[];
  const targets = (select.targetList ?? []) as { ResTarget?: { val?: unknown } }[];
  const col = columnName(test);
  return from.length === 1 && from[0]!.RangeVar?.relname === table && targets.length === 1 && col !== null && columnName(targets[0]!.ResTarget?.val) === col;
}

/** A comparison, IN, LIKE or BETWEEN that holds for every row. */
function exprCovers(e: { kind?: string; name?: unknown; lexpr?: unknown; rexpr?: unknown }): boolean {
  const op = operator(e.name);
  const l = constant(e.lexpr as Node);
  const r = constant(e.rexpr as Node);
  if (e.kind === 'AEXPR_OP' && op) {
    if (l !== undefined && r !== undefined) return compare(l, op, r) === true;
    if ((op === '=' || op === '<=' || op === '>=') && same(e.lexpr, e.rexpr)) return true;
    if (r !== undefined && isColumn(e.lexpr)) return boundCovers(e.lexpr, op, r);
    if (l !== undefined && isColumn(e.rexpr)) return boundCovers(e.rexpr, MIRROR[op] ?? '', l);
    return false;
  }
  if (e.kind === 'AEXPR_IN' && op === '=' && l !== undefined) {
    const items = ((e.rexpr as { List?: { items?: Node[] } })?.List?.items ?? []).map(constant);
    return items.some((x) => x !== undefined && compare(l, '=', x) === true);
  }
  if ((e.kind === 'AEXPR_LIKE' || e.kind === 'AEXPR_ILIKE') && (op === '~~' || op === '~~*')) return typeof r === 'string' && /^%+$/.test(r);
  if (e.kind === 'AEXPR_BETWEEN' && isColumn(e.lexpr)) {
    const [lo, hi] = ((e.rexpr as { List?: { items?: Node[] } })?.List?.items ?? []).map(constant);
    return typeof lo === 'number' && typeof hi === 'number' && lo <= 0 && hi >= PAST_EVERY_KEY;
  }
  return false;
}

/** `col OP c` leaves out no value a key, count, size or timestamp takes. */
function boundCovers(column: unknown, op: string, c: Value): boolean {
  const key = isKeyColumn(column);
  if (typeof c === 'number') {
    if (op === '>=') return c <= (key ? 1 : 0);
    if (op === '>') return c < 0 || (key && c <= 0);
    if (op === '<' || op === '<=') return c >= PAST_EVERY_KEY;
    if (op === '<>' || op === '!=') return key ? c <= 0 : c < 0;
    return false;
  }
  // a timestamp after the epoch (or earlier): `created_at > '1970-01-01'`
  const year = typeof c === 'string' ? /^(\d{4})-\d{2}-\d{2}\b/.exec(c)?.[1] : undefined;
  return (op === '>' || op === '>=') && year !== undefined && Number(year) <= 1970;
}

const MIRROR: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=', '<>': '<>', '!=': '!=' };

/** `x IS NULL OR x IS NOT NULL`, `p OR NOT p`: two branches that cover each other's gaps. */
function complementary(args: unknown[]): boolean {
  const key = (n: unknown) => JSON.stringify(n).replace(/"location":\d+/g, '');
  const nulls = new Map<string, Set<string>>();
  const plain = new Set<string>();
  const negated = new Set<string>();
  for (const a of args as Node[]) {
    const t = a.NullTest as { arg?: unknown; nulltesttype?: string } | undefined;
    if (t?.nulltesttype) {
      const k = key(t.arg);
      nulls.set(k, (nulls.get(k) ?? new Set()).add(t.nulltesttype));
      continue;
    }
    const b = a.BoolExpr as { boolop?: string; args?: unknown[] } | undefined;
    if (b?.boolop === 'NOT_EXPR' && b.args?.length === 1) negated.add(key(b.args[0]));
    else plain.add(key(a));
  }
  return [...nulls.values()].some((s) => s.size === 2) || [...negated].some((k) => plain.has(k));
}

/** A WHERE that holds for no row: `NOT false`, `NOT 0`, `NOT 1 = 2` make every row. */
function neverTrue(e: unknown, table: string, depth: number): boolean {
  const n = (e ?? {}) as Node;
  const c = constant(n);
  if (c !== undefined) return !truthy(c);
  const x = n.A_Expr as { kind?: string; name?: unknown; lexpr?: unknown; rexpr?: unknown } | undefined;
  if (x?.kind === 'AEXPR_OP') {
    const l = constant(x.lexpr as Node);
    const r = constant(x.rexpr as Node);
    const op = operator(x.name);
    if (l !== undefined && r !== undefined && op) return compare(l, op, r) === false;
  }
  const b = n.BoolExpr as { boolop?: string; args?: unknown[] } | undefined;
  if (b?.boolop === 'NOT_EXPR') return coversEveryRow(b.args?.[0], table, depth + 1);
  // `NOT (id IS NULL)`, `NOT (id <= 0)`: the negated test, as it would be written without NOT
  const flipped = negated(n);
  return flipped !== null && coversEveryRow(flipped, table, depth + 1);
}

const NEGATE: Record<string, string> = { '<': '>=', '<=': '>', '>': '<=', '>=': '<', '=': '<>', '<>': '=', '!=': '=' };

/** A NULL test or comparison with its sense reversed; null for anything else. */
function negated(n: Node): Node | null {
  const t = n.NullTest as { nulltesttype?: string } | undefined;
  if (t?.nulltesttype) return { NullTest: { ...t, nulltesttype: t.nulltesttype === 'IS_NULL' ? 'IS_NOT_NULL' : 'IS_NULL' } };
  const x = n.A_Expr as { kind?: string; name?: unknown } | undefined;
  const op = x?.kind === 'AEXPR_OP' ? operator(x.name) : null;
  return op && NEGATE[op] ? { A_Expr: { ...x, name: [{ String: { sval: NEGATE[op] } }] } } : null;
}

type Value = number | string | boolean | null;

/** A literal's value: `A_Const` (libpg-query leaves out zero and false: `{ival: {}}`), or a cast of one (`'1'::int`). */
function constant(n: Node | undefined): Value | undefined {
  if (!n) return undefined;
  const cast = n.TypeCast as { arg?: Node } | undefined;
  if (cast?.arg) return constant(cast.arg);
  const c = n.A_Const as
    | { ival?: { ival?: number }; fval?: { fval?: string }; sval?: { sval?: string }; boolval?: { boolval?: boolean }; isnull?: boolean }
    | undefined;
  if (!c) return undefined;
  if (c.isnull) return null;
  if (c.ival) return c.ival.ival ?? 0;
  if (c.fval) return Number(c.fval.fval ?? 0);
  if (c.sval) return c.sval.sval ?? '';
  if (c.boolval) return c.boolval.boolval ?? false;
  return undefined;
}

function truthy(v: Value): boolean {
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return /^\s*(t|true|y|yes|on|1)\s*$/i.test(v);
  return v === true;
}

/** Two literals compared as Postgres would (numbers as numbers, text as text); null when it cannot say. */
function compare(a: Value, op: string, b: Value): boolean | null {
  if (a === null || b === null) return null;
  const x = typeof a === typeof b ? a : typeof a === 'number' ? a : Number(a);
  const y = typeof a === typeof b ? b : typeof b === 'number' ? b : Number(b);
  if (typeof x === 'number' && Number.isNaN(x)) return null;
  if (typeof y === 'number' && Number.isNaN(y)) return null;
  switch (op) {
    case '=':
      return x === y;
    case '<>':
    case '!=':
      return x !== y;
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
    default:
      return null;
  }
}

function operator(name: unknown): string | null {
  const parts = (name ?? []) as { String?: { sval?: string } }[];
  return parts.length === 1 ? (parts[0]?.String?.sval ?? null) : null;
}

function same(a: unknown, b: unknown): boolean {
  const k = (n: unknown) => JSON.stringify(n).replace(/"location":\d+/g, '');
  return a !== undefined && k(a) === k(b);
}

function columnName(n: unknown): string | null {
  const fields = ((n as { ColumnRef?: { fields?: { String?: { sval?: string } }[] } })?.ColumnRef?.fields ?? []) as { String?: { sval?: string } }[];
  const last = fields[fields.length - 1]?.String?.sval;
  return last ?? null;
}

const isColumn = (n: unknown): boolean => columnName(n) !== null;
const isKeyColumn = (n: unknown): boolean => KEY_COLUMN.test(columnName(n) ?? '');

/**
 * The keyword scan's version, for SQL the Postgres parser cannot read (MySQL's backticks, `LIMIT` on a
 * DELETE): the statement's WHERE is one of the forms above, spelt plainly.
 */
export function scanCoversEveryRow(statement: string): boolean {
  const m = /\bwhere\s+(.*?)\s*;?\s*$/is.exec(statement.replace(/[`"]/g, ''));
  if (!m) return !/\bwhere\b/i.test(statement);
  // MySQL's `DELETE … WHERE 1=1 LIMIT 1000` (run until nothing is left) reaches what its WHERE does
  const cond = m[1]!
    .replace(/\s+(?:order\s+by\s+.*?)?\s*limit\s+\d+\s*$/is, '')
    .replace(/^\((.*)\)$/s, '$1')
    .trim();
  if (/^(1|true|1\s*=\s*1|'(\w*)'\s*=\s*'\2')$/i.test(cond)) return true;
  const bound = /^(?:\w+\.)?(\w+)\s*(>=|>|<>|!=)\s*(-?\d+(?:\.\d+)?)$/.exec(cond);
  if (!bound) return false;
  const [, col, op, num] = bound;
  const key = KEY_COLUMN.test(col!);
  const c = Number(num);
  return op === '>=' ? c <= (key ? 1 : 0) : op === '>' ? c < 0 || (key && c <= 0) : key ? c <= 0 : c < 0;
}
