/*!
 * Redaction: one case per secret form the issue names (Authorization/Bearer, passwords in URLs
 * and connection strings, *_TOKEN/*_KEY/*_SECRET assignments) plus the neighbours, and lines
 * that must pass through untouched. Also: the stored entry never contains the secret.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../src/audit/redact.js';
import { appendAuditEvent } from '../../src/audit/log.js';
import { verifyLog } from '../../src/audit/verify.js';
import { event, tempDir } from './helpers.js';

const R = '[REDACTED]';

describe('redactSecrets', () => {
  it.each([
    ['authorization', `curl -H "Authorization: Bearer eyJhbGciOi.abc.def" https://api`, `curl -H "Authorization: Bearer ${R}" https://api`],
    ['authorization', `curl -H 'Authorization: token ghp_abc' x`, `curl -H 'Authorization: token ${R}' x`],
    ['authorization', `curl -H 'authorization: Basic dXNlcjpwYXNz' x`, `curl -H 'authorization: Basic ${R}' x`],
    ['authorization', `http GET x Authorization:"Basic dXNlcjpwYXNz"`, `http GET x Authorization:"Basic ${R}"`],
    ['authorization', `curl -H "X-Api-Key: abc123" x`, `curl -H "X-Api-Key: ${R}" x`],
    ['authorization', `curl -H "PRIVATE-TOKEN: glabc" x`, `curl -H "PRIVATE-TOKEN: ${R}" x`],
    ['bearer', `wscat --auth Bearer abc.def-ghi`, `wscat --auth Bearer ${R}`],
    ['url-password', 'psql postgres://admin:hunter2@db.prod:5432/app', `psql postgres://admin:${R}@db.prod:5432/app`],
    ['url-password', 'git clone https://user:p@ss@github.com/org/repo', `git clone https://user:${R}@github.com/org/repo`],
    ['url-password', 'redis-cli -u redis://:s3cret@cache:6379', `redis-cli -u redis://:${R}@cache:6379`],
    ['url-password', 'mongosh "mongodb+srv://u:pw@c0.x.net/db?w=1"', `mongosh "mongodb+srv://u:${R}@c0.x.net/db?w=1"`],
    ['assignment', 'psql "host=db password=secret dbname=app"', `psql "host=db password=${R} dbname=app"`],
    ['assignment', 'sqlcmd "Server=x;User Id=sa;Password=P@ss;"', `sqlcmd "Server=x;User Id=sa;Password=${R};"`],
    ['assignment', 'curl "https://x/api?access_token=abc&x=1"', `curl "https://x/api?access_token=${R}&x=1"`],
    ['assignment', 'GITHUB_TOKEN=ghp_xx gh pr list', `GITHUB_TOKEN=${R} gh pr list`],
    ['assignment', 'export AWS_SECRET_ACCESS_KEY="wJalr XUtn"', `export AWS_SECRET_ACCESS_KEY="${R}"`],
    ['assignment', "export OPENAI_API_KEY='abc'", `export OPENAI_API_KEY='${R}'`],
    ['assignment', 'MY_SECRET=abc; STRIPE_KEY=def ./run', `MY_SECRET=${R}; STRIPE_KEY=${R} ./run`],
    ['assignment', 'docker run -e DB_PASSWORD=pw img', `docker run -e DB_PASSWORD=${R} img`],
    ['assignment', 'PGPASSWORD=pw psql -h db', `PGPASSWORD=${R} psql -h db`],
    ['assignment', 'deploy --api-key=abc123', `deploy --api-key=${R}`],
    ['flag', 'cli --token abc123 --verbose', `cli --token ${R} --verbose`],
    ['flag', 'vault login --password "pa ss"', `vault login --password "${R}"`],
    ['user-password', 'curl -u admin:hunter2 https://x', `curl -u admin:${R} https://x`],
    ['mysql-password', 'mysql -uroot -phunter2 db', `mysql -uroot -p${R} db`],
    ['token', 'echo AKIAIOSFODNN7EXAMPLE', `echo ${R}`],
    ['token', 'echo ghp_abcdefghijklmnopqrstuvwxyz0123456789', `echo ${R}`],
    [
      'private-key',
      'cat > k <<E\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n-----END OPENSSH PRIVATE KEY-----\nE',
      `cat > k <<E\n-----BEGIN OPENSSH PRIVATE KEY-----${R}-----END OPENSSH PRIVATE KEY-----\nE`,
    ],
  ])('%s: %s', (kind, line, want) => {
    const r = redactSecrets(line);
    expect(r.text).toBe(want);
    expect(r.kinds).toContain(kind);
  });

  it.each([
    'rm -rf /tmp/foo',
    'mkdir -p dir',
    'docker run -u 1000:1000 img',
    'TOKEN=$GITHUB_TOKEN ./run',
    'NPM_TOKEN="$(cat ~/.npmrc)" npm publish',
    'cd $PWD && PWD=/tmp ls',
    'gh auth login --with-token < token.txt',
    'git clone git@github.com:org/repo.git',
    'curl https://example.com:8443/path@x',
  ])('leaves alone: %s', (line) => {
    expect(redactSecrets(line)).toEqual({ text: line, kinds: [] });
  });
});

describe('redaction in the stored entry', () => {
  it('happens before hashing: no secret on disk, kinds recorded, chain verifies', () => {
    const dir = tempDir();
    const line = 'GITHUB_TOKEN=ghp_live123 curl -H "Authorization: Bearer tok-777" https://bob:pw-999@h/x';
    expect(appendAuditEvent(event({ line, note: 'retry with API_KEY=key-555' }), { dir })).toEqual({ ok: true });
    const raw = readFileSync(join(dir, 'audit.jsonl'), 'utf8');
    for (const secret of ['ghp_live123', 'tok-777', 'pw-999', 'key-555']) expect(raw).not.toContain(secret);
    const entry = JSON.parse(raw);
    expect(entry.redacted).toEqual(['assignment', 'authorization', 'url-password']);
    expect(verifyLog(dir).ok).toBe(true);
  });
});
