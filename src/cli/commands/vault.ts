/*!
 * `shellgate vault set|list|rm|scope|import`: the credential vault (src/vault/). Values are read
 * from stdin, never from arguments, and never printed. Changing the vault is human-only (refused
 * under a shellgate guard or in an agent's environment, like approvals).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { isatty } from 'node:tty';
import { UserError } from '../../core/user-error.js';
import { chooseBackend, openBackend } from '../../vault/backend.js';
import { readIndex, readUsage, updateIndex } from '../../vault/index-store.js';
import { checkName, parseScopeOptions, type ScopeOptions } from '../../vault/options.js';
import { describeScope } from '../../vault/scope.js';
import { needsApproval, type Credential, type VaultBackend } from '../../vault/types.js';

const USAGE = `usage: shellgate vault COMMAND
  set NAME --env ENV [--host HOST]… [--program PROG]… [--approve] [--ttl DUR]
        store a credential; the value is read from stdin (never from an argument)
  scope NAME [--env ENV] [--host HOST]… [--program PROG]… [--approve] [--ttl DUR]
        change a credential's scope (replaces hosts and programs when given)
  list [--json]   names, environment, scope and last use (never values), and the backend
  rm NAME         remove a credential
  import FILE --env ENV [scope options]
        move the credentials of a .env-style file, AWS credentials, .npmrc or Railway CLI
        config into the vault, and rewrite FILE without them (everything else kept as it was)
A command receives NAME in its environment only when it is in scope: its program is one of
--program, or every host it sends to is one of --host. Production credentials and --approve
need a human's approval per command (\`shellgate approve ID\`); --ttl makes an approval last.
`;

async function readValue(name: string): Promise<string> {
  if (isatty(0)) process.stderr.write(`value for ${name} (then Enter and Ctrl-D; the input is not shown in arguments or history): `);
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const value = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (value === '') throw new UserError(`no value for ${name} on stdin (e.g. \`shellgate vault set ${name} … < file\`, or paste it and press Ctrl-D)`);
  if (value.includes('\0')) throw new UserError('the value contains a NUL byte; an environment variable cannot hold it');
  return value;
}

async function backendFor(): Promise<{ backend: VaultBackend; why?: string }> {
  const index = readIndex();
  if (index?.backend) return { backend: openBackend(index.backend) };
  const chosen = await chooseBackend();
  updateIndex(process.env, (i) => void (i.backend ??= chosen.kind));
  return { backend: openBackend(readIndex()!.backend!), why: chosen.why };
}

function credentialFrom(name: string, o: ScopeOptions, fallback?: Partial<Credential>): Credential {
  const env = o.env ?? fallback?.env;
  if (!env) throw new UserError('--env is required: production, staging or development');
  const c: Credential = {
    name,
    env,
    hosts: o.hosts.length ? o.hosts : (fallback?.hosts ?? []),
    programs: o.programs.length ? o.programs : (fallback?.programs ?? []),
    approve: o.approve || !!fallback?.approve,
    createdAt: fallback?.createdAt ?? new Date().toISOString(),
  };
  const ttl = o.ttlMs ?? fallback?.ttlMs;
  if (ttl) {
    if (!needsApproval(c)) throw new UserError("--ttl is the lifetime of a human's approval: it needs --approve or --env production");
    c.ttlMs = ttl;
  }
  return c;
}

function save(c: Credential): void {
  updateIndex(process.env, (i) => {
    i.credentials = [...i.credentials.filter((x) => x.name !== c.name), c].sort((a, b) => a.name.localeCompare(b.name));
  });
}

async function assertHuman(what: string): Promise<void> {
  const { assertHuman: check } = await import('../../approvals/human-only.js');
  check(`vault ${what}`);
}

async function set(args: string[]): Promise<number> {
  await assertHuman('set');
  const o = parseScopeOptions(args);
  const name = checkName(o.rest[0]);
  const c = credentialFrom(name, o);
  if (c.hosts.length === 0 && c.programs.length === 0)
    process.stderr.write(`note: ${name} has no --host or --program: no command will receive it until \`shellgate vault scope ${name} …\`\n`);
  const value = await readValue(name);
  const { backend, why } = await backendFor();
  await backend.set(name, value);
  save(c);
  process.stdout.write(
    `stored ${name} (${c.env}; ${describeScope(c)}${needsApproval(c) ? '; each use needs approval' : ''}) in the ${backend.describe}${why ? `\n  backend chosen: ${why}` : ''}\n`,
  );
  return 0;
}

async function scope(args: string[]): Promise<number> {
  await assertHuman('scope');
  const o = parseScopeOptions(args);
  const name = checkName(o.rest[0]);
  const old = readIndex()?.credentials.find((c) => c.name === name);
  if (!old) throw new UserError(`no credential ${name} in the vault`);
  const c = credentialFrom(name, o, old);
  save(c);
  process.stdout.write(`${name}: ${c.env}; ${describeScope(c)}\n`);
  return 0;
}

async function rm(args: string[]): Promise<number> {
  await assertHuman('rm');
  const name = checkName(args[0]);
  const index = readIndex();
  if (!index?.credentials.some((c) => c.name === name)) throw new UserError(`no credential ${name} in the vault`);
  if (index.backend) await openBackend(index.backend).remove(name);
  updateIndex(process.env, (i) => void (i.credentials = i.credentials.filter((c) => c.name !== name)));
  process.stdout.write(`removed ${name}\n`);
  return 0;
}

async function list(args: string[]): Promise<number> {
  const o = parseScopeOptions(args);
  const index = readIndex();
  const usage = readUsage();
  const backend = index?.backend ? openBackend(index.backend) : null;
  const rows = (index?.credentials ?? []).map((c) => ({ ...c, lastUsed: usage[c.name] ?? null }));
  if (o.json) {
    process.stdout.write(JSON.stringify({ backend: backend?.kind ?? null, where: backend?.describe ?? null, credentials: rows }, null, 2) + '\n');
    return 0;
  }
  const where = backend ? backend.describe : `none yet (the first \`vault set\` chooses: ${(await chooseBackend()).why})`;
  process.stdout.write(`backend: ${where}\n`);
  if (rows.length === 0) return (process.stdout.write('no credentials\n'), 0);
  for (const r of rows) {
    const approval = needsApproval(r) ? `approval per use${r.ttlMs ? ` (grant lasts ${Math.round(r.ttlMs / 1000)} s)` : ''}` : 'no approval';
    process.stdout.write(`${r.name}  ${r.env}  ${describeScope(r)}  ${approval}  last use: ${r.lastUsed ?? 'never'}\n`);
  }
  return 0;
}

async function importFile(args: string[]): Promise<number> {
  await assertHuman('import');
  const o = parseScopeOptions(args);
  const file = o.rest[0];
  if (!file || o.rest.length > 1) throw new UserError(`expected one FILE\n\n${USAGE}`);
  const text = readFileSync(file, 'utf8');
  const { scanFile } = await import('../../secrets/scan.js');
  const { dirname, basename } = await import('node:path');
  // secretlint's findings (token shapes); its `dotenv` findings are every value of a .env, settings included.
  const flagged = new Set((await scanFile(dirname(file), basename(file))).filter((f) => f.rule !== 'dotenv').map((f) => f.line));
  const { parseCredentialFile } = await import('../../vault/import-parse.js');
  const parsed = parseCredentialFile(file, text, flagged);
  if (parsed.found.length === 0) return (process.stdout.write(`no credentials found in ${file} (read as ${parsed.format})\n`), 0);
  const { backend } = await backendFor();
  for (const f of parsed.found) {
    const c = credentialFrom(f.name, {
      ...o,
      hosts: o.hosts.length ? o.hosts : (f.hosts ?? []),
      programs: o.programs.length ? o.programs : (f.programs ?? []),
    });
    await backend.set(f.name, f.value);
    save(c);
    process.stdout.write(`imported ${f.name} (${c.env}; ${describeScope(c)})\n`);
  }
  writeFileSync(file, parsed.rest);
  process.stdout.write(`rewrote ${file} without them (${parsed.format}); values are in the ${backend.describe}\n`);
  return 0;
}

/** Runs `shellgate vault …`. */
export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (!sub || sub === '--help' || sub === '-h' || rest.includes('--help')) return (process.stdout.write(USAGE), 0);
  if (sub === 'set') return set(rest);
  if (sub === 'scope') return scope(rest);
  if (sub === 'rm') return rm(rest);
  if (sub === 'list' || sub === 'ls') return list(rest);
  if (sub === 'import') return importFile(rest);
  throw new UserError(`unknown vault command ${sub}\n\n${USAGE}`);
}
