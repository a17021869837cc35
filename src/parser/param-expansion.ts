/*!
 * Parameter expansion operators, evaluated where the value is known: `${x:-d}`, `${x:+a}`, `${x:?}`,
 * `${x^^}`, `${x,,}`, `${x:1:2}`, `${x/a/b}`, `${x#p}`, `${x%s}`, `${#x}`, indirection `${!v}`,
 * and arrays `${a[1]}`, `${a[@]}`, `${a[@]:1}`. Patterns are literal only; anything else (or an
 * unknown value) is null, which the caller keeps dynamic.
 */
import { decodeAnsiC } from './ansi-c.js';
import { dict } from '../util/dict.js';

export interface ParamScope {
  lookup(name: string): string | undefined;
  /** The elements of an array (a scalar is an array of one). */
  lookupArray?(name: string): string[] | undefined;
  /** An element set by key (`declare -A m=([k]=v)`, `a=([2]=x)`). */
  lookupKey?(name: string, key: string): string | undefined;
}

export interface Expanded {
  text: string;
  /** The expansion gives one word per element (`"${a[@]}"`). */
  perElement: boolean;
}

const NAME = /^([A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])(?:\[([^\]]+)\])?(.*)$/s;
/** Words with quotes, escapes or expansions in them are left to bash. */
const LITERAL_WORD = /^[^$`\\'"]*$/;

export function expandParam(inner: string, scope: ParamScope): Expanded | null {
  const indirect = /^!([A-Za-z_][A-Za-z0-9_]*)$/.exec(inner);
  if (indirect) {
    const target = scope.lookup(indirect[1]);
    return target !== undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(target) ? scalar(scope.lookup(target)) : null;
  }
  const length = /^#([A-Za-z_][A-Za-z0-9_]*)(\[[@*]\])?$/.exec(inner);
  if (length) {
    const v = length[2] ? elements(scope, length[1]) : scope.lookup(length[1]);
    if (v === undefined) return null;
    return { text: String(Array.isArray(v) ? v.length : v.length), perElement: false };
  }
  const m = NAME.exec(inner);
  if (!m) return null;
  const [, name, index, op] = m;
  let items: string[] | undefined;
  let whole = false;
  if (index === '@' || index === '*') {
    items = elements(scope, name);
    whole = true;
  } else if (index !== undefined) {
    const byKey = scope.lookupKey?.(name, index);
    if (byKey !== undefined) items = [byKey];
    else {
      if (!/^\d+$/.test(index)) return null;
      const all = elements(scope, name);
      items = all && [all[Number(index)] ?? ''];
    }
  } else {
    const v = scope.lookup(name);
    items = v === undefined ? undefined : [v];
  }
  return operate(items, op, whole && index === '@');
}

function elements(scope: ParamScope, name: string): string[] | undefined {
  if (scope.lookupArray) return scope.lookupArray(name);
  const v = scope.lookup(name);
  return v === undefined ? undefined : v.split(' ');
}

function scalar(v: string | undefined): Expanded | null {
  return v === undefined ? null : { text: v, perElement: false };
}

function operate(items: string[] | undefined, op: string, perElement: boolean): Expanded | null {
  const out = (xs: string[]): Expanded => ({ text: xs.join(' '), perElement });
  if (op === '') return items ? out(items) : null;
  const alt = /^(:?)([-=?+])(.*)$/s.exec(op);
  if (alt) {
    // An unknown value may be set or not: only a known one decides.
    if (!items) return null;
    const word = alt[3];
    if (!LITERAL_WORD.test(word)) return null;
    const empty = items.length === 0 || (alt[1] === ':' && items.join('') === '');
    if (alt[2] === '+') return { text: empty ? '' : word, perElement: false };
    if (!empty) return out(items);
    return alt[2] === '?' ? null : { text: word, perElement: false };
  }
  if (!items) return null;
  const cased = CASE[op];
  if (cased) return out(items.map(cased));
  const slice = /^:\s*(\d+)(?::\s*(\d+))?$/.exec(op);
  if (slice) {
    const from = Number(slice[1]);
    const len = slice[2] === undefined ? undefined : Number(slice[2]);
    if (perElement || items.length > 1) return out(items.slice(from, len === undefined ? undefined : from + len));
    return { text: items[0].slice(from, len === undefined ? undefined : from + len), perElement: false };
  }
  const replace = /^\/([/#%]?)([^/]*)(?:\/(.*))?$/s.exec(op);
  if (replace) {
    const [, mode, pattern, rep = ''] = replace;
    if (!literalPattern(pattern) || !LITERAL_WORD.test(rep) || pattern === '') return null;
    return out(items.map((v) => replaceLiteral(v, mode, pattern, rep)));
  }
  const trim = /^(##?|%%?)(.+)$/s.exec(op);
  if (trim) {
    const pattern = trim[2];
    if (!literalPattern(pattern)) return null;
    const front = trim[1].startsWith('#');
    return out(items.map((v) => (front ? (v.startsWith(pattern) ? v.slice(pattern.length) : v) : v.endsWith(pattern) ? v.slice(0, -pattern.length) : v)));
  }
  return null;
}

const CASE = dict<(v: string) => string>({
  // bash 5 transformations: `${x@U}`, `${x@u}`, `${x@L}` change case; `${x@E}` decodes `\x72`-style escapes.
  '@U': (v) => v.toUpperCase(),
  '@u': (v) => v.charAt(0).toUpperCase() + v.slice(1),
  '@L': (v) => v.toLowerCase(),
  '@E': (v) => decodeAnsiC(v),
  '^^': (v) => v.toUpperCase(),
  ',,': (v) => v.toLowerCase(),
  '^': (v) => v.charAt(0).toUpperCase() + v.slice(1),
  ',': (v) => v.charAt(0).toLowerCase() + v.slice(1),
  '~~': (v) => [...v].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''),
});

function literalPattern(p: string): boolean {
  return LITERAL_WORD.test(p) && !/[*?[\]]/.test(p);
}

function replaceLiteral(v: string, mode: string, pattern: string, rep: string): string {
  if (mode === '/') return v.split(pattern).join(rep);
  if (mode === '#') return v.startsWith(pattern) ? rep + v.slice(pattern.length) : v;
  if (mode === '%') return v.endsWith(pattern) ? v.slice(0, -pattern.length) + rep : v;
  const at = v.indexOf(pattern);
  return at < 0 ? v : v.slice(0, at) + rep + v.slice(at + pattern.length);
}
