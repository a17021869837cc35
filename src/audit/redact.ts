/*!
 * Secret redaction for logged command lines. Applied before an entry is hashed, so a secret never
 * reaches the disk or the chain. Pattern based and deliberately eager: hiding a harmless value
 * costs less than shipping a live credential to a log pipeline. Values that are only a shell
 * expansion (`TOKEN=$GITHUB_TOKEN`, `"$(cat f)"`) are kept: they name where a secret is, not it.
 */

/** What replaces a secret. */
export const REDACTED = '[REDACTED]';

/** The kinds of secret recognised, as recorded in an entry's `redacted` list. */
export type SecretKind = 'private-key' | 'authorization' | 'bearer' | 'url-password' | 'assignment' | 'flag' | 'user-password' | 'mysql-password' | 'token';

export interface Redaction {
  text: string;
  /** Kinds that were found, sorted, without duplicates; empty when nothing was redacted. */
  kinds: SecretKind[];
}

interface Rule {
  kind: SecretKind;
  re: RegExp;
  /** Receives the match and its groups; returns the replacement, or the match to keep it. */
  replace: (m: string, ...groups: string[]) => string;
}

/** A value: double-quoted (with escapes), single-quoted, or an unquoted run. */
const VALUE = String.raw`("(?:[^"\\]|\\.)*"|'[^']*'|[^\s;&|'"<>()\x60,]+)`;
/** A name whose value is a secret: `*_TOKEN`, `*_KEY`, `*_SECRET`, `*PASSWORD`, `api-key`, … */
const SECRET_NAME = `(?:[A-Za-z0-9_.-]*[_.-])?(?:token|key|secret|password|passwd|pass|pwd|credentials?|auth)|[A-Za-z0-9_]*(?:apikey|accesskey|secretkey|password|passwd|token|secret|authorization)`;
/** Names that look secret but hold a path. */
const NOT_SECRET = new Set(['PWD', 'OLDPWD']);
/** Before a `NAME=value`: start, blank, separator, quote, or a URL query. */
const BEFORE = String.raw`(^|[\s;&|('"?,{])`;

/** Replaces the content of a (possibly quoted) value, keeping the quotes. */
function redactValue(value: string): string {
  const q = value[0] === '"' || value[0] === "'" ? value[0] : '';
  const inner = q ? value.slice(1, -1) : value;
  if (inner === '' || inner.startsWith('$') || inner === REDACTED) return value;
  return `${q}${REDACTED}${q}`;
}

const RULES: Rule[] = [
  {
    kind: 'private-key',
    re: /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$)/g,
    replace: (_m, label) => `-----BEGIN ${label}PRIVATE KEY-----${REDACTED}-----END ${label}PRIVATE KEY-----`,
  },
  {
    kind: 'authorization',
    re: /\b((?:proxy-)?authorization|x-api-key|api-key|x-auth-token|private-token|x-access-token|cookie)(\s*:\s*['"]?)(?:(bearer|basic|token|digest|negotiate|apikey|bot)\s+)?([^\s'"]+)/gi,
    replace: (m, name, sep, scheme, value) => (value === REDACTED || value.startsWith('$') ? m : `${name}${sep}${scheme ? `${scheme} ` : ''}${REDACTED}`),
  },
  {
    kind: 'bearer',
    re: /\b(bearer)\s+([A-Za-z0-9\-._~+/]+=*)/gi,
    replace: (_m, word) => `${word} ${REDACTED}`,
  },
  {
    kind: 'url-password',
    re: /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/@'"]*):([^\s'"/]+)@/gi,
    replace: (m, scheme, user, pass) => (pass === REDACTED || pass.startsWith('$') ? m : `${scheme}${user}:${REDACTED}@`),
  },
  {
    kind: 'assignment',
    re: new RegExp(`${BEFORE}(--?)?(${SECRET_NAME})=${VALUE}`, 'gi'),
    replace: (m, before, dashes = '', name, value) => (NOT_SECRET.has(name) && !dashes ? m : `${before}${dashes}${name}=${redactValue(value)}`),
  },
  {
    kind: 'flag',
    re: new RegExp(String.raw`(\s--(?:[a-z0-9]+-)*(?:token|key|secret|password|passwd|credentials?)\s+)${VALUE}`, 'gi'),
    replace: (m, flag, value) => (/^[-<>|&;]/.test(value) ? m : `${flag}${redactValue(value)}`),
  },
  {
    kind: 'user-password',
    re: /(\s(?:-u|-U|--user|--proxy-user)(?:\s+|=)?)(['"]?)([^\s:'"]+):([^\s'"]+)/g,
    replace: (m, flag, q, user, pass) => (/^\d+$/.test(pass) || /^[/$]/.test(pass) || pass === REDACTED ? m : `${flag}${q}${user}:${REDACTED}`),
  },
  {
    kind: 'mysql-password',
    re: /(\b(?:mysql|mysqldump|mysqladmin|mariadb|mariadb-dump)\b[^|;&\n]*?\s-p)(?!\s)([^\s]+)/g,
    replace: (m, head, value) => (value.startsWith('$') || value === REDACTED ? m : `${head}${REDACTED}`),
  },
  {
    kind: 'token',
    re: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}|sk-[A-Za-z0-9_-]{20,}|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{35}|npm_[A-Za-z0-9]{36}|eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})/g,
    replace: () => REDACTED,
  },
];

/** Removes credentials from a command line; see the module header for what is recognised. */
export function redactSecrets(line: string): Redaction {
  let text = line;
  const kinds = new Set<SecretKind>();
  for (const rule of RULES) {
    text = text.replace(rule.re, (m: string, ...rest: unknown[]) => {
      const groups = rest.slice(0, -2).map((g) => (typeof g === 'string' ? g : ''));
      const out = rule.replace(m, ...groups);
      if (out !== m) kinds.add(rule.kind);
      return out;
    });
  }
  return { text, kinds: [...kinds].sort() };
}
