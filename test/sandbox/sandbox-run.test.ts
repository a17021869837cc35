// Issue 8: bash really runs under bubblewrap with credential stores masked, shellgate's own
// directories read-only, and ordinary development work (git, npm, editing) still possible.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleSource } from '../helpers/bundle-source.js';
import { sandboxCommand } from '../../src/sandbox/index.js';
import { packageRoot } from '../../src/sandbox/protected-paths.js';
import { makeTempHome, type TempHome } from './helpers/temp-home.js';
import { runSandboxed } from './helpers/run-sandboxed.js';

const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

let t: TempHome;
let project: string;
const opts = () => ({ cwd: project, env: t.env });

beforeAll(() => {
  t = makeTempHome();
  t.put('.railway/config.json', '{"token":"railway-prod-token"}\n');
  t.put('.aws/credentials', '[default]\naws_secret_access_key = prod-aws-secret\n');
  t.put('.aws/config', '[default]\nregion = eu-west-1\n');
  t.put('.ssh/id_ed25519', 'PRIVATE KEY MATERIAL\n');
  t.put('.ssh/known_hosts', 'example.org ssh-ed25519 AAAA\n');
  t.put('.npmrc', '//registry.example/:_authToken=npm-prod-token\n');
  t.put('.local/state/shellgate/audit.jsonl', '{"v":1}\n');
  project = join(t.home, 'projects', 'demo');
  t.put('projects/demo/.env', 'DATABASE_PASSWORD=prod-db-password\n');
  t.put('projects/demo/README.md', '# demo\n');
  t.put('projects/demo/.shellgate/rules.yaml', 'rules: []\n');
});
afterAll(() => t.cleanup());

describe('credential stores are masked', () => {
  it('finds nothing in ~/.railway/config.json and ~/.aws/credentials, and ~/.aws is empty', async () => {
    const r = await runSandboxed('cat ~/.railway/config.json; cat ~/.aws/credentials; echo "ls:[$(ls -A ~/.aws)]"', opts());
    expect(r.stdout).toBe('ls:[]\n');
    expect(r.stderr).toMatch(/config\.json: No such file/);
    expect(r.stdout + r.stderr).not.toMatch(/prod-aws-secret|railway-prod-token/);
  });

  it('reads the project .env, private keys and ~/.npmrc as empty files; other files stay readable', async () => {
    const r = await runSandboxed('wc -c < .env; wc -c < ~/.ssh/id_ed25519; wc -c < ~/.npmrc; cat ~/.ssh/known_hosts', opts());
    expect(r.stdout).toBe('0\n0\n0\nexample.org ssh-ed25519 AAAA\n');
    expect(r.code).toBe(0);
  });

  it('cannot uncover a mask, even when shellgate runs as root', async () => {
    const r = await runSandboxed('umount ~/.aws 2>/dev/null; umount .env 2>/dev/null; cat ~/.aws/credentials .env 2>/dev/null; true', opts());
    expect(r.stdout).toBe('');
  });

  it('keeps writes into a masked directory inside the sandbox', async () => {
    const r = await runSandboxed('echo x > ~/.aws/planted && cat ~/.aws/planted', opts());
    expect(r.stdout).toBe('x\n');
    expect(existsSync(join(t.home, '.aws/planted'))).toBe(false);
    expect(readFileSync(join(t.home, '.aws/credentials'), 'utf8')).toContain('prod-aws-secret');
  });

  it('honours sandbox.yaml: extra masks and trusted unmasks', async () => {
    t.put('.config/stripe/config.toml', 'key = stripe-live\n');
    t.put('.config/shellgate/sandbox.yaml', 'mask: [~/.config/stripe]\nunmask: [~/.npmrc]\n');
    try {
      const r = await runSandboxed('ls -A ~/.config/stripe; cat ~/.npmrc', opts());
      expect(r.stdout).toBe('//registry.example/:_authToken=npm-prod-token\n');
    } finally {
      t.put('.config/shellgate/sandbox.yaml', '');
    }
  });
});

describe("shellgate's own files are read-only", () => {
  it('cannot write to the state or config directory, or the project ruleset', async () => {
    const script = [
      'echo forged >> "$SHELLGATE_STATE_DIR/audit.jsonl" && echo wrote-audit',
      'touch "$SHELLGATE_STATE_DIR/approvals.json" && echo wrote-approvals',
      'touch "$SHELLGATE_CONFIG_DIR/user.yaml" && echo wrote-config',
      'echo "rules: [allow-all]" > .shellgate/rules.yaml && echo wrote-rules',
      'true',
    ].join('; ');
    const r = await runSandboxed(script, opts());
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/Read-only file system/);
    expect(readFileSync(join(t.stateDir, 'audit.jsonl'), 'utf8')).toBe('{"v":1}\n');
    expect(readFileSync(join(project, '.shellgate/rules.yaml'), 'utf8')).toBe('rules: []\n');
  });

  it('cannot modify the installed shellgate package', async () => {
    const pkg = packageRoot();
    expect(pkg).not.toBeNull();
    const r = await runSandboxed(`[ -w ${JSON.stringify(pkg)}/package.json ] && echo writable || echo read-only`, opts());
    expect(r.stdout).toBe('read-only\n');
  });

  it('lets a nested shellgate run commands without a second sandbox', async () => {
    const mod = bundleSource('src/sandbox/index.ts');
    const js = `import(${JSON.stringify(mod)}).then((m) => console.log(JSON.stringify(m.sandboxCommand('bash', ['-c', 'true'], { cwd: '.', env: process.env }))))`;
    const r = await runSandboxed(`echo "$SHELLGATE_IN_SANDBOX"; node -e ${shellQuote(js)}`, opts());
    expect(r.stdout).toBe('1\n{"file":"bash","args":["-c","true"]}\n');
  });

  it('does not take a forged marker outside the sandbox for being inside', () => {
    process.env.SHELLGATE_IN_SANDBOX = '1';
    try {
      expect(sandboxCommand('bash', [], opts()).file).toMatch(/bwrap$/);
    } finally {
      delete process.env.SHELLGATE_IN_SANDBOX;
    }
  });
});

describe('development work still works', () => {
  it('git init && git commit', async () => {
    const script = 'git init -q && git add README.md && git -c user.name=Agent -c user.email=agent@example.org commit -qm first && git log --format=%s';
    const r = await runSandboxed(script, opts());
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('first\n');
    expect(existsSync(join(project, '.git/HEAD'))).toBe(true);
  });

  it('npm --version', async () => {
    const r = await runSandboxed('npm --version', opts());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('editing and creating project files, from a subdirectory too', async () => {
    mkdirSync(join(project, 'src'), { recursive: true });
    const r = await runSandboxed('echo "more" >> ../README.md && printf "x = 1\\n" > new.py', { ...opts(), cwd: join(project, 'src') });
    expect(r.code).toBe(0);
    expect(readFileSync(join(project, 'README.md'), 'utf8')).toBe('# demo\nmore\n');
    expect(readFileSync(join(project, 'src/new.py'), 'utf8')).toBe('x = 1\n');
  });

  it('masks ../.env when started in a subdirectory of the project', async () => {
    const r = await runSandboxed('wc -c < ../.env', { ...opts(), cwd: join(project, 'src') });
    expect(r.stdout).toBe('0\n');
  });
});

describe('network', () => {
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    // The client closes without reading: its reset is expected, not an error of the test.
    server = createServer((s) => {
      s.on('error', () => {});
      s.end('hello\n');
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

  const connect = () => `exec 3<>/dev/tcp/127.0.0.1/${port} && echo connected || echo refused`;

  it('is open by default', async () => {
    const r = await runSandboxed(connect(), opts());
    expect(r.stdout).toBe('connected\n');
  });

  it('is cut with net none: only a private loopback', async () => {
    const r = await runSandboxed(`${connect()}; tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '`, { ...opts(), net: 'none' });
    expect(r.stdout).toBe('refused\nlo\n');
  });
});
