/*
 * The OS keyring backend with a real Secret Service: a private D-Bus session bus (a socket path in a
 * private runtime directory, as systemd gives a login session) and gnome-keyring-daemon, unlocked
 * with a test password. Skipped, saying why, where dbus-daemon or gnome-keyring-daemon is missing
 * (.ci/run installs gnome-keyring). Checks: the keyring is chosen and used, an agent's contained
 * command cannot reach it, and an abstract bus (reachable from any network namespace sharer) is
 * refused in favour of the encrypted file.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyringUnsafeReason } from '../../src/vault/backend-keyring.js';
import { quickHash } from '../../src/util/quick-hash.js';
import { ROOT, runShAsync } from '../helpers/cli.js';
import { filesContaining, startServer, vault, vaultSandbox, type LoopbackServer, type VaultSandbox } from './helpers.js';

const has = (bin: string) => spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;
const missing = ['dbus-daemon', 'gnome-keyring-daemon', 'dbus-send'].filter((b) => !has(b));
const VALUE = 'kr-77aa88bb99cc-secret';

describe('keyring address check', () => {
  it('uses the keyring only when the session bus is a socket path inside the hidden runtime directory', () => {
    expect(keyringUnsafeReason({ XDG_RUNTIME_DIR: '/run/user/1000', DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1000/bus' })).toBeNull();
    expect(keyringUnsafeReason({ XDG_RUNTIME_DIR: '/run/user/1000' })).toBeNull();
    expect(keyringUnsafeReason({ XDG_RUNTIME_DIR: '/run/user/1000', DBUS_SESSION_BUS_ADDRESS: 'unix:abstract=/tmp/dbus-XYZ,guid=1' })).toMatch(
      /not a socket path/,
    );
    expect(keyringUnsafeReason({ XDG_RUNTIME_DIR: '/run/user/1000', DBUS_SESSION_BUS_ADDRESS: 'unix:path=/tmp/dbus-XYZ' })).toMatch(
      /outside \/run\/user\/1000/,
    );
    expect(keyringUnsafeReason({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/tmp/bus' })).toMatch(/XDG_RUNTIME_DIR is unset/);
    expect(keyringUnsafeReason({})).toMatch(/no D-Bus session bus/);
  });
});

describe.skipIf(missing.length > 0)(`the OS keyring backend (skipped here: ${missing.join(', ') || 'nothing'} missing; apt-get install gnome-keyring)`, () => {
  let sb: VaultSandbox;
  let server: LoopbackServer;
  const children: ChildProcess[] = [];
  let busEnv: NodeJS.ProcessEnv;

  function busAnswers(name: string): boolean {
    const r = spawnSync(
      'dbus-send',
      ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', `string:${name}`],
      { env: busEnv, encoding: 'utf8' },
    );
    return r.status === 0 && /boolean true/.test(r.stdout);
  }

  async function until(what: string, ok: () => boolean): Promise<void> {
    for (let i = 0; i < 200; i++) {
      if (ok()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  beforeAll(async () => {
    server = await startServer();
    const base = vaultSandbox({ SHELLGATE_VAULT_BACKEND: '' });
    const runtime = join(base.dir, 'run');
    mkdirSync(runtime, { mode: 0o700 });
    busEnv = { ...base.env, XDG_RUNTIME_DIR: runtime, DBUS_SESSION_BUS_ADDRESS: `unix:path=${runtime}/bus` };
    delete busEnv.SHELLGATE_VAULT_BACKEND;
    sb = { ...base, env: busEnv, agentEnv: { ...busEnv, CLAUDECODE: '1' } };
    children.push(
      spawn('dbus-daemon', ['--config-file=/usr/share/dbus-1/session.conf', `--address=unix:path=${runtime}/bus`, '--nofork', '--nopidfile'], {
        env: busEnv,
        stdio: 'ignore',
      }),
    );
    await until('the session bus', () => busAnswers('org.freedesktop.DBus'));
    const keyring = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], { env: busEnv, stdio: ['pipe', 'ignore', 'ignore'] });
    keyring.stdin!.end('test-password');
    children.push(keyring);
    await until('the Secret Service', () => busAnswers('org.freedesktop.secrets'));
  }, 30_000);

  afterAll(async () => {
    for (const c of children.reverse()) c.kill('SIGTERM');
    await server?.close();
  });

  it('is chosen, used for an in-scope command, and named by vault list', async () => {
    const set = vault(sb, ['set', 'KR_TOKEN', '--env', 'development', '--host', '127.0.0.1'], VALUE);
    expect(set.status, set.stderr).toBe(0);
    expect(set.stdout).toMatch(/OS keyring/);
    expect(vault(sb, ['list']).stdout).toMatch(/^backend: OS keyring/m);
    const out = await runShAsync(['-c', `curl -s -H "Authorization: Bearer $KR_TOKEN" http://127.0.0.1:${server.port}/keyring`], {
      env: sb.agentEnv,
      cwd: sb.project,
    });
    expect(out.stdout, out.stderr).toBe('ok Bearer [vault:KR_TOKEN]\n');
    expect(server.received.map((r) => r.auth)).toEqual([`Bearer ${VALUE}`]);
  });

  it('cannot be read by an agent command (its container hides the session bus)', async () => {
    const account = `${quickHash(sb.env.SHELLGATE_STATE_DIR!)}/KR_TOKEN`;
    const code = `try { console.log('got', new (require(${JSON.stringify(join(ROOT, 'node_modules', '@napi-rs', 'keyring'))}).Entry)('shellgate-vault', ${JSON.stringify(account)}).getPassword()) } catch (e) { console.log('refused', e.message) }`;
    const out = await runShAsync(['-c', `node -e ${JSON.stringify(code).replace(/\$/g, '\\$')}`], { env: sb.agentEnv, cwd: sb.project });
    expect(out.stdout + out.stderr).not.toContain(VALUE);
    expect(out.stdout).toMatch(/^(refused|got null)/);
    // The same read outside the container does get it: the test reads the right entry.
    const outside = spawnSync(process.execPath, ['-e', code], { env: busEnv, encoding: 'utf8' });
    expect(outside.stdout).toContain(VALUE);
  });

  it('leaves no value in plain text under the state, config, home or project directories', () => {
    for (const dir of [sb.env.SHELLGATE_STATE_DIR!, sb.env.SHELLGATE_CONFIG_DIR!, sb.home, sb.project]) expect(filesContaining(dir, VALUE)).toEqual([]);
  });

  it('is refused for an abstract bus address: the encrypted file is used instead', () => {
    const other = vaultSandbox({ SHELLGATE_VAULT_BACKEND: '' });
    const env = { ...other.env, XDG_RUNTIME_DIR: busEnv.XDG_RUNTIME_DIR, DBUS_SESSION_BUS_ADDRESS: 'unix:abstract=/tmp/dbus-test,guid=0' };
    delete env.SHELLGATE_VAULT_BACKEND;
    const set = spawnSync(process.execPath, [join(ROOT, 'bin', 'shellgate.cjs'), 'vault', 'set', 'X_TOKEN', '--env', 'development', '--host', '127.0.0.1'], {
      env,
      cwd: other.project,
      input: 'x-value-1234',
      encoding: 'utf8',
    });
    expect(set.status, set.stderr).toBe(0);
    expect(set.stdout).toMatch(/encrypted file[\s\S]*not a socket path: agent commands could reach the Secret Service/);
  });
});
