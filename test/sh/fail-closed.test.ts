/*!
 * shellgate-sh fails closed: commands on stdin are judged before bash sees them, a requested
 * sandbox that cannot be built means nothing runs (never unsandboxed), and a file that bash
 * would source first ($BASH_ENV) is judged too. A broken install runs nothing, and the agent
 * hooks then answer in the agent's blocking form.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, SH_BIN, makeSandbox, runSh } from '../helpers/cli.js';

describe('shellgate-sh fails closed', () => {
  it('a blocked unit on stdin is not passed to bash (exit 126, reason on stderr)', () => {
    const sb = makeSandbox();
    mkdirSync(join(sb.home, 'x'));
    const r = runSh([], { env: sb.env, cwd: sb.dir, input: 'rm -rf "$HOME/x"\n' });
    expect(r.status).toBe(126);
    expect(existsSync(join(sb.home, 'x'))).toBe(true);
    expect(r.stderr).toMatch(/commands on stdin/);
    expect(r.stderr).toMatch(/shellgate approve \d+/);
  });

  it('a long-lived session on stdin: each command is judged as it arrives, the session goes on', async () => {
    const sb = makeSandbox();
    mkdirSync(join(sb.home, 'x'));
    const child = spawn(process.execPath, [SH_BIN], { env: sb.env, cwd: sb.dir, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const waitFor = async (check: () => boolean) => {
      while (!check()) await new Promise((r) => setTimeout(r, 20));
    };
    child.stdin.write('echo one\n');
    await waitFor(() => out.includes('one\n'));
    child.stdin.write('rm -rf "$HOME/x"\n');
    await waitFor(() => /shellgate approve \d+/.test(err));
    child.stdin.write('echo "after $?"\n');
    await waitFor(() => out.includes('after 126\n'));
    child.stdin.end();
    const status = await new Promise((r) => child.on('close', r));
    expect(status).toBe(0);
    expect(existsSync(join(sb.home, 'x'))).toBe(true);
  });

  it('a container that cannot be built: refuse, run nothing, name the package', () => {
    const sb = makeSandbox();
    const fake = join(sb.dir, 'fakebin');
    mkdirSync(fake);
    writeFileSync(join(fake, 'bwrap'), '#!/bin/sh\necho "bwrap: no permissions" >&2\nexit 1\n');
    chmodSync(join(fake, 'bwrap'), 0o755);
    mkdirSync(sb.env.SHELLGATE_CONFIG_DIR!, { recursive: true });
    writeFileSync(join(sb.env.SHELLGATE_CONFIG_DIR!, 'sandbox.yaml'), `bwrap: ${join(fake, 'bwrap')}\n`);
    const r = runSh(['-c', 'touch ran'], { env: sb.env, cwd: sb.dir });
    expect(r.status).toBe(126);
    expect(r.stderr).toMatch(/run contained and no container can be built/);
    expect(r.stderr).toMatch(/apt-get install bubblewrap/);
    expect(existsSync(join(sb.dir, 'ran'))).toBe(false);
  });

  it('a fake bwrap or bash first on PATH changes nothing: the trusted ones run', () => {
    const sb = makeSandbox();
    const fake = join(sb.dir, 'fakebin');
    mkdirSync(fake);
    for (const name of ['bwrap', 'bash']) {
      writeFileSync(join(fake, name), `#!/bin/sh\ntouch ${join(sb.dir, `swapped-${name}`)}\nexit 0\n`);
      chmodSync(join(fake, name), 0o755);
    }
    const env = { ...sb.env, PATH: `${fake}:${sb.env.PATH}`, SHELLGATE_BASH: join(fake, 'bash') };
    const r = runSh(['-c', 'echo real'], { env, cwd: sb.dir });
    expect(r.stdout).toBe('real\n');
    expect(existsSync(join(sb.dir, 'swapped-bwrap'))).toBe(false);
    expect(existsSync(join(sb.dir, 'swapped-bash'))).toBe(false);
  });

  it("advisory mode (the user's own config) runs uncontained and logs it", () => {
    const sb = makeSandbox();
    mkdirSync(sb.env.SHELLGATE_CONFIG_DIR!, { recursive: true });
    writeFileSync(join(sb.env.SHELLGATE_CONFIG_DIR!, 'sandbox.yaml'), 'agents: advisory\nbwrap: /nonexistent/bwrap\n');
    const r = runSh(['-c', 'echo ran'], { env: sb.env, cwd: sb.dir });
    expect(r.stdout).toBe('ran\n');
    const log = readFileSync(join(sb.env.SHELLGATE_STATE_DIR!, 'audit', 'audit.jsonl'), 'utf8');
    expect(log).toMatch(/uncontained \(agents: advisory\)/);
  });

  it('judges the $BASH_ENV file that bash would source before the command', () => {
    const sb = makeSandbox();
    mkdirSync(join(sb.home, 'x'));
    const rc = join(sb.dir, 'env.sh');
    writeFileSync(rc, 'rm -rf "$HOME/x"\n');
    const r = runSh(['-c', 'echo hi'], { env: { ...sb.env, BASH_ENV: rc }, cwd: sb.dir });
    expect(r.status).toBe(126);
    expect(r.stderr).toContain(`BASH_ENV ${rc}`);
    expect(existsSync(join(sb.home, 'x'))).toBe(true);
  });
});

describe('a broken install (the bundles are missing)', () => {
  /** A copy of bin/ with no dist/ beside it: what a half-finished install looks like. */
  function brokenBin(name: string): string {
    const root = mkdtempSync(join(tmpdir(), 'sg-broken-'));
    mkdirSync(join(root, 'bin'));
    copyFileSync(join(ROOT, 'bin', name), join(root, 'bin', name));
    writeFileSync(join(root, 'package.json'), '{"type": "module"}\n');
    return join(root, 'bin', name);
  }
  const run = (bin: string, args: string[], input = '') =>
    spawnSync(process.execPath, [bin, ...args], { input, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: tmpdir() } });

  it('shellgate-sh runs nothing and exits 126', () => {
    const r = run(brokenBin('shellgate-sh.cjs'), ['-c', 'echo ran']);
    expect(r.status).toBe(126);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/cannot load shellgate, refusing to run anything/);
  });

  // shellgate.cjs without its bundles, and the shellgate.js of earlier installs without shellgate.cjs
  const bins = ['shellgate.cjs', 'shellgate.js'];
  it.each(bins.flatMap((bin) => ['claude-code', 'gemini'].map((agent) => [bin, agent])))(
    '%s: the %s hook blocks with exit 2 (not a crash the agent ignores)',
    (bin, agent) => {
      const r = run(brokenBin(bin), ['hook', agent], '{"tool_name":"Bash","tool_input":{"command":"rm -rf /"}}');
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/blocked because the guard failed to load/);
    },
  );

  it.each(bins)('%s: the cursor hook answers deny', (bin) => {
    const r = run(brokenBin(bin), ['hook', 'cursor'], '{"command":"rm -rf /","cwd":"/"}');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ permission: 'deny' });
  });
});
