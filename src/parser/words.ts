/*!
 * Word resolution: a tree-sitter word-like node → the value bash would give it, as far as it can
 * be known statically. Quotes are removed, escapes and `$'…'` decoded, known variables substituted,
 * unquoted expansions field-split and literal braces expanded. Unknown parts become DYN.
 */
import type { SyntaxNode } from './syntax-tree.js';
import { DYN, type Command, type Word } from './model.js';
import type { Span } from '../core/verdict.js';
import { decodeAnsiC } from './ansi-c.js';
import { expandParam } from './param-expansion.js';
import { promptOperand } from './prompt-expansion.js';

/** What word resolution needs from the walker. */
export interface WordScope {
  lookup(name: string): string | undefined;
  /** The elements of an array variable (a scalar is an array of one). */
  lookupArray?(name: string): string[] | undefined;
  /** An element set by key (`declare -A m=([k]=v)`). */
  lookupKey?(name: string, key: string): string | undefined;
  /** Walks a substitution's commands; returns them and their static output when it can be known. */
  substitute(node: SyntaxNode): { text: string | null; commands: Command[] };
  /** The commands a prompt expansion (`${x@P}`) of `value` runs; null value: unknown. */
  promptExpand?(value: string | null, node: SyntaxNode): Command[];
  /** `${x:=v}` assigns as it expands. */
  setVar?(name: string, value: string | null): void;
  span(node: SyntaxNode): Span;
}

interface Seg {
  sources?: Command[];
  text: string;
  quoted: boolean;
  dyn: boolean;
  /** Unquoted expansion result: subject to field splitting. */
  split: boolean;
}

const MAX_BRACE_WORDS = 64;

/** Resolves one argument node into the words bash would pass (splitting/brace expansion may give several). */
export function resolveWords(node: SyntaxNode, scope: WordScope): Word[] {
  const segs = segments(node, scope, false);
  const span = scope.span(node);
  const raw = node.text;
  const quoted = segs.some((s) => s.quoted);
  const fields = segs.some((s) => s.split) ? splitFields(segs, scope.lookup('IFS')) : [segs];
  const words: Word[] = [];
  for (const f of fields) {
    // An unquoted word that expands to nothing is removed, as bash does: `X=; $X rm -rf /` and
    // `$(true) rm -rf /` run `rm` (a quoted empty word, `"" rm`, stays: bash runs a command named '').
    if (f.every((s) => !s.quoted && !s.dyn && s.text === '')) continue;
    const value = joined(f);
    const dynamic = f.some((s) => s.dyn);
    const anyQuoted = f.some((s) => s.quoted);
    const expanded = anyQuoted || dynamic ? [value] : expandBraces(value);
    const sources = sourcesOf(f);
    for (const v of expanded) words.push(withSources({ raw, value: v, dynamic, quoted, span }, sources));
  }
  if (words.length === 0 && quoted) words.push({ raw, value: '', dynamic: false, quoted, span });
  return words;
}

/** Resolves a node to a single word (assignment values, redirect targets): no splitting. */
export function resolveWord(node: SyntaxNode, scope: WordScope): Word {
  const segs = segments(node, scope, true);
  const word: Word = {
    raw: node.text,
    value: joined(segs),
    dynamic: segs.some((s) => s.dyn),
    quoted: segs.some((s) => s.quoted),
    span: scope.span(node),
  };
  return withSources(word, sourcesOf(segs));
}

/** The segments' text, DYN for each unknown one (most words are one segment: no array is built). */
function joined(segs: Seg[]): string {
  if (segs.length === 1) return segs[0]!.dyn ? DYN : segs[0]!.text;
  let value = '';
  for (let i = 0; i < segs.length; i++) value += segs[i]!.dyn ? DYN : segs[i]!.text;
  return value;
}

const NO_SOURCES: Command[] = [];

/** The commands the segments' substitutions run, in order (most words have none). */
function sourcesOf(segs: Seg[]): Command[] {
  let out: Command[] | null = null;
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!.sources;
    if (s?.length) (out ??= []).push(...s);
  }
  return out ?? NO_SOURCES;
}

function withSources(word: Word, sources: Command[]): Word {
  if (sources.length) word.sources = sources;
  return word;
}

function segments(node: SyntaxNode, scope: WordScope, inQuotes: boolean): Seg[] {
  switch (node.type) {
    case 'word':
    case 'number':
    case 'extglob_pattern':
    case 'special_variable_name':
      return [{ text: unescapeUnquoted(node.text), quoted: node.text.includes('\\'), dyn: false, split: false }];
    case 'raw_string':
      return [{ text: node.text.slice(1, -1), quoted: true, dyn: false, split: false }];
    case 'ansi_c_string':
      return [{ text: decodeAnsiC(node.text.slice(2, -1)), quoted: true, dyn: false, split: false }];
    case 'string':
    case 'translated_string':
      return stringSegments(node, scope);
    case 'string_content':
      return [{ text: unescapeDouble(node.text), quoted: true, dyn: false, split: false }];
    case 'concatenation':
      return node.children.flatMap((c) => segments(c, scope, inQuotes));
    case 'simple_expansion':
    case 'expansion':
      return expansionSegment(node, scope, inQuotes);
    case 'command_substitution': {
      const { text, commands } = scope.substitute(node);
      if (text === null) return [{ text: '', quoted: inQuotes, dyn: true, split: false, sources: commands }];
      return [{ text: text.replace(/\n+$/, ''), quoted: inQuotes, dyn: false, split: !inQuotes, sources: commands }];
    }
    case 'process_substitution':
    case 'arithmetic_expansion':
      return [{ text: '', quoted: inQuotes, dyn: true, split: false, sources: scope.substitute(node).commands }];
    case 'brace_expression':
      return [{ text: node.text, quoted: false, dyn: false, split: false }];
    default:
      // Unknown node inside a word: keep it visible as dynamic, and walk it for commands.
      return [{ text: '', quoted: inQuotes, dyn: true, split: false, sources: scope.substitute(node).commands }];
  }
}

function stringSegments(node: SyntaxNode, scope: WordScope): Seg[] {
  const out: Seg[] = [];
  const text = node.text;
  const base = node.startIndex;
  const open = node.type === 'translated_string' ? 2 : 1;
  let pos = base + open;
  const end = node.endIndex - 1;
  for (const child of node.namedChildren) {
    if (child.startIndex > pos) out.push(literalDouble(text.slice(pos - base, child.startIndex - base)));
    out.push(...segments(child, scope, true));
    pos = Math.max(pos, child.endIndex);
  }
  if (end > pos) out.push(literalDouble(text.slice(pos - base, end - base)));
  if (out.length === 0) out.push({ text: '', quoted: true, dyn: false, split: false });
  for (const s of out) s.quoted = true;
  return out;
}

function literalDouble(text: string): Seg {
  return { text: unescapeDouble(text), quoted: true, dyn: false, split: false };
}

function expansionSegment(node: SyntaxNode, scope: WordScope, inQuotes: boolean): Seg[] {
  const name = expansionName(node);
  const value = name === null ? undefined : scope.lookup(name);
  if (node.type === 'expansion') {
    const inner = node.text.slice(2, -1);
    const prompt = promptOperand(inner);
    if (prompt !== null && scope.promptExpand) {
      const got = expandParam(prompt, scope);
      const sources = scope.promptExpand(got ? got.text : null, node);
      // Without substitutions or prompt escapes (`\u`, `\w` …) the value is what it says (`c='rm -rf ~'; ${c@P}`).
      if (got && !/[$`]|\\[a-zA-Z@!#]/.test(got.text)) return [{ text: got.text.replace(/\\(.)/g, '$1'), quoted: inQuotes, dyn: false, split: !inQuotes }];
      return [{ text: '', quoted: inQuotes, dyn: true, split: false, sources }];
    }
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(inner)) {
      // Operators (${X:-d}, ${X^^}, ${A[@]:1}, ${!V} …) where the value is known; anything else stays dynamic.
      const sources = node.namedChildren.filter((c) => c.type !== 'variable_name').flatMap((c) => scope.substitute(c).commands);
      const got = expandParam(inner, scope);
      const assigns = /^([A-Za-z_][A-Za-z0-9_]*):?=/.exec(inner);
      // `${x:=rm}` sets x for the rest of the line (unknown when the default is).
      if (assigns) scope.setVar?.(assigns[1]!, got ? got.text : null);
      if (!got) return [{ text: '', quoted: inQuotes, dyn: true, split: false, sources }];
      return [{ text: got.text, quoted: inQuotes, dyn: false, split: !inQuotes || got.perElement, sources }];
    }
  }
  if (value === undefined) return [{ text: '', quoted: inQuotes, dyn: true, split: false }];
  // "$@" gives one word per parameter even in quotes (approximated by splitting their join).
  return [{ text: value, quoted: inQuotes, dyn: false, split: !inQuotes || name === '@' }];
}

function expansionName(node: SyntaxNode): string | null {
  const v = node.namedChildren.find((c) => c.type === 'variable_name' || c.type === 'special_variable_name');
  return v ? v.text : null;
}

/** Splits segments into fields on whitespace inside unquoted expansion results. */
/**
 * Field splitting of unquoted expansions on IFS, as bash does: IFS whitespace runs delimit once,
 * each other IFS character delimits on its own (`IFS=,; x=rm,-rf,~; $x` is `rm -rf ~`). An IFS
 * that is only known at run time makes the word dynamic: how it splits cannot be known.
 */
function splitFields(segs: Seg[], ifs: string | undefined): Seg[][] {
  if (ifs === undefined) {
    // Unknown splitting: the text stays visible between unknown parts (`rm -rf ~` still reads as risky).
    const unknown = (s: Seg): Seg => ({ ...s, text: '', dyn: true, split: false });
    return [segs.flatMap((s) => (s.split ? [unknown(s), { ...s, split: false }, unknown(s)] : [s]))];
  }
  const delim = ifsPattern(ifs === ' ' ? ' \t\n' : ifs);
  if (!delim || !segs.some((s) => s.split && delim.test(s.text))) return [segs];
  const fields: Seg[][] = [];
  let cur: Seg[] = [];
  for (const s of segs) {
    if (!s.split) {
      cur.push(s);
      continue;
    }
    const parts = s.text.split(delim);
    parts.forEach((p, i) => {
      if (i > 0) {
        if (cur.length) fields.push(cur);
        cur = [];
      }
      if (p !== '') cur.push({ ...s, text: p, split: false });
    });
  }
  if (cur.length) fields.push(cur);
  return fields;
}

const ifsPatterns = new Map<string, RegExp | null>();
function ifsPattern(ifs: string): RegExp | null {
  let re = ifsPatterns.get(ifs);
  if (re === undefined) {
    const esc = (chars: string[]) => chars.map((c) => c.replace(/[\]\\^-]/g, '\\$&')).join('');
    const chars = [...new Set(ifs)];
    const ws = chars.filter((c) => ' \t\n'.includes(c));
    const other = chars.filter((c) => !ws.includes(c));
    const w = ws.length ? `[${esc(ws)}]*` : '';
    const parts = [...(other.length ? [`${w}[${esc(other)}]${w}`] : []), ...(ws.length ? [`[${esc(ws)}]+`] : [])];
    re = parts.length ? new RegExp(parts.join('|')) : null;
    if (ifsPatterns.size < 32) ifsPatterns.set(ifs, re);
  }
  return re;
}

/** Removes backslash escapes from unquoted text (`r\m` → `rm`, `\<newline>` → nothing). */
export function unescapeUnquoted(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\(\n|.)/gs, (_m, c: string) => (c === '\n' ? '' : c));
}

/** Escapes that double quotes honour: \$ \` \" \\ and \<newline>. */
export function unescapeDouble(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\([$`"\\\n])/g, (_m, c: string) => (c === '\n' ? '' : c));
}

/** Literal brace expansion: `a{b,c}d` → `abd acd`, `{1..3}` → `1 2 3` (bounded). */
export function expandBraces(word: string): string[] {
  const m = /^(.*?)\{([^{}]*)\}(.*)$/s.exec(word);
  if (!m) return [word];
  const [, pre, body, post] = m;
  let items: string[] | null = null;
  if (body.includes(',')) items = body.split(',');
  else {
    const r = /^(-?\d+)\.\.(-?\d+)$/.exec(body);
    if (r) {
      const a = Number(r[1]);
      const b = Number(r[2]);
      if (Math.abs(b - a) < MAX_BRACE_WORDS) {
        items = [];
        for (let i = a; a <= b ? i <= b : i >= b; i += a <= b ? 1 : -1) items.push(String(i));
      }
    }
  }
  if (!items) return [word];
  const out: string[] = [];
  for (const it of items) {
    for (const rest of expandBraces(pre + it + post)) {
      out.push(rest);
      if (out.length >= MAX_BRACE_WORDS) return out;
    }
  }
  return out;
}
