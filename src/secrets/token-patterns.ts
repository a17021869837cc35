/*!
 * Credentials secretlint's preset does not report: AWS access key ids (`AKIA…`, `ASIA…`), tokens
 * with a known prefix (Stripe live keys, OpenAI, Railway), a project's Railway config
 * (`.railway/config.json` holding a token), and string literals assigned to credential-named keys
 * in source files (`token = "4f9a…"`, `Authorization: "Bearer …"`) that look random rather than
 * like placeholders. Findings say where and what kind, never the value.
 */

export interface PatternFinding {
  line: number;
  column: number;
  kind: string;
  rule: string;
}

const KNOWN: { re: RegExp; kind: string }[] = [
  { re: /\b((?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|APKA)[0-9A-Z]{16})\b/g, kind: 'AWS access key id' },
  { re: /\b([sr]k_live_[0-9A-Za-z]{16,})\b/g, kind: 'Stripe live key' },
  { re: /\b(sk-(?:proj-|ant-)?[A-Za-z0-9_-]{32,})\b/g, kind: 'API secret key (sk-…)' },
  { re: /\b(glpat-[0-9A-Za-z_-]{20,})\b/g, kind: 'GitLab token' },
];

/** A key that names a credential (`token`, `apiKey`, `client_secret`, `RAILWAY_TOKEN`, `password`, `Authorization`). */
const KEY =
  /(?:^|[^A-Za-z])((?:[A-Za-z_]*[_.-])?(?:token|secret|api[_-]?key|apikey|access[_-]?key|private[_-]?key|passw(?:or)?d|pwd|auth(?:orization)?|bearer|credential)s?)["']?\s*(?::=|=>|[:=])\s*(?:["'`]|Bearer\s+|new\s+\w+\(\s*["'])/gi;
const LITERAL = /(?:Bearer\s+)?["'`]?([^"'`\s,;)}]{12,200})/y;
/** Values that are not secrets: placeholders, references, examples. */
const PLACEHOLDER =
  /^(?:x+|\*+|\.+|<.*>|\$\{.*\}|\{\{.*\}\}|%\(?\w+\)?s?|process\.env\..*|os\.environ.*|env\(.*|your[_-].*|changeme|example.*|dummy.*|test.*|fake.*|redacted|none|null|undefined|true|false)$/i;

/** Shannon entropy per character: random tokens score high, words and repeats low. */
function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

function looksRandom(v: string): boolean {
  if (PLACEHOLDER.test(v) || /EXAMPLE|example/.test(v)) return false;
  if (/^[a-z]+([_-][a-z]+)*$/i.test(v)) return false; // words: `my-service-name`
  return entropy(v) >= 3.2 && /\d/.test(v) && /[A-Za-z]/.test(v);
}

/** Findings in a text (`path` decides file-specific ones: Railway's config). */
export function patternFindings(path: string, content: string): PatternFinding[] {
  const out: PatternFinding[] = [];
  const lines = content.split('\n');
  lines.forEach((text, i) => {
    if (text.length > 4000) return;
    for (const { re, kind } of KNOWN)
      for (const m of text.matchAll(re)) if (!/EXAMPLE/.test(m[1]!)) out.push({ line: i + 1, column: m.index! + 1, kind, rule: 'token-pattern' });
    for (const m of text.matchAll(KEY)) {
      LITERAL.lastIndex = m.index! + m[0].length - (/["'`]$/.test(m[0]) ? 0 : 0);
      const v = LITERAL.exec(text)?.[1];
      if (v && looksRandom(v))
        out.push({
          line: i + 1,
          column: m.index! + 1 + (m[0].length - m[0].trimStart().length),
          kind: `${m[1]} value`,
          rule: /railway/i.test(text) || /railway/i.test(path) ? 'railway' : 'credential-assignment',
        });
    }
  });
  return dedupeLines(out);
}

function dedupeLines(found: PatternFinding[]): PatternFinding[] {
  const seen = new Set<number>();
  return found.filter((f) => (seen.has(f.line) ? false : (seen.add(f.line), true)));
}
