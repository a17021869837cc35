/*!
 * HTTP facts for curl, wget, httpie (`http`/`https`), xh and `gh|glab api`: the method (from
 * `-X`/`--request` in any spelling, implied by data flags), the URL hosts, an Authorization
 * header, and GraphQL mutations in the body whose field names say they destroy (`volumeDelete`).
 */
import { createRequire } from 'node:module';
import type { OperationDefinitionNode, SelectionSetNode, DocumentNode } from 'graphql';
import { DYN, type Word } from '../../parser/model.js';
import type { Analyzer, AnalyzerInput, Fact } from '../facts.js';
import type { CommandView } from '../command-view.js';

const METHOD_FLAGS = ['-X', '--request', '--method'];
const DATA_FLAGS = [
  '-d',
  '--data',
  '--data-raw',
  '--data-binary',
  '--data-urlencode',
  '--data-ascii',
  '--json',
  '-F',
  '--form',
  '--form-string',
  '-T',
  '--upload-file',
];
const HEADER_FLAGS = ['-H', '--header'];
const DESTROY_FIELD = /(delete|destroy|drop|remove|purge|wipe|reset|terminate|erase|truncate|flush|revoke|nuke)/i;

export interface HttpRequest {
  method: string;
  urls: Word[];
  bodies: string[];
  auth: boolean;
}

export function httpRequest(view: CommandView, read?: (p: string) => string | undefined): HttpRequest | null {
  const p = view.program;
  if (p === 'curl') return curlLike(view, read);
  if (p === 'wget') return wget(view, read);
  if (p === 'http' || p === 'https' || p === 'xh' || p === 'xhs' || p === 'httpie') return httpie(view, read);
  if ((p === 'gh' || p === 'glab') && view.positionals[0]?.value === 'api') return ghApi(view, read);
  return null;
}

/** What the command reads on stdin, when known: a heredoc, a here-string, static piped output, a file that can be read (`< body.json`). */
function stdinText(view: CommandView, read?: (p: string) => string | undefined): string | null {
  const s = view.cmd.stdin;
  if (!s) return null;
  if (s.kind === 'pipe') return s.text;
  if (s.kind === 'heredoc' || s.kind === 'herestring') return s.dynamic ? null : s.text;
  if (s.kind === 'file' && !s.path.dynamic && read) return read(s.path.value) ?? null;
  return null;
}

/** A body named `@FILE` (`-` for stdin) read when it can be: `curl -d @q.json`, `gh api -F query=@q.graphql`. */
function fromFile(value: string, view: CommandView, read?: (p: string) => string | undefined): string {
  if (value === '@-' || value === '-') return stdinText(view, read) ?? value;
  return value.startsWith('@') && read ? (read(value.slice(1)) ?? value) : value;
}

function curlLike(view: CommandView, read?: (p: string) => string | undefined): HttpRequest {
  let method: string | null = null;
  const bodies: string[] = [];
  let auth = false;
  let override: string | null = null;
  for (const f of view.flags) {
    if (METHOD_FLAGS.includes(f.name) && f.value) method = f.value.toUpperCase();
    if (DATA_FLAGS.includes(f.name) && f.value !== null) {
      bodies.push(fromFile(f.value, view, read));
    }
    if (HEADER_FLAGS.includes(f.name) && f.value && /^\s*authorization\s*:/i.test(f.value)) auth = true;
    // The method the server will apply (`-H 'X-HTTP-Method-Override: DELETE'`).
    const o = HEADER_FLAGS.includes(f.name) && f.value ? /^\s*x-(?:http-)?method(?:-override)?\s*:\s*(\w+)/i.exec(f.value) : null;
    if (o) override = o[1].toUpperCase();
    if (['-u', '--user', '--oauth2-bearer'].includes(f.name)) auth = true;
  }
  const get = view.flags.some((f) => f.name === '-G' || f.name === '--get');
  const upload = view.flags.some((f) => f.name === '-T' || f.name === '--upload-file');
  if (!method) method = get ? 'GET' : upload ? 'PUT' : bodies.length ? 'POST' : 'GET';
  if (override) method = override;
  const urls = view.positionals.filter((w) => looksLikeUrl(w.value));
  for (const f of view.flags) if (f.name === '--url' && f.value) urls.push({ ...f.word, value: f.value });
  return { method, urls, bodies, auth };
}

function wget(view: CommandView, read?: (p: string) => string | undefined): HttpRequest {
  const m = view.flags.find((f) => f.name === '--method');
  const post = view.flags.find((f) => f.name === '--post-data' || f.name === '--post-file' || f.name === '--body-data' || f.name === '--body-file');
  const bodies = view.flags.filter((f) => ['--post-data', '--body-data'].includes(f.name) && f.value).map((f) => f.value!);
  // `--post-file=q.json`, `--body-file=q.json`: the body is the file's text
  for (const f of view.flags) if ((f.name === '--post-file' || f.name === '--body-file') && f.value) bodies.push(fromFile(`@${f.value}`, view, read));
  const auth = view.flags.some(
    (f) => (f.name === '--header' && /authorization/i.test(f.value ?? '')) || f.name === '--password' || f.name === '--http-password',
  );
  return { method: m?.value?.toUpperCase() ?? (post ? 'POST' : 'GET'), urls: view.positionals.filter((w) => looksLikeUrl(w.value)), bodies, auth };
}

function httpie(view: CommandView, read?: (p: string) => string | undefined): HttpRequest {
  const pos = view.positionals;
  let method = 'GET';
  let i = 0;
  if (pos[0] && /^[A-Za-z]+$/.test(pos[0].value) && /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/i.test(pos[0].value)) {
    method = pos[0].value.toUpperCase();
    i = 1;
  }
  const urls = pos.slice(i, i + 1);
  const items = pos.slice(i + 1);
  if (method === 'GET' && items.some((w) => /[^:=]=|:=/.test(w.value))) method = 'POST';
  const auth = items.some((w) => /^authorization:/i.test(w.value)) || view.flags.some((f) => f.name === '-a' || f.name === '--auth');
  const raw = view.flags.find((f) => f.name === '--raw' && f.value !== null)?.value;
  // with no items, httpie sends what it reads on stdin (`http POST url < body.json`)
  const body = raw ?? httpieBody(items, view, read) ?? stdinText(view, read);
  if (i === 0 && !raw && items.length === 0 && body !== null) method = 'POST';
  return { method, urls, bodies: body === null ? [] : [body], auth };
}

/**
 * The JSON body httpie builds from request items: `key=text` fields and `key:=json` values
 * (`query='mutation { … }'` is a GraphQL body). Headers (`Name:value`), query parameters
 * (`key==v`) and file fields (`key=@file`) are not part of it.
 */
function httpieBody(items: Word[], view: CommandView, read?: (p: string) => string | undefined): string | null {
  const body: Record<string, unknown> = {};
  let any = false;
  for (const w of items) {
    // `key=@file` (text) and `key:=@file` (JSON) embed a file's content
    const m = /^([^=:@]+)(:=@|=@|:=|==|=)(.*)$/s.exec(w.value);
    if (!m || m[2] === '==') continue;
    const text = m[2]!.endsWith('@') ? fromFile(`@${m[3]}`, view, read) : m[3]!;
    if (text.startsWith('@')) continue;
    let value: unknown = text;
    if (m[2]!.startsWith(':=')) {
      try {
        value = JSON.parse(text);
      } catch {
        /* kept as text */
      }
    }
    body[m[1]!] = value;
    any = true;
  }
  return any ? JSON.stringify(body) : null;
}

function ghApi(view: CommandView, read?: (p: string) => string | undefined): HttpRequest {
  const m = view.flags.find((f) => f.name === '-X' || f.name === '--method');
  const fields = view.flags.some((f) => ['-f', '-F', '--field', '--raw-field', '--input'].includes(f.name));
  // `-F query=@q.graphql` reads the file (`-f` keeps `@…` as text); `--input FILE` (`-` for stdin) is the whole body
  const bodies = view.flags
    .filter((f) => (f.name === '-f' || f.name === '--raw-field' || f.name === '-F' || f.name === '--field') && f.value?.startsWith('query='))
    .map((f) => JSON.stringify({ query: f.name === '-F' || f.name === '--field' ? fromFile(f.value!.slice(6), view, read) : f.value!.slice(6) }));
  for (const f of view.flags) if (f.name === '--input' && f.value) bodies.push(fromFile(f.value === '-' ? '-' : `@${f.value}`, view, read));
  return { method: m?.value?.toUpperCase() ?? (fields ? 'POST' : 'GET'), urls: view.positionals.slice(1, 2), bodies, auth: true };
}

const OFFLINE_CLIENTS = new Set(['http', 'https', 'xh', 'xhs']);

export function looksLikeUrl(v: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(v) || /^(localhost|[\w-]+(\.[\w-]+)+)(:\d+)?(\/|$)/i.test(v) || /^:\d+(\/|$)/.test(v);
}

/** Host of a URL-like value, lowercased; null when not static. */
export function urlHost(v: string): string | null {
  // httpie's `:3000/path` is localhost; `::1` is the IPv6 loopback.
  if (/^:\d+(\/|$)/.test(v)) return 'localhost';
  if (/^::1($|[/\]])/.test(v)) return '::1';
  const m = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^@/]*@)?(\[[^\]]+\]|[^/:?#]+)/i.exec(v);
  if (!m || m[1].includes(DYN)) return null;
  return m[1].toLowerCase().replace(/^\[|\]$/g, '');
}

export const httpAnalyzer: Analyzer = (input: AnalyzerInput) => {
  const req = httpRequest(input.view, input.ctx.readFile ? (p) => input.ctx.readFile!(p.startsWith('/') ? p : `${input.ctx.cwd}/${p}`) : undefined);
  // httpie/xh `--offline` builds and prints the request without sending it.
  if (!req || (OFFLINE_CLIENTS.has(input.view.program ?? '') && input.view.flags.some((f) => f.name === '--offline'))) return [];
  const facts: Fact[] = [];
  const span = req.urls[0]?.span ?? input.view.cmd.span;
  const host = req.urls.map((u) => urlHost(u.value)).find(Boolean) ?? undefined;
  // `-X "$M"`, `--expand-request '{{m}}'` of an unknown variable: the method is only known when it runs.
  if (req.method.includes(DYN)) facts.push({ id: 'http.dynamic-method', detail: host, span });
  else if (req.method === 'DELETE' || req.method === 'PURGE' || req.method === 'BAN') facts.push({ id: 'http.delete', detail: host, span });
  else if (/^(POST|PUT|PATCH)$/.test(req.method)) {
    facts.push({ id: 'http.write', detail: host, span });
    const verb = destructiveEndpoint(req.urls);
    if (verb) facts.push({ id: 'http.destructive-endpoint', detail: verb, span });
  }
  if (req.auth) facts.push({ id: 'http.auth', detail: host, span });
  for (const body of [...req.bodies, ...urlQueries(req.urls)]) {
    const fields = body.includes(DYN) ? mutationFieldsInText(body) : destructiveMutations(body);
    for (const field of fields) facts.push({ id: 'http.graphql-destructive', detail: field, span });
  }
  if (
    /^(POST|PUT|PATCH)$/.test(req.method) &&
    req.urls.some((u) => /graphql|\/gql(\/|$|\?)/i.test(u.value)) &&
    req.bodies.length &&
    req.bodies.every(unreadableBody)
  ) {
    facts.push({ id: 'http.graphql-dynamic', detail: req.bodies[0]!.split(DYN).join('…').slice(0, 60) || 'a body built at run time', span });
  }
  // A body only known at run time (`-d "$(jq -n '{query: "mutation { … }"}')"`): what it is built from.
  for (const w of input.view.cmd.argv) {
    if (w.dynamic && /\bmutation\b/.test(w.raw))
      for (const field of mutationFieldsInText(w.raw)) facts.push({ id: 'http.graphql-destructive', detail: field, span });
  }
  return facts;
};

/** A body whose GraphQL document cannot be read: built at run time, or a file (`@x.json`, `@-`) that was not read. */
function unreadableBody(body: string): boolean {
  if (body.startsWith('@')) return true;
  if (!body.includes(DYN)) return false;
  // `{"query": "query { viewer { login } }", "variables": {"id": "$ID"}}`: the document is there; only values are unknown.
  return !/\b(query|mutation)\b[^{}]{0,200}\{|"query"\s*:\s*"\s*\{/.test(body);
}

/** `?query=mutation…` in a URL (GraphQL over GET), decoded. */
function urlQueries(urls: Word[]): string[] {
  const out: string[] = [];
  for (const u of urls) {
    const q = /[?&]query=([^&#]*)/.exec(u.value)?.[1];
    if (!q) continue;
    try {
      out.push(decodeURIComponent(q.replace(/\+/g, ' ')));
    } catch {
      out.push(q);
    }
  }
  return out;
}

const ENDPOINT_VERB = /^_?(delete|destroy|drop|purge|wipe|truncate|flush|flushall|reset|terminate|erase|nuke)(_by_query|_cache|_all|all|_everything)?$/i;
/** Search-engine admin actions that take indices offline or overwrite them (`/logs/_close`, `/_snapshot/s/x/_restore`). */
const SEARCH_ADMIN = /^_(close|restore|freeze|shutdown)$/;
/** Path segments that are a verb phrase: `doDelete` (Jenkins), `delete_series` (Prometheus), `delete-batch`. */
const PHRASE_VERBS = new Set(['delete', 'destroy', 'purge', 'wipe', 'truncate', 'erase']);
const PHRASE_PREFIXES = new Set(['do', 'batch', 'bulk', 'force']);

function verbPhrase(segment: string): boolean {
  const ps = segment
    .replace(/([a-z])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .split(/[-_]/)
    .filter(Boolean);
  // RPC methods named `noun.verb` (Slack's `chat.delete`, `files.delete`).
  if (segment.includes('.') && segment.split('.').some((p) => PHRASE_VERBS.has(p.toLowerCase()))) return true;
  if (ps.length < 2) return false;
  return PHRASE_VERBS.has(ps[0]) || (PHRASE_PREFIXES.has(ps[0]) && PHRASE_VERBS.has(ps[1]));
}

/** A write to a URL whose path names a destroying action (`/_delete_by_query`, `/purge_cache`). */
function destructiveEndpoint(urls: Word[]): string | null {
  for (const u of urls) {
    const path = u.value.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').split(/[?#]/)[0];
    const seg = path.split('/').find((p) => ENDPOINT_VERB.test(p) || verbPhrase(p) || SEARCH_ADMIN.test(p));
    if (seg) return seg;
    if (/\/_cluster\/settings\/?$/.test(path)) return '_cluster/settings';
  }
  return null;
}

let graphqlParse: ((q: string) => DocumentNode) | null = null;

/** graphql's parser alone, loaded on first use (the package root pulls in ~700 KB). */
function parseGraphql(query: string): DocumentNode {
  graphqlParse ??= (createRequire(import.meta.url)('graphql/language/parser.js') as { parse: (q: string) => DocumentNode }).parse;
  return graphqlParse(query);
}

/** The GraphQL documents in a request body: JSON `{query}`, a batch `[{query}, …]`, or raw text. */
function queriesIn(body: string): string[] {
  try {
    const json = JSON.parse(body) as unknown;
    const ops = Array.isArray(json) ? json : [json];
    return ops.flatMap((op) =>
      op && typeof op === 'object' && typeof (op as { query?: unknown }).query === 'string' ? [(op as { query: string }).query] : [],
    );
  } catch {
    return /\bmutation\b/.test(body) ? [body] : [];
  }
}

/** Names of destructive mutation fields in a GraphQL request body (JSON `{query}`, a batch, or raw). */
export function destructiveMutations(body: string): string[] {
  return queriesIn(body).flatMap(destructiveFields);
}

function destructiveFields(query: string): string[] {
  try {
    const doc = parseGraphql(query);
    const fragments = new Map<string, SelectionSetNode>();
    for (const def of doc.definitions) if (def.kind === 'FragmentDefinition') fragments.set(def.name.value, def.selectionSet);
    const out: string[] = [];
    for (const def of doc.definitions) {
      if (def.kind === 'OperationDefinition' && (def as OperationDefinitionNode).operation === 'mutation') {
        out.push(...fieldNames((def as OperationDefinitionNode).selectionSet, fragments).filter((n) => DESTROY_FIELD.test(n)));
      }
    }
    return out;
  } catch {
    // Unparseable GraphQL that says mutation: judge by the words, stricter.
    const m = /\bmutation\b[^{]{0,256}\{\s*(\w+)/.exec(query);
    return m && DESTROY_FIELD.test(m[1]) ? [m[1]] : /\bmutation\b/.test(query) && DESTROY_FIELD.test(query) ? ['mutation'] : [];
  }
}

/**
 * Destructive mutation fields in text that is not a request body (inline code, a body only known
 * at run time): only where the text reads as a mutation (`mutation … { volumeDelete(…`).
 */
export function mutationFieldsInText(text: string): string[] {
  const out: string[] = [];
  for (const m of text.replace(/\\"/g, '"').matchAll(/\bmutation\b[^{}"'`]{0,256}\{\s*(?:\w+\s*:\s*)?(\w+)/g)) if (DESTROY_FIELD.test(m[1]!)) out.push(m[1]!);
  return out;
}

/** The top-level fields of a selection, through fragments (`...F`, `... on Mutation { … }`). */
function fieldNames(set: SelectionSetNode, fragments: Map<string, SelectionSetNode>, depth = 0): string[] {
  if (depth > 8) return [];
  return set.selections.flatMap((s) => {
    if (s.kind === 'Field') return [s.name.value];
    if (s.kind === 'InlineFragment') return fieldNames(s.selectionSet, fragments, depth + 1);
    const f = fragments.get(s.name.value);
    return f ? fieldNames(f, fragments, depth + 1) : [];
  });
}
