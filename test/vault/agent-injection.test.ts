/*
 * The vault end to end, as an agent through shellgate-sh (in-process and through the classifier
 * daemon), against a loopback HTTP server this test starts on 127.0.0.1: what the server receives,
 * what the agent reads and what lands on disk are the checks, not the verdicts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DAEMON_ENV, runCli, runShAsync, stopDaemons } from '../helpers/cli.js';
import { filesContaining, startServer, vault, vaultSandbox, type LoopbackServer, type VaultSandbox } from './helpers.js';

interface Case {
  line: string;
  given?: boolean;
}
const CASES = parse(readFileSync(new URL('./agent-cases.yaml', import.meta.url), 'utf8')) as Case[];
const VALUE = 'tok-9f8e7d6c5b4a-dev';
const PROD = 'prod-0a1b2c3d4e5f-live';

let server: LoopbackServer;
let sb: VaultSandbox;

beforeAll(async () => {
  server = await startServer();
  sb = vaultSandbox();
  expect(vault(sb, ['set', 'TOK', '--env', 'development', '--host', '127.0.0.1'], VALUE + '\n').status).toBe(0);
});
afterAll(async () => {
  stopDaemons(sb);
  await server.close();
});

function agent(line: string, extra: NodeJS.ProcessEnv = {}) {
  return runShAsync(['-c', line.replaceAll('{port}', String(server.port))], { env: { ...sb.agentEnv, ...extra }, cwd: sb.project });
}

function carrying(value: string) {
  return server.received.filter((r) => r.auth.includes(value) || r.body.includes(value) || r.url.includes(value));
}

describe('an agent command gets a vault credential only in scope', () => {
  // Through the classifier daemon, as agents run by default (the scope is decided by the same code
  // either way; the in-process path is what the tests below take).
  it.each(CASES)('$line', async (c) => {
    const before = server.received.length;
    const out = await agent(c.line, DAEMON_ENV);
    const got = server.received.slice(before).filter((r) => r.auth.includes(VALUE) || r.body.includes(VALUE) || r.url.includes(VALUE));
    expect(out.stdout + out.stderr).not.toContain(VALUE);
    if (c.given) {
      expect(
        got.map((r) => `${r.host}${r.url}`),
        out.stderr,
      ).toHaveLength(1);
      expect(got[0]!.host).toBe(`127.0.0.1:${server.port}`);
      // The server echoes the header back: the agent reads it masked.
      if (!c.line.includes('/dev/null')) expect(out.stdout + out.stderr).toContain('[vault:TOK]');
    } else {
      expect(got, out.stderr).toHaveLength(0);
      if (/\bTOK\b/.test(c.line)) expect(out.stderr).toMatch(/TOK withheld from this command: .+/);
    }
  });

  it('the same through the classifier daemon', async () => {
    const before = server.received.length;
    const inScope = await agent('curl -s -H "Authorization: Bearer $TOK" http://127.0.0.1:{port}/daemon-in', DAEMON_ENV);
    const second = await agent('curl -s -H "Authorization: Bearer $TOK" http://127.0.0.1:{port}/daemon-again', DAEMON_ENV);
    const out = await agent('curl -s -H "Authorization: Bearer $TOK" http://localhost:{port}/daemon-out', DAEMON_ENV);
    expect(inScope.stdout + second.stdout).toBe('ok Bearer [vault:TOK]\nok Bearer [vault:TOK]\n');
    expect(out.stderr).toMatch(/TOK withheld from this command: curl sends to localhost/);
    expect(server.received.slice(before).map((r) => [r.url, r.auth.includes(VALUE)])).toEqual([
      ['/daemon-in', true],
      ['/daemon-again', true],
      ['/daemon-out', false],
    ]);
  });

  it('a value the agent had in its own environment is taken away', async () => {
    const out = await agent('printenv TOK; echo "[$TOK]"', { TOK: 'standing-credential' });
    expect(out.stdout).toBe('[]\n');
  });

  it('a script or BASH_ENV prelude gets nothing', async () => {
    const before = server.received.length;
    const out = await agent('curl -s -H "Authorization: Bearer $TOK" http://127.0.0.1:{port}/bash-env', { BASH_ENV: join(sb.project, 'nothing.sh') });
    expect(out.stderr).toMatch(/TOK withheld from this command: only a `-c` command line/);
    expect(carrying(VALUE).filter((r) => server.received.indexOf(r) >= before)).toHaveLength(0);
  });

  it('each injection is in the audit log, by name, never by value', () => {
    const log = runCli(['log', '--json'], { env: sb.env, cwd: sb.project });
    const text = log.stdout + readFileSync(join(sb.env.SHELLGATE_STATE_DIR!, 'audit', 'audit.jsonl'), 'utf8');
    expect(text).not.toContain(VALUE);
    const events = readFileSync(join(sb.env.SHELLGATE_STATE_DIR!, 'audit', 'audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; credential?: { name: string }; line: string });
    const given = events.filter((e) => e.event === 'credential');
    expect(given.length).toBeGreaterThanOrEqual(CASES.filter((c) => c.given).length);
    expect(given.every((e) => e.credential?.name === 'TOK')).toBe(true);
  });

  it('a line the rules confirm and a credential that needs approval: the human sees both, approves twice, it runs once', async () => {
    expect(vault(sb, ['set', 'APPROVE_TOKEN', '--env', 'development', '--host', '127.0.0.1', '--approve'], 'appr-1122334455-val').status).toBe(0);
    const line = 'curl -s -X DELETE -H "Authorization: Bearer $APPROVE_TOKEN" http://127.0.0.1:{port}/thing';
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const blocked = await agent(line);
      expect(blocked.status, blocked.stderr).toBe(126);
      ids.push(/shellgate approve (\d+)/.exec(blocked.stderr)![1]!);
      if (i === 1) expect(blocked.stderr).toMatch(/APPROVE_TOKEN was stored with --approve[\s\S]*HTTP DELETE to 127\.0\.0\.1/);
      expect(runCli(['approve', ids[i]!], { env: sb.env, cwd: sb.project }).status).toBe(0);
    }
    expect(carrying('appr-1122334455-val')).toHaveLength(0);
    const ran = await agent(line);
    expect(ran.status, ran.stderr).toBe(0);
    expect((await agent(line)).status).toBe(126);
    expect(carrying('appr-1122334455-val').map((r) => r.url)).toEqual(['/thing']);
  });

  it('a --program credential goes to that installed program, not to a copy the agent made', async () => {
    expect(vault(sb, ['set', 'PROG_SECRET', '--env', 'development', '--program', 'printenv'], 'prog-4433221100-val').status).toBe(0);
    const real = await agent('printenv PROG_SECRET');
    expect(real.stdout, real.stderr).toBe('[vault:PROG_SECRET]\n');
    const copy = await agent('cp "$(command -v printenv)" ./printenv && ./printenv PROG_SECRET > got.txt; cat got.txt');
    expect(copy.stdout).toBe('');
    const later = await agent('./printenv PROG_SECRET > got.txt; cat got.txt');
    expect(later.stdout).toBe('');
    expect(later.stderr).toMatch(/PROG_SECRET withheld from this command: (\.\/printenv is not an installed program|output goes to a file)/);
    const alone = await agent('./printenv PROG_SECRET');
    expect(alone.stdout).toBe('');
    expect(alone.stderr).toMatch(
      /PROG_SECRET withheld from this command: \.\/printenv is not an installed program outside the places agent commands can write/,
    );
  });

  it('vault list shows names, scope and last use, never values', () => {
    const out = vault(sb, ['list']);
    expect(out.stdout).toMatch(/backend: encrypted file .*secrets\.age/);
    expect(out.stdout).toMatch(/TOK {2}development {2}hosts: 127\.0\.0\.1 {2}no approval {2}last use: \d{4}-/);
    expect(out.stdout).not.toContain(VALUE);
  });
});

describe('a production credential', () => {
  beforeAll(() => {
    // The loopback server plays production: a user ruleset names its host.
    const { mkdirSync, writeFileSync } = require('node:fs') as typeof import('node:fs');
    mkdirSync(sb.env.SHELLGATE_CONFIG_DIR!, { recursive: true });
    writeFileSync(join(sb.env.SHELLGATE_CONFIG_DIR!, 'rules.yaml'), 'name: loopback-is-production\nenvironments:\n  production:\n    hosts: ["127.0.0.1"]\n');
    expect(vault(sb, ['set', 'PROD_TOKEN', '--env', 'production', '--host', '127.0.0.1'], PROD).status).toBe(0);
  });

  it('is not sent until a human approves, then once', async () => {
    const line = 'curl -s -H "Authorization: Bearer $PROD_TOKEN" http://127.0.0.1:{port}/prod';
    const first = await agent(line);
    expect(first.status).toBe(126);
    const id = /shellgate approve (\d+)/.exec(first.stderr)?.[1];
    expect(id, first.stderr).toBeDefined();
    expect(carrying(PROD)).toHaveLength(0);
    // The agent cannot approve it itself.
    const self = await agent(`shellgate approve ${id}`);
    expect(self.status).not.toBe(0);
    expect((await agent(line)).status).toBe(126);
    expect(carrying(PROD)).toHaveLength(0);

    const approved = runCli(['approve', id!], { env: sb.env, cwd: sb.project });
    expect(approved.status, approved.stderr).toBe(0);
    const second = await agent(line);
    expect(second.status).toBe(0);
    expect(second.stdout).toBe('ok Bearer [vault:PROD_TOKEN]\n');
    expect(carrying(PROD)).toHaveLength(1);

    const third = await agent(line);
    expect(third.status).toBe(126);
    expect(carrying(PROD)).toHaveLength(1);
  });

  it('an approval for one command does not cover another', async () => {
    const first = await agent('curl -s -H "Authorization: Bearer $PROD_TOKEN" http://127.0.0.1:{port}/p1');
    const id = /shellgate approve (\d+)/.exec(first.stderr)![1]!;
    runCli(['approve', id], { env: sb.env, cwd: sb.project });
    const other = await agent('curl -s -X POST -H "Authorization: Bearer $PROD_TOKEN" http://127.0.0.1:{port}/p2');
    expect(other.status).toBe(126);
    expect(carrying(PROD)).toHaveLength(1);
  });
});

describe('a credential approved with --ttl', () => {
  it('is given to its in-scope commands in that directory until the grant expires, without asking again', async () => {
    expect(vault(sb, ['set', 'TTL_TOKEN', '--env', 'production', '--host', '127.0.0.1', '--approve', '--ttl', '1h'], 'ttl-5566778899-val').status).toBe(0);
    const first = await agent('curl -s -H "Authorization: Bearer $TTL_TOKEN" http://127.0.0.1:{port}/ttl-1');
    expect(first.status).toBe(126);
    const id = /shellgate approve (\d+)/.exec(first.stderr)![1]!;
    const approved = runCli(['approve', id], { env: sb.env, cwd: sb.project });
    expect(approved.stdout).toMatch(/TTL_TOKEN for its in-scope commands in .*, for 3600 s/);
    const a = await agent('curl -s -H "Authorization: Bearer $TTL_TOKEN" http://127.0.0.1:{port}/ttl-1');
    const b = await agent('curl -s -H "Authorization: Bearer $TTL_TOKEN" http://127.0.0.1:{port}/ttl-2');
    expect([a.status, b.status]).toEqual([0, 0]);
    expect(carrying('ttl-5566778899-val').map((r) => r.url)).toEqual(['/ttl-1', '/ttl-2']);
    // Still only in scope.
    const out = await agent('curl -s -H "Authorization: Bearer $TTL_TOKEN" http://localhost:{port}/ttl-out');
    expect(out.stderr).toMatch(/TTL_TOKEN withheld/);
    expect(carrying('ttl-5566778899-val')).toHaveLength(2);
  });
});

describe('at rest', () => {
  it('no value in plain text anywhere under the state, config, home or project directories', () => {
    for (const dir of [sb.env.SHELLGATE_STATE_DIR!, sb.env.SHELLGATE_CONFIG_DIR!, sb.home, sb.project]) {
      expect(filesContaining(dir, VALUE)).toEqual([]);
      expect(filesContaining(dir, PROD)).toEqual([]);
      expect(filesContaining(dir, 'ttl-5566778899-val')).toEqual([]);
      expect(filesContaining(dir, 'appr-1122334455-val')).toEqual([]);
      expect(filesContaining(dir, 'prog-4433221100-val')).toEqual([]);
    }
  });
});
