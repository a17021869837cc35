/*!
 * Finds the credentials in a file `vault import` moves into the vault, and the file's text without
 * them (everything else byte for byte). Formats: `.env`-style `KEY=value` lines (secret-looking
 * names, and lines `secrets scan` flags), AWS shared credentials (INI), `.npmrc` auth tokens
 * (rewritten to `${NPM_TOKEN}`, which npm expands from the environment), and the Railway CLI's
 * `config.json` (the account token).
 */
import { basename } from 'node:path';
import { dict } from '../util/dict.js';

export interface Found {
  /** The environment variable the value is given under. */
  name: string;
  value: string;
  /** A scope for it when the format says what uses it (a Railway token: the railway CLI and API). */
  programs?: string[];
  hosts?: string[];
}

export interface Parsed {
  format: 'dotenv' | 'aws' | 'npmrc' | 'railway';
  found: Found[];
  /** The file without the credentials. */
  rest: string;
}

const SECRET_KEY = /(TOKEN|SECRET|PASSWORD|PASSWD|PASS|PWD|API_?KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?|AUTH)$|^(DATABASE_URL|REDIS_URL|MONGO(DB)?_URL)$/i;
const ASSIGNMENT = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/;

/** Known names: what uses them. */
export function knownScope(name: string, value: string): Pick<Found, 'programs' | 'hosts'> {
  if (/^RAILWAY_(API_)?TOKEN$/.test(name)) return { programs: ['railway'], hosts: ['backboard.railway.app', 'backboard.railway.com'] };
  if (/^(GH|GITHUB)_TOKEN$/.test(name)) return { programs: ['gh'], hosts: ['api.github.com'] };
  if (/^AWS_/.test(name)) return { programs: ['aws'] };
  if (name === 'NPM_TOKEN') return { programs: ['npm'] };
  if (/^PG(PASSWORD)?$/.test(name)) return { programs: ['psql', 'pg_dump'] };
  const url = /^[a-z][\w+.-]*:\/\/[^@/\s]*@([^/:?#\s]+)/i.exec(value);
  if (url) return { hosts: [url[1]!.toLowerCase()], programs: /^postgres/.test(value) ? ['psql', 'pg_dump'] : /^mysql/.test(value) ? ['mysql'] : [] };
  return {};
}

function unquote(raw: string): string {
  const q = /^(['"`])(.*)\1$/s.exec(raw);
  return q ? q[2]! : raw.replace(/\s+#.*$/, '');
}

/** Lines with their line endings, so that joining them gives the file back exactly. */
function lines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function body(line: string): string {
  return line.replace(/\r?\n$/, '');
}

function dotenv(text: string, flagged: Set<number>): Parsed {
  const found: Found[] = [];
  const keep: string[] = [];
  lines(text).forEach((line, i) => {
    const m = ASSIGNMENT.exec(body(line));
    const value = m ? unquote(m[3]!) : '';
    if (!m || body(line).trimStart().startsWith('#') || value === '' || !(SECRET_KEY.test(m[2]!) || flagged.has(i + 1))) return keep.push(line);
    found.push({ name: m[2]!, value, ...knownScope(m[2]!, value) });
  });
  return { format: 'dotenv', found, rest: keep.join('') };
}

const AWS_KEYS: Record<string, string> = dict({
  aws_access_key_id: 'AWS_ACCESS_KEY_ID',
  aws_secret_access_key: 'AWS_SECRET_ACCESS_KEY',
  aws_session_token: 'AWS_SESSION_TOKEN',
});

function aws(text: string): Parsed {
  const found: Found[] = [];
  const keep: string[] = [];
  let profile = 'default';
  for (const line of lines(text)) {
    const section = /^\s*\[\s*(?:profile\s+)?([^\]]+?)\s*\]/.exec(line);
    if (section) profile = section[1]!;
    const m = /^\s*(aws_access_key_id|aws_secret_access_key|aws_session_token)\s*=\s*(\S+)\s*$/i.exec(body(line));
    if (!m) {
      keep.push(line);
      continue;
    }
    const base = AWS_KEYS[m[1]!.toLowerCase()]!;
    const name = profile === 'default' ? base : `${base}_${profile.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
    found.push({ name, value: m[2]!, programs: ['aws'] });
  }
  return { format: 'aws', found, rest: keep.join('') };
}

function npmrc(text: string): Parsed {
  const found: Found[] = [];
  const out = lines(text).map((line) => {
    const m = /^(\s*\S*:_authToken\s*=\s*)([^$\s][^\s]*)(\s*)$/.exec(body(line));
    if (!m) return line;
    const name = found.length === 0 ? 'NPM_TOKEN' : `NPM_TOKEN_${found.length + 1}`;
    found.push({ name, value: m[2]!, programs: ['npm', 'npx', 'pnpm', 'yarn'] });
    return `${m[1]}\${${name}}${m[3]}${line.slice(body(line).length)}`;
  });
  return { format: 'npmrc', found, rest: out.join('') };
}

/** Removes `"key": "value"` and one comma next to it from JSON text, leaving the rest as it was. */
function removeMember(text: string, key: string, value: string): string {
  const member = `"${key}"\\s*:\\s*${JSON.stringify(value).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
  const after = new RegExp(`\\s*${member}\\s*,`);
  if (after.test(text)) return text.replace(after, '');
  return text.replace(new RegExp(`,?\\s*${member}`), '');
}

function railway(text: string): Parsed {
  const json = JSON.parse(text) as { user?: { token?: unknown; accessToken?: unknown } };
  const found: Found[] = [];
  let rest = text;
  for (const key of ['token', 'accessToken'] as const) {
    const v = json.user?.[key];
    if (typeof v !== 'string' || v === '') continue;
    found.push({ name: 'RAILWAY_API_TOKEN', value: v, ...knownScope('RAILWAY_API_TOKEN', v) });
    rest = removeMember(rest, key, v);
  }
  return { format: 'railway', found: found.slice(0, 1), rest };
}

/** The credentials in `text` (the file `path`); `flagged`: 1-based lines `secrets scan` reported. */
export function parseCredentialFile(path: string, text: string, flagged: Set<number> = new Set()): Parsed {
  const name = basename(path);
  if (name === '.npmrc' || name === 'npmrc') return npmrc(text);
  if (/aws_(access_key_id|secret_access_key)\s*=/i.test(text)) return aws(text);
  if (name.endsWith('.json') && /"user"\s*:/.test(text) && /railway/i.test(path)) return railway(text);
  return dotenv(text, flagged);
}
