/*!
 * Secrets facts: a command that names a credential store an agent has no business reading
 * (`~/.aws/credentials`, `.env`, `*.pem`, `~/.ssh/id_*` …), and a network command that sends
 * one, or a dump of the environment, somewhere.
 */
import picomatch from 'picomatch';
import type { Analyzer, Fact } from '../facts.js';
import { absolutePath, homeOf } from '../path-class.js';
import { producers, FETCHERS } from '../producers.js';
import type { Context } from '../context.js';
import type { Command } from '../../parser/model.js';

const HOME_STORES = ['.aws/credentials', '.aws/config', '.config/gcloud/**', '.azure/**', '.railway/**', '.config/railway/**',
  '.kube/config', '.docker/config.json', '.netrc', '.ssh/id_*', '.config/gh/hosts.yml', '.npmrc', '.pgpass', '.git-credentials',
  '.vault-token', '.terraform.d/credentials.tfrc.json', '.config/doctl/config.yaml', '.fly/config.yml', '.heroku/**', '.pypirc', '.gnupg/**'];
const ANYWHERE = ['**/.env', '**/.env.*', '**/*.pem', '**/*.p12', '**/*.pfx', '**/*.key', '**/id_rsa', '**/id_ed25519', '**/id_ecdsa',
  '**/credentials.json', '**/service-account*.json', '**/*.tfstate', '**/secrets.yml', '**/secrets.yaml', '**/master.key'];
const NOT_SECRET = /\.(pub|example|sample|template|dist)$|\.env\.(example|sample|template|dist|defaults)$/;

let matcher: ((abs: string, home: string) => boolean) | null = null;

function isSecretPath(abs: string, home: string): boolean {
  if (!matcher) {
    const any = picomatch(ANYWHERE, { dot: true });
    const inHome = picomatch(HOME_STORES, { dot: true });
    matcher = (a, h) => !NOT_SECRET.test(a) && (any(a) || (a.startsWith(h + '/') && inHome(a.slice(h.length + 1))));
  }
  return matcher(abs, home);
}

function secretWords(cmd: Command, ctx: Context): Fact[] {
  const home = homeOf(ctx);
  const out: Fact[] = [];
  const words = [...cmd.argv.slice(1), ...cmd.redirects.filter((r) => r.op === '<').map((r) => r.target)];
  for (const w of words) {
    if (w.dynamic) continue;
    for (const v of [w.value, w.value.replace(/^[^=]*=@?|^@/, '')]) {
      if (!v || /^-/.test(v)) continue;
      if (isSecretPath(absolutePath(v, ctx), home)) { out.push({ id: 'secrets.read', detail: w.value, span: w.span }); break; }
    }
  }
  return out;
}

/** Commands that name a file without showing its contents. */
const NOT_READERS = new Set(['git', 'echo', 'ls', 'touch', 'mkdir', 'wc', 'stat', 'file', 'du', 'test', '[', '[[', 'chmod', 'chown',
  'rm', 'mv', 'ln', 'md5sum', 'sha1sum', 'sha256sum', 'shasum', 'realpath', 'readlink', 'basename', 'dirname', 'printf']);

const ENV_DUMPS = new Set(['env', 'printenv', 'set', 'export', 'declare']);

export const secretsAnalyzer: Analyzer = ({ view, ctx }) => {
  const cmd = view.cmd;
  if (cmd.program && NOT_READERS.has(cmd.program)) return [];
  const facts = secretWords(cmd, ctx);
  if (cmd.program && FETCHERS.has(cmd.program) && cmd.program !== 'gh') {
    const fed = producers(cmd);
    const leaked = fed.flatMap((c) => secretWords(c, ctx));
    const dump = fed.find((c) => c.program && ENV_DUMPS.has(c.program) && c.argv.length === 1);
    const sent = facts.length > 0 || leaked.length > 0 || dump;
    if (sent) facts.push({ id: 'secrets.exfil', detail: facts[0]?.detail ?? leaked[0]?.detail ?? 'the environment', span: cmd.span });
  }
  return facts;
};
