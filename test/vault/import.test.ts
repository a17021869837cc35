/*
 * `shellgate vault import FILE`: credentials move into the vault, the file keeps everything else
 * byte for byte, nothing is left in plain text, and an imported value reaches an in-scope command.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runShAsync } from '../helpers/cli.js';
import { filesContaining, startServer, vault, vaultSandbox, type LoopbackServer, type VaultSandbox } from './helpers.js';

let sb: VaultSandbox;
let server: LoopbackServer;
beforeAll(async () => {
  sb = vaultSandbox();
  server = await startServer();
});
afterAll(() => server.close());

function importFile(rel: string, text: string, args: string[] = ['--env', 'development']) {
  const path = join(sb.project, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  const out = vault(sb, ['import', path, ...args]);
  expect(out.status, out.stderr).toBe(0);
  return { out, rest: readFileSync(path, 'utf8') };
}

const DOTENV = [
  '# app settings\r\n',
  'PORT=3000\r\n',
  'export NODE_ENV=development\n',
  'DATABASE_URL="postgres://app:pw-db-55443322@db.internal:5432/app"\n',
  'RAILWAY_TOKEN=rw-tok-abcdef123456\n',
  'FEATURE_X=on   # a comment\n',
  "API_KEY='ak-999888777666'\n",
  '\n',
  'LOG_LEVEL=debug',
];

describe('vault import', () => {
  it('.env: moves the credentials, keeps every other line exactly', async () => {
    const { out, rest } = importFile('.env', DOTENV.join(''));
    expect(rest).toBe([DOTENV[0], DOTENV[1], DOTENV[2], DOTENV[5], DOTENV[7], DOTENV[8]].join(''));
    expect(out.stdout).toMatch(/imported RAILWAY_TOKEN \(development; programs: railway; hosts: backboard\.railway\.app/);
    expect(out.stdout).toMatch(/imported DATABASE_URL \(development; programs: psql, pg_dump; hosts: db\.internal\)/);
    expect(out.stdout).toMatch(/imported API_KEY \(development; no scope\)/);
    // Given a scope, the imported value reaches an in-scope command.
    expect(vault(sb, ['scope', 'API_KEY', '--host', '127.0.0.1']).status).toBe(0);
    const run = await runShAsync(['-c', `curl -s -H "Authorization: $API_KEY" http://127.0.0.1:${server.port}/imported`], {
      env: sb.agentEnv,
      cwd: sb.project,
    });
    expect(run.stdout, run.stderr).toBe('ok [vault:API_KEY]\n');
    expect(server.received.map((r) => r.auth)).toEqual(['ak-999888777666']);
  });

  it('AWS credentials: keys out, profiles and settings kept', () => {
    const text =
      '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nregion = eu-west-1\n\n[ci]\naws_access_key_id = AKIAI44QH8DHBEXAMPLE\noutput = json\n';
    const { out, rest } = importFile('aws/credentials', text);
    expect(rest).toBe('[default]\nregion = eu-west-1\n\n[ci]\noutput = json\n');
    expect(out.stdout).toMatch(/imported AWS_ACCESS_KEY_ID \(development; programs: aws\)/);
    expect(out.stdout).toMatch(/imported AWS_SECRET_ACCESS_KEY /);
    expect(out.stdout).toMatch(/imported AWS_ACCESS_KEY_ID_CI /);
  });

  it('.npmrc: the token becomes ${NPM_TOKEN}, which npm reads from the environment', () => {
    const text = 'registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789\nsave-exact=true\n';
    const { rest } = importFile('npm/.npmrc', text);
    expect(rest).toBe('registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${NPM_TOKEN}\nsave-exact=true\n');
  });

  it('Railway CLI config: the account token out, the rest of the JSON as it was', () => {
    const text =
      '{\n  "projects": {\n    "/home/dev/app": {\n      "project": "p-1",\n      "environment": "e-prod"\n    }\n  },\n  "user": {\n    "token": "rw-account-7766554433"\n  },\n  "linkedFunctions": null\n}\n';
    const { out, rest } = importFile('railway/config.json', text, ['--env', 'production', '--approve']);
    expect(out.stdout).toMatch(/imported RAILWAY_API_TOKEN \(production; programs: railway; hosts: backboard\.railway\.app, backboard\.railway\.com\)/);
    expect(rest).toBe(
      '{\n  "projects": {\n    "/home/dev/app": {\n      "project": "p-1",\n      "environment": "e-prod"\n    }\n  },\n  "user": {\n  },\n  "linkedFunctions": null\n}\n',
    );
    expect(JSON.parse(rest)).toEqual({ projects: { '/home/dev/app': { project: 'p-1', environment: 'e-prod' } }, user: {}, linkedFunctions: null });
  });

  it('leaves no imported value in plain text anywhere', () => {
    for (const v of [
      'pw-db-55443322',
      'rw-tok-abcdef123456',
      'ak-999888777666',
      'wJalrXUtnFEMI/K7MDENG',
      'npm_abcdefghijklmnopqrstuvwxyz0123456789',
      'rw-account-7766554433',
    ]) {
      for (const dir of [sb.env.SHELLGATE_STATE_DIR!, sb.env.SHELLGATE_CONFIG_DIR!, sb.home, sb.project]) expect(filesContaining(dir, v), v).toEqual([]);
    }
  });

  it('is refused to an agent', async () => {
    writeFileSync(join(sb.project, '.env.agent'), 'X_TOKEN=abc123456789\n');
    const out = await runShAsync(['-c', 'shellgate vault import .env.agent --env development'], { env: sb.agentEnv, cwd: sb.project });
    expect(out.status).not.toBe(0);
    expect(readFileSync(join(sb.project, '.env.agent'), 'utf8')).toBe('X_TOKEN=abc123456789\n');
  });
});
