/*!
 * `.env` files: every variable given a value is reported, since a dotenv file holds the
 * project's secrets by convention whatever their shape. This reads the KEY=VALUE structure; it is
 * not a token pattern. Templates (`.env.example`, `.sample`, `.template`, `.dist`) are skipped:
 * they are committed on purpose and hold placeholders.
 */
import picomatch from 'picomatch';

/** A value assigned in a dotenv file; the value itself is never kept. */
export interface DotenvEntry {
  line: number;
  column: number;
  key: string;
}

const isDotenvName = picomatch('.env*', { dot: true });
const TEMPLATE = /\.(example|sample|template|dist)$/i;
const ASSIGNMENT = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/;

/** True for `.env`, `.env.local`, `.env.production`…; false for templates. */
export function isDotenvFile(basename: string): boolean {
  return isDotenvName(basename) && !TEMPLATE.test(basename);
}

/** The assignments with a non-empty value, with 1-based line and column of the key. */
export function dotenvEntries(content: string): DotenvEntry[] {
  const entries: DotenvEntry[] = [];
  content.split(/\r?\n/).forEach((text, i) => {
    const m = ASSIGNMENT.exec(text);
    if (!m || text.trimStart().startsWith('#')) return;
    if (unquotedValue(m[3]) === '') return;
    entries.push({ line: i + 1, column: m[1].length + 1, key: m[2] });
  });
  return entries;
}

/** The value without quotes or a trailing comment (unquoted values end at ` #`). */
function unquotedValue(raw: string): string {
  const v = raw.trim();
  const quoted = /^(['"`])(.*)\1/.exec(v);
  if (quoted) return quoted[2];
  return v.replace(/\s+#.*$/, '').trim();
}
