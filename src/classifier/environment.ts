/*!
 * Which environment a line targets. Evidence, strongest first: hosts (URLs, connection strings,
 * `host:port`, `-h`, ssh targets, env vars holding URLs), then flag values and environment
 * variables (`--profile prod`, `--context`, `AWS_PROFILE`, `RAILWAY_ENVIRONMENT`, kube context,
 * terraform workspace, and what files say: environment-files.ts), then plain argument words
 * (`dropdb production`). Within a tier the most
 * sensitive environment wins. Words inside prose (`-m "fix prod bug"`) are not evidence.
 */
import picomatch from 'picomatch';
import { DYN, type Command, type ParsedLine, type Word } from '../parser/model.js';
import type { CommandView } from './command-view.js';
import type { Context } from './context.js';
import type { Environment } from '../core/verdict.js';
import { urlHost, looksLikeUrl } from './analyzers/http.js';
import { DATA_PROGRAMS } from './analyzers/data-programs.js';
import { verbKind } from './analyzers/verb-kind.js';
import { sourceWords } from './environment-sources.js';
import { fileEvidence } from './environment-files.js';
import { interpreterCode, isInterpreter } from '../parser/interpreters.js';
import { dict } from '../util/dict.js';

/**
 * Switches that name an environment (`vercel rm app --prod`, `netlify deploy --production`).
 * Not every environment word: `--stage prod` and `--env dev` are keys whose value names it.
 */
const KUBE_CONTEXT_FLAGS: ReadonlySet<string> = new Set(['--context', '--kube-context', '--kubecontext']);
const ENV_SWITCHES: ReadonlySet<string> = new Set(['--prod', '--production', '--staging']);

/** Interpreters running a project CLI (`php artisan …`, `python manage.py …`): their options name targets. */
const PROJECT_CLI = /(^|\/)(manage\.py|artisan|bin\/(rails|rake|console))$/;
/** git subcommands whose first operand is a remote (a branch named `production` is no target). */
const GIT_REMOTE_FIRST = new Set(['push', 'pull', 'fetch', 'ls-remote']);
/** A value that is an environment's own name (`TARGET=production`, `MODE=staging`). */
/** Short identifier-like string literals in inline code. */
const CODE_NAMES = /(['"])([\w.-]{2,64})\1/g;
const ENV_NAME = /^(prod|production|prd|live|staging|stg|stage|preprod|dev|development|local)$/i;
/** Options whose value names the target environment, whatever the program. */
const ENV_KEYS: ReadonlySet<string> = new Set(['--stage', '--env', '--environment', '--profile', '--context', '--workspace', '--target', '--app', '--project']);
/** Infrastructure tools whose target follows from the directory they run in (`cd infra/prod && terraform destroy`). */
const DIR_TARGETED = new Set([
  'terraform',
  'tofu',
  'terragrunt',
  'pulumi',
  'cdk',
  'cdktf',
  'serverless',
  'sls',
  'ansible-playbook',
  'helmfile',
  'kustomize',
  'skaffold',
]);
/** Data programs whose arguments still name targets (URLs, hosts, remotes, make variables). */
const NOT_DATA_ONLY: ReadonlySet<string> = new Set(['curl', 'wget', 'ssh', 'http', 'https', 'xh', 'nc', 'git', 'scp', 'rsync', 'make', 'gmake']);
const CODE_URLS = /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"`)]+/gi;

export interface EnvironmentConfig {
  /** Per environment: words that name it, and host globs that belong to it. */
  names: Record<Environment, { words: string[]; hosts: string[] }>;
  /** Variables whose value names the environment (`RAILWAY_ENVIRONMENT=production`). */
  envVars: string[];
  /** Variables whose value is a URL or host (`DATABASE_URL`). */
  urlVars: string[];
  /** Flags whose value is a host. */
  hostFlags: string[];
}

export interface EnvironmentResult {
  environment: Environment | null;
  evidence?: string;
}

interface Evidence {
  env: Environment;
  tier: number;
  why: string;
}

const SEVERITY: Record<Environment, number> = { production: 3, staging: 2, development: 1 };

export class EnvironmentDetector {
  private readonly words = new Map<string, Environment>();
  private readonly hostMatchers: [Environment, (h: string) => boolean][] = [];

  constructor(private readonly config: EnvironmentConfig) {
    for (const env of Object.keys(config.names) as Environment[]) {
      for (const w of config.names[env].words) this.words.set(w.toLowerCase(), env);
      if (config.names[env].hosts.length) this.hostMatchers.push([env, picomatch(config.names[env].hosts, { nocase: true })]);
    }
  }

  detect(line: ParsedLine, views: CommandView[], ctx: Context): EnvironmentResult {
    const found: Evidence[] = [];
    const env = this.evidenceVars(ctx.env, line.assignments);
    for (const view of views) this.fromCommand(view, env, ctx, found);
    for (const s of sourceWords(line, views)) this.word(s.value, 2, s.why, found);
    if (found.length === 0) return { environment: null };
    found.sort((a, b) => b.tier - a.tier || SEVERITY[b.env] - SEVERITY[a.env]);
    return { environment: found[0].env, evidence: found[0].why };
  }

  /**
   * The variables of the line's environment (the context's, then what the line assigns) that can
   * be evidence, in that order: most of an environment (PATH, HOME, LANG …) never is, and
   * whether a name can be is remembered.
   */
  private evidenceVars(env: Record<string, string>, assigned: Record<string, string>): [string, string][] {
    const all = Object.keys(assigned).length ? { ...env, ...assigned } : env;
    const out: [string, string][] = [];
    const names = Object.keys(all);
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const value = all[name]!;
      if (value && this.evidenceName(name)) out.push([name, value]);
    }
    return out;
  }

  private readonly evidenceNames = new Map<string, boolean>();

  /** Whether `variable()` can find evidence in a variable of this name (with a value). */
  private evidenceName(name: string): boolean {
    let yes = this.evidenceNames.get(name);
    if (yes === undefined) {
      yes = this.urlVar(name) || this.envVar(name);
      if (this.evidenceNames.size < 4096) this.evidenceNames.set(name, yes);
    }
    return yes;
  }

  private urlVar(name: string): boolean {
    // `ARGOCD_SERVER`, `ETCDCTL_ENDPOINTS`, `KAFKA_BROKERS`: where a CLI's server is, by another name
    return this.config.urlVars.includes(name) || /_(URL|URI|HOST|HOSTS|DSN|ADDR|SERVER|SERVERS|ENDPOINT|ENDPOINTS|BROKERS)$/.test(name);
  }

  private envVar(name: string): boolean {
    return this.config.envVars.includes(name) || /_(ENV|ENVIRONMENT|STAGE|PROFILE|CONTEXT|APP|SERVICE|SUBSCRIPTION)$|^PGSERVICE$/.test(name);
  }

  private fromCommand(view: CommandView, env: [string, string][], ctx: Context, out: Evidence[]): void {
    const cmd = view.cmd;
    const program = cmd.program ?? '';
    const projectCli = PROJECT_CLI.test(view.positionals[0]?.value ?? '');
    const dataOnly = DATA_PROGRAMS.has(program) && !NOT_DATA_ONLY.has(program) && !projectCli;
    if (cmd.remote) this.host(cmd.remote, 3, `ssh host ${cmd.remote}`, out);
    // The service a command talks to: its program and the hosts it names (`backboard.railway.app`); worked out when a variable asks.
    let known: string[] | null = null;
    const services = (): string[] =>
      (known ??= [program, ...view.positionals.filter((w) => looksLikeUrl(w.value)).flatMap((w) => (urlHost(w.value) ?? '').split('.'))]);
    for (const a of cmd.assignments) {
      this.variable(a.name, a.value.value, services, out, true);
      if (ENV_NAME.test(a.value.value)) this.word(a.value.value, 1, `${a.name}=${a.value.value}`, out);
    }
    for (const [name, value] of env) this.variable(name, value, services, out, lineMentions(cmd, name));
    // Inline code names its targets by URL (`node -e "fetch('https://api.prod…', …)"`).
    if (isInterpreter(program)) {
      for (const code of interpreterCode(cmd)) {
        for (const url of code.match(CODE_URLS) ?? []) this.host(urlHost(url), 3, url, out);
        // names in the code's strings (`profile_name='prod'`, `open('.env.production')`, `'acme-prod'`)
        for (const m of code.matchAll(CODE_NAMES)) if (!/\.(example|sample|template)$/.test(m[2]!)) this.word(m[2]!, 1, `'${m[2]}' in the code`, out);
      }
      // Code calling Railway's API acts on the environment the directory is linked to.
      for (const e of fileEvidence(view, ctx)) this.word(e.value, 2, e.why, out);
    }
    // Options of the wrappers it runs under (`kubectl --context prod exec pod -- rm …`) name its target, whatever it is.
    this.wrapperOptions(cmd.wrapperArgs ?? [], out);
    // The arguments of data programs (`echo`, `grep`, `python script.py`) are data, not targets; their environment still is.
    if (dataOnly) return;
    for (const f of view.flags) {
      // git's option values are messages, patterns and refs (`--grep=prod`), not targets.
      if (program === 'git') break;
      if (f.value !== null && !f.word.dynamic && /\s/.test(f.value)) this.sqlDatabase(f.value, out);
      // `az account set --subscription 'Acme Production'`: a name with spaces is still a name.
      if (f.value !== null && !f.word.dynamic && /\s/.test(f.value) && (ENV_KEYS.has(f.name) || f.name === '--subscription'))
        this.word(f.value, 2, `${f.name} ${f.value}`, out);
      // A switch named after an environment (`vercel rm app --prod`, `netlify deploy --production`).
      if (f.value === null && ENV_SWITCHES.has(f.name.toLowerCase())) this.word(f.name.slice(2), 2, f.name, out);
      // kind names its contexts `kind-<cluster>`: a cluster on this machine
      if (f.value !== null && KUBE_CONTEXT_FLAGS.has(f.name) && /^kind-/.test(f.value)) out.push({ env: 'development', tier: 2, why: `${f.name} ${f.value}` });
      // `--stage dev` for a program the tables do not know: the next word is the option's value.
      if (f.value === null && ENV_KEYS.has(f.name)) {
        const next = cmd.argv[cmd.argv.indexOf(f.word) + 1];
        if (next && !next.dynamic && !next.value.startsWith('-')) this.word(next.value, 2, `${f.name} ${next.value}`, out);
      }
      if (f.value === null || f.word.dynamic || /\s/.test(f.value) || CIDR.test(f.value)) continue;
      // A dotted module path is not a host (`--settings=config.settings.local`).
      const modulePath = f.name === '--settings' || f.name === '--config-module';
      if (!modulePath && (this.config.hostFlags.includes(f.name) || looksLikeUrl(f.value) || /^[\w.-]+:\d+$/.test(f.value)))
        // a bind address (`--address 0.0.0.0`: every interface of this machine) is where it listens, weaker than what it talks to
        this.host(hostOf(f.value), BIND_ALL.test(f.value) ? 1 : 3, `${f.name} ${f.value}`, out);
      else this.word(f.value, 2, `${f.name} ${f.value}`, out);
    }
    const gitRemote = program === 'git' ? (GIT_REMOTE_FIRST.has(view.positionals[0]?.value ?? '') ? 1 : -1) : null;
    view.positionals.forEach((w, i) => {
      // `mongodb+srv://admin:$(cat pw)@staging.x1y2z.mongodb.net/app`: only the password is unknown.
      if (w.dynamic && looksLikeUrl(w.value) && urlHost(w.value)) {
        this.host(urlHost(w.value), 3, w.value.split(DYN).join('…'), out);
        return;
      }
      // `git push origin HEAD:production`: the branch a push lands on may be what deploys.
      if (gitRemote !== null && i > gitRemote && view.positionals[0]?.value === 'push' && /:[\w./-]+$/.test(w.value) && !w.dynamic)
        this.word(w.value.slice(w.value.lastIndexOf(':') + 1), 1, `push to ${w.value}`, out);
      if (gitRemote !== null && i !== gitRemote) return;
      // `make deploy ENV=prod`, `rake db:drop RAILS_ENV=production`: variables given as arguments.
      const kv = /^([A-Z_][A-Z0-9_]*)=(.+)$/.exec(w.value);
      if (kv && !w.dynamic) {
        this.variable(kv[1]!, kv[2]!, services, out, true);
        if (ENV_NAME.test(kv[2]!)) this.word(kv[2]!, 1, w.value, out);
        return;
      }
      // `scp f root@prod-lb-01:/etc/x`, `rsync -a build/ deploy@live-web:/var/www`: the remote host.
      const remote = /^(?:[\w.-]+@)?([A-Za-z][\w.-]*):(?!\/\/)/.exec(w.value);
      if (remote && !w.dynamic && (program === 'scp' || program === 'rsync' || program === 'sftp')) {
        this.host(remote[1]!, 3, w.value, out);
        return;
      }
      if (!w.dynamic && /\s/.test(w.value)) this.sqlDatabase(w.value, out);
      // libpq key=value connection strings: `psql "host=db-prod.internal dbname=app"`.
      const conninfo = w.dynamic ? null : /(?:^|\s)host=([\w.-]+)/.exec(w.value);
      if (conninfo) this.host(conninfo[1]!, 3, `host=${conninfo[1]}`, out);
      if (w.dynamic || /\s/.test(w.value) || w.value.length > 200 || CIDR.test(w.value)) return;
      if (looksLikeUrl(w.value) || /^[\w.-]+:\d+$/.test(w.value)) this.host(hostOf(w.value), 3, w.value, out);
      else if (!(i < 3 && /^[a-z]+$/i.test(w.value) && verbKind(w.value))) this.word(w.value, 1, `argument ${w.value}`, out);
    });
    for (const e of fileEvidence(view, ctx)) this.word(e.value, 2, e.why, out);
    if (DIR_TARGETED.has(program)) {
      const dir = cmd.cwd ?? ctx.cwd;
      this.word(dir, 0, `working directory ${dir}`, out);
    }
  }

  /** Option values of wrappers (`doppler run --config prod --`, `heroku run -a acme-prod`) name the inner command's target. */
  private wrapperOptions(words: Word[], out: Evidence[]): void {
    for (let i = 0; i < words.length; i++) {
      const v = words[i].value;
      // A wrapper's own operands name where the command runs (`aws-vault exec prod --`, `docker exec prod-db …`).
      if (!words[i].dynamic && !v.startsWith('-') && !words[i - 1]?.value.startsWith('-')) {
        this.word(v, 1, `${v} (wrapper operand)`, out);
        continue;
      }
      if (words[i].dynamic || !v.startsWith('-')) continue;
      const eq = v.indexOf('=');
      const value = eq > 0 ? v.slice(eq + 1) : words[i + 1] && !words[i + 1].value.startsWith('-') && !words[i + 1].dynamic ? words[i + 1].value : null;
      if (value && !/\s/.test(value)) this.word(value, 2, `${eq > 0 ? v.slice(0, eq) : v} ${value}`, out);
    }
  }

  private variable(name: string, value: string, services: () => string[], out: Evidence[], mentioned: boolean): void {
    const concerns = () => mentioned || services().some((s) => relevant(name, s));
    if (!value) return;
    if (this.urlVar(name)) {
      if (concerns()) this.host(hostOf(value), 3, `${name}=${value}`, out);
      return;
    }
    if (this.envVar(name)) {
      // frameworks' own environment variables apply to whatever runs (`RACK_ENV=staging rake db:drop`)
      if (/^(NODE_ENV|APP_ENV|RAILS_ENV|RACK_ENV|MIX_ENV|FLASK_ENV|DJANGO_ENV|ENVIRONMENT|ENV|STAGE)$/.test(name) || concerns())
        this.word(value, 2, `${name}=${value}`, out);
    }
  }

  /** The database a statement names (`-c 'DROP DATABASE production'`, `USE prod_app`) is an argument word. */
  private sqlDatabase(text: string, out: Evidence[]): void {
    const m = SQL_DATABASE.exec(text);
    if (m) this.word(m[1], 1, `database ${m[1]}`, out);
  }

  private host(host: string | null, tier: number, why: string, out: Evidence[]): void {
    if (!host) return;
    for (const [env, match] of this.hostMatchers)
      if (match(host)) {
        out.push({ env, tier, why });
        return;
      }
    const before = out.length;
    const labels = host.split('.');
    this.word(labels.length > 1 ? labels.slice(0, -1).join('.') : host, tier, why, out);
    // A host that names no environment: the rest of the value may (`registry.io/acme-staging/api`).
    const value = why.split(/[ =]/).pop() ?? '';
    if (out.length === before && value.includes('/'))
      this.word(
        value
          .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
          .split('/')
          .slice(1)
          .join('/'),
        1,
        why,
        out,
      );
  }

  private word(value: string, tier: number, why: string, out: Evidence[]): void {
    const best = this.wordEnvironment(value);
    if (best) out.push({ env: best, tier, why });
  }

  /** Values asked about: the environment each names (words repeat across commands and lines). */
  private readonly named = new Map<string, Environment | null>();

  /** The most sensitive environment a value's words name, or null. */
  private wordEnvironment(value: string): Environment | null {
    let best = this.named.get(value);
    if (best !== undefined) return best;
    best = null;
    // A local path's device and home prefixes (`/dev/sdb1`, `/home/dev/…`) name no environment.
    // camelCase names split like kebab-case ones (`AcmeProdStack` is acme-prod-stack)
    const parts = value
      .replace(LOCAL_PREFIX, '')
      .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
      .replace(/(^|[=:,\s])\/dev\b(\/[^\s:,]*)?/g, '$1')
      .toLowerCase()
      .split(/[^a-z0-9]+/);
    for (let i = 0; i < parts.length; i++) {
      // two-word names (`docker-desktop`, `pre-prod`) as well as single words
      const env = this.words.get(parts[i]!) ?? (i > 0 ? this.words.get(`${parts[i - 1]}-${parts[i]}`) : undefined);
      if (env && (!best || SEVERITY[env] > SEVERITY[best])) best = env;
    }
    if (value.length <= 256) {
      if (this.named.size >= 4096) this.named.clear();
      this.named.set(value, best);
    }
    return best;
  }
}

const SQL_DATABASE = /\b(?:(?:DATABASE|SCHEMA)\s+(?:IF\s+(?:NOT\s+)?EXISTS\s+)?|^\s*USE\s+)[`"[]?([\w-]+)/i;

/** Also after an operand name (`dd if=/dev/zero of=/dev/sda`). */
const LOCAL_PREFIX = /^([a-z]+=)?(\/dev\/|\/(home|Users)\/[^/]+\/?)/;

const BIND_ALL = /^(0\.0\.0\.0|::|\[::\])(:\d+)?$/;

/** An address range (`0.0.0.0/0`, `10.0.0.0/16`) names a network, not a host to talk to. */
const CIDR = /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/;

function hostOf(value: string): string | null {
  return urlHost(value);
}

function lineMentions(cmd: Command, name: string): boolean {
  return cmd.text.includes('$' + name) || cmd.text.includes('${' + name);
}

const VAR_PROGRAMS: Record<string, string[]> = dict({
  PG: ['psql', 'pg_dump', 'pg_restore', 'dropdb', 'createdb', 'dropuser', 'pgcli'],
  DATABASE: [
    'psql',
    'mysql',
    'pg_dump',
    'pg_restore',
    'prisma',
    'dropdb',
    'rails',
    'rake',
    'django-admin',
    'alembic',
    'knex',
    'sequelize',
    'typeorm',
    'drizzle-kit',
    'migrate',
    'atlas',
    'flyway',
    'liquibase',
  ],
  MYSQL: ['mysql', 'mysqldump', 'mysqladmin', 'mariadb'],
  MONGO: ['mongosh', 'mongo', 'mongodump', 'mongorestore'],
  MONGODB: ['mongosh', 'mongo', 'mongodump', 'mongorestore'],
  REDIS: ['redis-cli', 'valkey-cli'],
  KUBE: ['kubectl', 'helm', 'k9s', 'kustomize', 'oc'],
  KUBECONFIG: ['kubectl', 'helm', 'oc'],
  CLOUDSDK: ['gcloud', 'gsutil', 'bq'],
  GOOGLE: ['gcloud', 'gsutil', 'bq', 'terraform'],
  AZURE: ['az'],
  ARM: ['az', 'terraform'],
  TF: ['terraform', 'tofu', 'terragrunt'],
  FLY: ['fly', 'flyctl'],
  DJANGO: ['python', 'python3', 'django-admin'],
  KAFKA: ['kafka-topics', 'kafka-console-consumer', 'kafka-console-producer', 'kafka-consumer-groups', 'kafka-configs', 'kafka-acls', 'kcat', 'kafkacat'],
});

/** A variable concerns a program when its prefix names it (`AWS_PROFILE` → aws, `PGHOST` → psql). */
function relevant(name: string, program: string): boolean {
  if (!program) return false;
  const prefix = name.split('_')[0];
  const list = VAR_PROGRAMS[prefix] ?? VAR_PROGRAMS[name.replace(/[A-Z]+$/, '')] ?? (name.startsWith('PG') ? VAR_PROGRAMS.PG : undefined);
  if (list?.includes(program)) return true;
  const p = prefix.toLowerCase();
  return p.length >= 2 && (program === p || program.startsWith(p + '-') || program.startsWith(p));
}
