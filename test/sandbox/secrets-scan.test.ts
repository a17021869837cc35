// Issue 8: `shellgate secrets scan` finds an AWS key, a GitHub token and a .env in a working tree,
// reports file:line and kind, never prints a secret, and can add the files to the sandbox masks.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeAwsSecret, fakeGithubToken } from './helpers/fake-secrets.js';
import { makeTempHome, type TempHome } from './helpers/temp-home.js';
import { runSandboxed } from './helpers/run-sandboxed.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(REPO, 'bin', 'shellgate.js');
const FIXTURE = join(REPO, 'test', 'fixtures', 'secrets', 'tree');
const AWS = fakeAwsSecret('fixture-aws');
const GITHUB = fakeGithubToken('fixture-github');
const DB_PASSWORD = 'fixture-db-password-3f9a';

let t: TempHome;
let tree: string;
beforeEach(() => {
  t = makeTempHome();
  tree = join(t.home, 'work', 'tree');
  cpSync(FIXTURE, tree, { recursive: true });
});
afterEach(() => t.cleanup());

/** Writes the three credentials into the copied fixture tree. */
function plantSecrets(): void {
  writeFileSync(join(tree, 'config/credentials'), `[default]\nregion = eu-west-1\naws_secret_access_key = ${AWS}\n`);
  const app = readFileSync(join(tree, 'src/app.js'), 'utf8');
  writeFileSync(join(tree, 'src/client.js'), `${app}// TODO remove before commit\nconst fallback = "${GITHUB}";\n`);
  writeFileSync(join(tree, '.env'), `# local settings\nDATABASE_URL=postgres://localhost/demo\nDATABASE_PASSWORD=${DB_PASSWORD}\nDEBUG=\n`);
}

function scan(...args: string[]) {
  const res = spawnSync(process.execPath, [CLI, 'secrets', 'scan', ...args], { env: { ...t.env }, encoding: 'utf8' });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

function expectNoSecrets(text: string): void {
  for (const secret of [AWS, GITHUB, DB_PASSWORD, AWS.slice(0, 12), GITHUB.slice(4, 16)]) expect(text).not.toContain(secret);
}

describe('secrets scan', () => {
  it('finds the AWS key, the GitHub token and the .env with file:line, and prints no secret', () => {
    plantSecrets();
    const r = scan(tree);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines).toContain('.env:2:1  dotenv value DATABASE_URL  [dotenv]');
    expect(lines).toContain('.env:3:1  dotenv value DATABASE_PASSWORD  [dotenv]');
    expect(lines).toContain('config/credentials:3:1  AWS Secret Access Key  [aws]');
    expect(lines.some((l) => /^src\/client\.js:7:\d+ {2}GITHUB token {2}\[github\]$/.test(l))).toBe(true);
    expect(r.stdout).not.toMatch(/\.env\.example|app\.js|settings\.ini|README/);
    expect(r.stdout).toContain('4 findings in 3 files');
    expectNoSecrets(r.stdout + r.stderr);
  });

  it('offers to mask the files the sandbox would still show (the .env is masked already)', () => {
    plantSecrets();
    const r = scan(tree);
    expect(r.stdout).toContain('Readable inside the sandbox (not masked): config/credentials, src/client.js');
    expect(r.stdout).toContain(`shellgate secrets scan ${tree} --add-to-mask`);
  });

  it('prints JSON with --json', () => {
    plantSecrets();
    const r = scan(tree, '--json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { findings: { file: string; line: number; rule: string; masked: boolean }[] };
    const summary = out.findings.map((f) => `${f.file}:${f.line}:${f.rule}:${f.masked}`);
    expect(summary).toEqual(['.env:2:dotenv:true', '.env:3:dotenv:true', 'config/credentials:3:aws:false', 'src/client.js:7:github:false']);
    expectNoSecrets(r.stdout);
  });

  it('--add-to-mask adds the files to sandbox.yaml, and the sandbox then hides them', async () => {
    plantSecrets();
    const r = scan(tree, '--add-to-mask');
    expect(r.stdout).toContain('Added 2 paths to the sandbox mask list');
    const config = readFileSync(join(t.configDir, 'sandbox.yaml'), 'utf8');
    expect(config).toContain(join(tree, 'config/credentials'));
    expect(config).toContain(join(tree, 'src/client.js'));
    const inside = await runSandboxed('wc -c < config/credentials; wc -c < src/client.js; wc -c < .env', { cwd: tree, env: t.env });
    expect(inside.stdout).toBe('0\n0\n0\n');
    expect(scan(tree).stdout).not.toContain('not masked');
  });

  it('skips .git, node_modules and binary files; a clean tree exits 0', () => {
    for (const dir of ['node_modules/pkg', '.git']) {
      mkdirSync(join(tree, dir), { recursive: true });
      writeFileSync(join(tree, dir, 'leak.js'), `const t = "${GITHUB}";\n`);
    }
    writeFileSync(join(tree, 'blob.bin'), Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(GITHUB)]));
    const r = scan(tree);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^0 findings in 0 files \(\d+ files scanned, 1 binary or large skipped\)/);
  });

  it.each([
    [['--bogus'], /unknown option '--bogus'/],
    [['/nonexistent/dir'], /\/nonexistent\/dir: no such directory/],
  ])('rejects bad usage %j with a message, not a stack trace', (args, message) => {
    const r = scan(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
