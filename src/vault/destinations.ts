/*!
 * Where one command sends what it is given: the hosts of an HTTP client's URLs (curl, wget, httpie,
 * xh, `gh api`: the classifier's own reading, analyzers/http.ts) or of a database client
 * (`psql -h`, `mysql --host`, a `postgres://…@host/db` argument). Null when the command's targets
 * are not all known before it runs; a reason when an option can send the request (or the value)
 * somewhere else: a proxy, a config file, a trace file, URLs read from a file.
 */
import { httpRequest, looksLikeUrl, urlHost } from '../classifier/analyzers/http.js';
import type { CommandView } from '../classifier/command-view.js';
import { dict } from '../util/dict.js';

/** Options that send the request through another host, read more options, or write what is sent to a file. */
const ESCAPING_OPTIONS: Record<string, string[]> = dict({
  curl: [
    '-K',
    '--config',
    '-x',
    '--proxy',
    '--preproxy',
    '--resolve',
    '--connect-to',
    '--unix-socket',
    '--abstract-unix-socket',
    '--trace',
    '--trace-ascii',
    '--libcurl',
    '--stderr',
    '--doh-url',
    '--location-trusted',
    '-:',
    '--next',
    '--netrc-file',
    '--variable',
  ],
  wget: ['-e', '--execute', '-i', '--input-file', '-o', '--output-file', '-a', '--append-output', '-d', '--debug', '--config', '--use-askpass', '-B', '--base'],
  http: ['--proxy', '--session', '--download-resume'],
  https: ['--proxy', '--session', '--download-resume'],
  xh: ['--proxy', '--session', '--unix-socket', '--resolve'],
  xhs: ['--proxy', '--session', '--unix-socket', '--resolve'],
});

const DB_CLIENTS: Record<string, string[]> = dict({
  psql: ['-h', '--host'],
  pg_dump: ['-h', '--host'],
  pg_restore: ['-h', '--host'],
  mysql: ['-h', '--host'],
  mariadb: ['-h', '--host'],
  mysqldump: ['-h', '--host'],
  'redis-cli': ['-h'],
  mongosh: ['--host'],
});

/** SQL that runs a shell or writes files from the client (`\!`, `\o |cmd`, `system`, `COPY … PROGRAM`). */
const CLIENT_ESCAPE = /\\!|\\o\b|\\copy\b|\\w\b|\bsystem\b|\bprogram\b|\binto\s+outfile\b|\bpager\b|\btee\b/i;

export interface Destinations {
  /** The hosts, lowercased; empty when the command sends nothing we know of. */
  hosts: string[];
  /** Why the destinations cannot be trusted (then `hosts` does not matter). */
  problem?: string;
}

function escapingOption(view: CommandView): string | undefined {
  const bad = ESCAPING_OPTIONS[view.program ?? ''] ?? [];
  return view.flags.find((f) => bad.includes(f.name))?.name;
}

function httpHosts(view: CommandView): Destinations | null {
  const req = httpRequest(view);
  if (!req) return null;
  const bad = escapingOption(view);
  if (bad) return { hosts: [], problem: `${view.program} ${bad} can send the request or the value elsewhere` };
  if (req.urls.length === 0) return { hosts: [], problem: `${view.program} has no URL shellgate can read` };
  const hosts: string[] = [];
  for (const u of req.urls) {
    const h = urlHost(u.value);
    if (!h) return { hosts: [], problem: `${view.program}: a URL is only known when the command runs (${u.raw})` };
    hosts.push(h);
  }
  return { hosts };
}

function dbHosts(view: CommandView): Destinations | null {
  const flags = DB_CLIENTS[view.program ?? ''];
  if (!flags) return null;
  const cmd = view.cmd;
  if (CLIENT_ESCAPE.test(cmd.text)) return { hosts: [], problem: `${view.program} is told to run a shell command or write a file` };
  if (cmd.stdin || view.flags.some((f) => ['-f', '--file', '--init-command', '--defaults-file', '--defaults-extra-file'].includes(f.name))) {
    return { hosts: [], problem: `${view.program} reads commands from a file or stdin that shellgate does not see when it runs` };
  }
  const hosts: string[] = [];
  const argv = cmd.argv;
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i]!;
    const eq = /^(--host)=(.*)$/.exec(w.value);
    const value = eq ? eq[2] : flags.includes(w.value) ? argv[i + 1]?.value : /^-h(.+)$/.exec(w.value)?.[1];
    const host = value ?? (/^[a-z][\w+.-]*:\/\//i.test(w.value) && looksLikeUrl(w.value) ? urlHost(w.value) : undefined);
    if (value !== undefined && (w.dynamic || argv[i + 1]?.dynamic))
      return { hosts: [], problem: `${view.program}: the host is only known when the command runs` };
    if (host) hosts.push(host.toLowerCase());
  }
  // Without a host the client connects to the local socket, or to PGHOST and friends: unknown here.
  if (hosts.length === 0) return { hosts: [], problem: `${view.program} names no host (it would use its defaults or environment)` };
  return { hosts };
}

/** The command's destinations, or null when it is not a client shellgate knows the target of. */
export function destinationsOf(view: CommandView): Destinations | null {
  return httpHosts(view) ?? dbHosts(view);
}

/** True when `host` is one of `allowed` (exact, or `*.example.com` for its subdomains). */
export function hostAllowed(host: string, allowed: readonly string[]): boolean {
  return allowed.some((a) => (a.startsWith('*.') ? host.endsWith(a.slice(1)) && host.length > a.length - 1 : host === a));
}
