/*!
 * The only importer of tree-sitter. Loads the bash grammar once and parses with a time limit.
 */
import Parser from 'tree-sitter';
import Bash from 'tree-sitter-bash';

export type SyntaxNode = Parser.SyntaxNode;

let parser: Parser | null = null;

/** Time limit for one parse; tree-sitter gives up (returns no tree) past it. */
const PARSE_TIMEOUT_MICROS = 100_000;

function getParser(): Parser {
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(Bash as unknown as Parser.Language);
    parser.setTimeoutMicros(PARSE_TIMEOUT_MICROS);
  }
  return parser;
}

/** Parses bash source; returns null when the parser gave up (time limit). */
export function parseBash(source: string): Parser.Tree | null {
  const p = getParser();
  try {
    const tree = p.parse(source);
    return tree ?? null;
  } catch {
    p.reset();
    return null;
  }
}
