/*!
 * Word globs for rules: `*` any run of characters (including `/`), `?` one character,
 * `{a,b}` alternatives, `\\*` a literal star. Compiled once per pattern.
 */
const cache = new Map<string, RegExp>();

export function globToRegExp(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re) return re;
  let src = '';
  let depth = 0;
  let escaped = false;
  for (const ch of pattern) {
    if (escaped) {
      src += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      escaped = false;
      continue;
    }
    if (ch === '\\') {
      escaped = true;
      continue;
    }
    if (ch === '*') src += '.*';
    else if (ch === '?') src += '.';
    else if (ch === '{') {
      src += '(?:';
      depth++;
    } else if (ch === '}' && depth > 0) {
      src += ')';
      depth--;
    } else if (ch === ',' && depth > 0) src += '|';
    else src += ch.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  re = new RegExp(`^${src}$`, 's');
  cache.set(pattern, re);
  return re;
}

/** Patterns without glob characters, compared as plain strings. */
const literal = new Map<string, boolean>();

export function globMatch(pattern: string, value: string): boolean {
  let plain = literal.get(pattern);
  if (plain === undefined) {
    plain = !/[*?{\\]/.test(pattern);
    literal.set(pattern, plain);
  }
  if (plain) return pattern === value;
  return globToRegExp(pattern).test(value);
}

export function anyGlob(patterns: string[], value: string): boolean {
  for (let i = 0; i < patterns.length; i++) if (globMatch(patterns[i]!, value)) return true;
  return false;
}
