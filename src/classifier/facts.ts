/*!
 * Facts: what analyzers learn about one command (`fs.delete-recursive.home`, `sql.drop`,
 * `http.delete`, `verb.destructive` …). Rules match facts by id glob; the span says where.
 */
import type { Span } from '../core/verdict.js';
import type { CommandView } from './command-view.js';
import type { Context } from './context.js';
import type { ParsedLine } from '../parser/model.js';

export interface Fact {
  id: string;
  /** What the fact is about (a path, a table, a verb, a host), for messages: `{detail}`. */
  detail?: string;
  span: Span;
}

export interface AnalyzerInput {
  view: CommandView;
  ctx: Context;
  line: ParsedLine;
  /** Parses Postgres SQL; null when the parser is not loaded (analyzers then fall back, stricter). */
  parseSql: ((sql: string) => unknown) | null;
  /** Facts the analyzers before this one found for the same command (self-protection reads the writes). */
  earlier?: readonly Fact[];
}

export type Analyzer = (input: AnalyzerInput) => Fact[];
