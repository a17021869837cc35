/*!
 * Where a database client reads its statements: `-c`, `-e`, `--query` and the like, the words after
 * the database (sqlite3, duckdb), a heredoc, a here-string, a pipe (`echo … | psql`), a file
 * (`-f x.sql`, `< x.sql`) and the files those include (`\i`, `.read`). A file that cannot be read
 * here is kept as unread, for the caller to judge.
 */
import { staticOutput } from '../../parser/static-output.js';
import type { AnalyzerInput } from '../facts.js';
import type { CommandView } from '../command-view.js';
import type { Span } from '../../core/verdict.js';
import { dict } from '../../util/dict.js';

export const SQL_CLIENTS: Record<string, { text: string[]; file: string[]; positional?: 'last' | 'second' }> = dict({
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

export interface SqlSource {
  text: string;
  span: Span;
  /** A file the client reads SQL from that cannot be read here: `text` is its path ('' when named at run time). */
  unread?: true;
}

/** `-f -`, `< /dev/stdin` and other devices are the client's input, not a file to read. */
const notAFile = (path: string): boolean => path === '-' || path.startsWith('/dev/');

export function sources(input: AnalyzerInput, spec: (typeof SQL_CLIENTS)[string]): SqlSource[] {
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
