/*!
 * One YAML syntax error, where the mistake is. The yaml parser reports where it noticed trouble,
 * which for an unclosed `{` or `[` is a line or more later, and then several follow-on errors
 * (an unclosed `{` on line 3 gave five errors on lines 4 and 5). So: if a flow collection
 * (`{…}`, `[…]`) or a quoted string is left open, the error is put at its opening character;
 * otherwise the parser's first error is reported, saying how many more came after it.
 */
import type { LineCounter } from 'yaml';
import { dict } from '../util/dict.js';

/** What the yaml parser reports (YAMLError's fields used here). */
export interface ParserError {
  pos: [number, number];
  message: string;
}

export interface SyntaxProblem {
  line: number;
  col: number;
  message: string;
  fix: string;
}

const CLOSER: Record<string, string> = dict({ '{': '}', '[': ']' });

/** Whether a flow collection or a quoted scalar may start at `i` (the start of a value). */
function atValueStart(text: string, i: number, inFlow: boolean): boolean {
  let j = i - 1;
  while (j >= 0 && (text[j] === ' ' || text[j] === '\t')) j--;
  if (j < 0 || text[j] === '\n') return true;
  return ':-,[{?'.includes(text[j]) || (inFlow && text[j] === '{');
}

/** The first flow collection or quoted string that is never closed: its offset and its opening character. */
export function unclosedOpener(text: string): { offset: number; char: string } | null {
  const stack: { offset: number; char: string }[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const inFlow = stack.length > 0;
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if ((c === '|' || c === '>') && !inFlow && atValueStart(text, i, inFlow)) {
      i = blockScalarEnd(text, i);
    } else if ((c === '"' || c === "'") && atValueStart(text, i, inFlow)) {
      const end = closingQuote(text, i);
      if (end < 0) return stack[0] ?? { offset: i, char: c };
      i = end;
    } else if ((c === '{' || c === '[') && (inFlow || atValueStart(text, i, inFlow))) {
      stack.push({ offset: i, char: c });
    } else if (inFlow && (c === '}' || c === ']')) {
      if (CLOSER[stack[stack.length - 1].char] !== c) return stack[stack.length - 1];
      stack.pop();
    }
  }
  return stack[0] ?? null;
}

/** The offset where the block scalar (`|`, `>`) starting at `start` ends: its text is not YAML. */
function blockScalarEnd(text: string, start: number): number {
  const lineStart = text.lastIndexOf('\n', start) + 1;
  const indent = /^[ ]*/.exec(text.slice(lineStart))![0].length;
  let i = text.indexOf('\n', start);
  while (i >= 0 && i + 1 < text.length) {
    const next = text.indexOf('\n', i + 1);
    const line = text.slice(i + 1, next < 0 ? text.length : next);
    if (line.trim() !== '' && /^[ ]*/.exec(line)![0].length <= indent) return i;
    if (next < 0) return text.length;
    i = next;
  }
  return text.length;
}

/** Offset of the quote closing the one at `start`, or -1. */
function closingQuote(text: string, start: number): number {
  const q = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (q === '"' && text[i] === '\\') i++;
    else if (text[i] === q) {
      if (q === "'" && text[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

/** The one syntax problem to report for `text`, given the parser's errors (at least one). */
export function syntaxProblem(text: string, errors: readonly ParserError[], lc: LineCounter): SyntaxProblem {
  const open = unclosedOpener(text);
  if (open && open.offset <= errors[0].pos[0]) {
    const { line, col } = lc.linePos(open.offset);
    const what = open.char === '{' || open.char === '[' ? `this ${open.char} is never closed` : `this ${open.char}-quoted string is never closed`;
    const closer = CLOSER[open.char] ?? open.char;
    return {
      line,
      col,
      message: `YAML syntax error: ${what}`,
      fix: `add the missing ${closer} (on the same line, or before the next key at this indentation)`,
    };
  }
  const { line, col } = lc.linePos(errors[0].pos[0]);
  const more = errors.length > 1 ? ` (${errors.length - 1} more error${errors.length > 2 ? 's' : ''} after it, likely from this one)` : '';
  return { line, col, message: `YAML syntax error: ${errors[0].message.split('\n')[0]}${more}`, fix: 'correct the YAML syntax at this position' };
}
