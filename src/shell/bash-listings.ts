import { ANSI_C_SIMPLE } from '../parser/ansi-c.js';

/** Reads one shell word starting at `pos` (quotes and escapes removed); stops at unquoted blank. */
export function readWord(text: string, pos: number): { value: string; end: number } {
  let value = '';
  let i = pos;
  while (i < text.length && !/\s/.test(text[i])) {
    const c = text[i];
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      const end = close === -1 ? text.length : close;
      value += text.slice(i + 1, end);
      i = end + 1;
    } else if (c === '$' && text[i + 1] === "'") {
      const r = readAnsiC(text, i + 2);
      value += r.value;
      i = r.end;
    } else if (c === '"') {
      const r = readDouble(text, i + 1);
      value += r.value;
      i = r.end;
    } else if (c === '\\' && i + 1 < text.length) {
      value += text[i + 1];
      i += 2;
    } else {
      value += c;
      i += 1;
    }
  }
  return { value, end: i };
}

function readDouble(text: string, pos: number): { value: string; end: number } {
  let value = '';
  let i = pos;
  while (i < text.length && text[i] !== '"') {
    if (text[i] === '\\' && '"\\$`\n'.includes(text[i + 1] ?? '')) {
      if (text[i + 1] !== '\n') value += text[i + 1];
      i += 2;
    } else {
      value += text[i++];
    }
  }
  return { value, end: i + 1 };
}

/** Decodes $'…' (bash prints non-ASCII bytes as octal escapes: they are UTF-8 again here). */
function readAnsiC(text: string, pos: number): { value: string; end: number } {
  const bytes: number[] = [];
  const put = (s: string) => bytes.push(...Buffer.from(s, 'utf8'));
  let i = pos;
  while (i < text.length && text[i] !== "'") {
    if (text[i] !== '\\') {
      put(text[i++]);
      continue;
    }
    const e = text[i + 1] ?? '';
    let m: RegExpMatchArray | null;
    if (ANSI_C_SIMPLE[e] !== undefined) {
      put(ANSI_C_SIMPLE[e]);
      i += 2;
    } else if ((m = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4)))) {
      bytes.push(parseInt(m[0], 8) & 0xff);
      i += 1 + m[0].length;
    } else if (e === 'x' && (m = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 2, i + 4)))) {
      bytes.push(parseInt(m[0], 16));
      i += 2 + m[0].length;
    } else if ((e === 'u' || e === 'U') && (m = /^[0-9a-fA-F]{1,8}/.exec(text.slice(i + 2, i + (e === 'u' ? 6 : 10))))) {
      put(String.fromCodePoint(Math.min(parseInt(m[0], 16), 0x10ffff)));
      i += 2 + m[0].length;
    } else if (e === 'c' && i + 2 < text.length) {
      bytes.push(text.charCodeAt(i + 2) & 0x1f);
      i += 3;
    } else {
      put('\\' + e);
      i += 2;
    }
  }
  return { value: Buffer.from(bytes).toString('utf8'), end: i + 1 };
}

/** Parses `alias -p` output: `alias NAME='VALUE'` entries (values may span lines). */
export function parseAliases(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /(?:^|\n)alias (?:-- )?([^=\s]+)=/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const w = readWord(text, re.lastIndex);
    out[m[1]] = w.value;
    re.lastIndex = w.end;
  }
  return out;
}

/** Parses `declare -F` output into function names. */
export function parseFunctionNames(text: string): string[] {
  const names: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^declare -f\S* (.+)$/.exec(line);
    if (m) names.push(m[1]);
  }
  return names;
}

/**
 * Parses `declare -f NAME…` output for the names asked for: name → the definition's body
 * (everything after the `NAME () ` header line).
 */
export function parseFunctionBodies(text: string, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const wanted = new Set(names);
  let current: string | null = null;
  let body: string[] = [];
  const flush = () => {
    if (current !== null) out[current] = body.join('\n').trimEnd();
  };
  for (const line of text.split('\n')) {
    const header = /^(.+) \(\) $/.exec(line);
    if (header && wanted.has(header[1])) {
      flush();
      current = header[1];
      body = [];
    } else if (current !== null && !/^declare -f\S* /.test(line)) {
      body.push(line);
    }
  }
  flush();
  return out;
}

/** Parses `declare -px` output into the exported environment (array entries are skipped). */
export function parseExports(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /(?:^|\n)declare -([a-zA-Z-]+) ([A-Za-z_][A-Za-z0-9_]*)(=?)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[3] !== '=') continue;
    const w = readWord(text, re.lastIndex);
    re.lastIndex = w.end;
    if (/[aA]/.test(m[1])) continue;
    out[m[2]] = w.value;
  }
  return out;
}
