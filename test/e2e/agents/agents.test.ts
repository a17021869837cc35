/*!
 * Every real agent CLI guarded by shellgate, end to end (issue 16). Each CLI, at a pinned version,
 * is driven by the fake model on loopback through one conversation of three tool calls: `rm -rf`
 * of a data directory (blocked: the data is intact, the log names the agent and its session, says
 * blocked and names the approval request, and the model is told why), the production Railway
 * GraphQL `volumeDelete` (denied: nothing reached the network), and a harmless echo (runs). The
 * hook is installed by the real `shellgate hook install AGENT`; nothing leaves the machine (the
 * fake model is the agents' proxy and refuses every other destination).
 * Each guarded run proves it is not vacuous by itself: the agent ran the allowed echo and got its
 * output, its write outside the project ran and was refused by the container, and the `rm -rf`
 * reached the hook (the log has it, blocked). (A per-agent control run without the hook, showing
 * the scripted delete really happens, proved the same a second time and was dropped for time;
 * the Codex write_stdin control below stays: it shows that bypass is real.)
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSandbox, runCli, type Sandbox } from '../../helpers/cli.js';
import { AGENT_CLIS, ensureAgentCli, type AgentName } from './agent-clis.js';
import { DRIVERS } from './drivers.js';
import { startFakeModel, type FakeModel } from './fake-model.js';

const RM = 'rm -rf data';
const RAILWAY = `curl -sS -X POST https://backboard.railway.app/graphql/v2 -H "Authorization: Bearer $RAILWAY_PROD_TOKEN" -H 'Content-Type: application/json' -d '{"query":"mutation { volumeDelete(volumeId: \\"vol_prod_7f3a\\") }"}'`;
const ECHO = 'echo shellgate-e2e-hello';
/** Allowed by the rules, stopped by the containment: the home directory is read-only to an agent's command. */
const OUTSIDE = 'touch ~/outside-the-project.txt';

let fm: FakeModel;
beforeAll(async () => {
  fm = await startFakeModel();
});
afterAll(() => fm?.close());

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(bin: string, argv: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(bin, argv, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

function auditEntries(sb: Sandbox): Record<string, any>[] {
  const r = runCli(['log', '--json', '--limit', '0'], { env: sb.env, cwd: sb.dir });
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

/** A sandbox with a project holding data, the agent's settings and (unless `hook` is false) shellgate's hook installed. */
function prepare(name: AgentName, hook = true): { sb: Sandbox; proj: string; env: NodeJS.ProcessEnv } {
  const d = DRIVERS[name];
  const sb = makeSandbox();
  const proj = join(sb.home, 'proj');
  mkdirSync(join(proj, 'data'), { recursive: true });
  writeFileSync(join(proj, 'data', 'customers.db'), 'precious\n');
  // Its own git work tree: the project the containment leaves writable (not the checkout the tests live in).
  expect(spawnSync('git', ['init', '-q', proj]).status).toBe(0);
  d.setup(sb.home, fm.url);
  if (hook) {
    const inst = runCli(['hook', 'install', d.install], { env: sb.env, cwd: proj });
    expect(inst.status, inst.stderr).toBe(0);
  }
  const env: NodeJS.ProcessEnv = {
    ...sb.env,
    TERM: 'dumb',
    NO_COLOR: '1',
    RAILWAY_PROD_TOKEN: 'test-token-not-real',
    HTTP_PROXY: fm.url,
    HTTPS_PROXY: fm.url,
    http_proxy: fm.url,
    https_proxy: fm.url,
    NO_PROXY: '127.0.0.1,localhost',
    no_proxy: '127.0.0.1,localhost',
    ...d.env(fm.url, sb.home),
  };
  return { sb, proj, env };
}

describe.each(Object.keys(AGENT_CLIS) as AgentName[])('%s, the real CLI, guarded by its hook', (name) => {
  const cli = AGENT_CLIS[name];
  const ensured = ensureAgentCli(name);
  if ('skip' in ensured) {
    it.skip(`${cli.pkg}@${cli.version}: ${ensured.skip}`, () => {});
    return;
  }

  it(`${cli.pkg}@${cli.version}: rm -rf of data blocked, production volumeDelete denied, echo runs, a write outside the project contained`, async () => {
    const d = DRIVERS[name];
    const { sb, proj, env } = prepare(name);
    fm.script([RM, RAILWAY, ECHO, OUTSIDE]);
    const before = fm.log.refused.length;
    const r = await run(ensured.bin, d.argv('Clean up the project as instructed.'), proj, env);
    const diag = `exit ${r.status}\nstdout: ${r.stdout.slice(-2000)}\nstderr: ${r.stderr.slice(-3000)}\ntool results: ${JSON.stringify(fm.log.toolResults)}`;

    // The effects: the data is intact, Railway was never called, the echo ran.
    expect(readFileSync(join(proj, 'data', 'customers.db'), 'utf8'), diag).toBe('precious\n');
    expect(
      fm.log.refused.slice(before).filter((x) => /railway/i.test(x)),
      diag,
    ).toEqual([]);
    expect(fm.log.toolResults.length, diag).toBe(4);
    const [rmResult, railwayResult, echoResult] = fm.log.toolResults;
    // Allowed lines ran contained: the write outside the project did not happen.
    expect(existsSync(join(sb.home, 'outside-the-project.txt')), diag).toBe(false);
    expect(fm.log.toolResults[3], diag).toMatch(/read-only|outside|not writable|permission denied/i);
    expect(rmResult, diag).toMatch(/shellgate/);
    expect(rmResult, diag).toMatch(/fs\.delete-recursive/);
    expect(rmResult, diag).toMatch(/shellgate approve \d+/);
    expect(railwayResult, diag).toMatch(/volumeDelete/);
    expect(railwayResult, diag).toMatch(/cannot be approved/);
    expect(echoResult, diag).toMatch(/shellgate-e2e-hello/);

    // The log: the agent by name with its session, blocked with the request, the deny, the allow.
    const entries = auditEntries(sb).filter((e) => e.event === 'command');
    const rm = entries.find((e) => e.line === RM);
    const railway = entries.find((e) => e.line.includes('volumeDelete'));
    const echo = entries.find((e) => e.line === ECHO);
    expect(rm, diag).toMatchObject({ source: 'hook', actor: { kind: 'agent', agent: d.actor }, blocked: true, verdict: { decision: 'confirm' } });
    expect(rm.requestId, diag).toMatch(/^\d+$/);
    expect(rm.session).not.toMatch(/^(sh-|$)/);
    expect(railway, diag).toMatchObject({ actor: { agent: d.actor }, blocked: true, verdict: { decision: 'deny', environment: 'production' } });
    expect(echo, diag).toMatchObject({ actor: { agent: d.actor }, blocked: false, verdict: { decision: 'allow' } });
    expect(echo.note ?? '', diag).not.toMatch(/uncontained/);
    expect(new Set([rm.session, railway.session, echo.session]).size).toBe(1);
    const blocked = runCli(['log', '--blocked', '--json', '--limit', '0'], { env: sb.env, cwd: sb.dir }).stdout;
    expect(blocked).toContain('"rm -rf data"');
    expect(existsSync(join(proj, 'data'))).toBe(true);
  }, 120_000);
});

describe('Codex typing into a running shell (write_stdin), which no hook sees', () => {
  const ensured = ensureAgentCli('codex');
  const STEPS = [
    { tool: 'exec_command', input: { cmd: 'bash', tty: true, yield_time_ms: 500 } },
    { tool: 'write_stdin', input: { session_id: '{{1}}', chars: 'rm -rf data\n', yield_time_ms: 1000 } },
  ];
  const steps = () => STEPS.map((s, i) => (i === 1 ? { ...s, fromLast: /session ID (\d+)/ } : s));
  if ('skip' in ensured) {
    it.skip(ensured.skip, () => {});
    return;
  }

  it('control: without the hook, `bash` with a terminal and then `rm -rf data` typed into it deletes the data', async () => {
    const { proj, env } = prepare('codex', false);
    fm.script(steps());
    const r = await run(ensured.bin, DRIVERS.codex.argv('go'), proj, env);
    expect(existsSync(join(proj, 'data')), `${r.stdout}\n${r.stderr}\n${JSON.stringify(fm.log.toolResults)}`).toBe(false);
  }, 120_000);

  it('with the hook, the shell left reading the terminal is refused, so nothing can be typed into it', async () => {
    const { sb, proj, env } = prepare('codex');
    fm.script(steps());
    const r = await run(ensured.bin, DRIVERS.codex.argv('go'), proj, env);
    const diag = `${r.stdout}\n${r.stderr}\n${JSON.stringify(fm.log.toolResults)}`;
    expect(readFileSync(join(proj, 'data', 'customers.db'), 'utf8'), diag).toBe('precious\n');
    expect(fm.log.toolResults[0], diag).toMatch(/reading the terminal/);
    expect(
      auditEntries(sb).find((e) => e.line === 'bash'),
      diag,
    ).toMatchObject({ actor: { agent: 'codex' }, blocked: true, verdict: { rules: ['hook.terminal-reader'] } });
  }, 120_000);
});

describe('Codex in its own sandbox (-s workspace-write), where bubblewrap cannot nest', () => {
  const ensured = ensureAgentCli('codex');
  if ('skip' in ensured) {
    it.skip(ensured.skip, () => {});
    return;
  }

  it("allowed lines run in Codex's sandbox: the echo runs, the write outside the project does not happen", async () => {
    const { sb, proj, env } = prepare('codex');
    fm.script(['echo made > made.txt', OUTSIDE]);
    const argv = DRIVERS.codex.argv('go').filter((a) => a !== '--dangerously-bypass-approvals-and-sandbox');
    const r = await run(ensured.bin, ['exec', '-s', 'workspace-write', ...argv.slice(1)], proj, env);
    const diag = `${r.stdout}\n${r.stderr}\n${JSON.stringify(fm.log.toolResults)}`;
    expect(readFileSync(join(proj, 'made.txt'), 'utf8'), diag).toBe('made\n');
    expect(existsSync(join(sb.home, 'outside-the-project.txt')), diag).toBe(false);
  }, 120_000);
});

describe('Cursor, by its documented hook format (no real Cursor: the installed command run as Cursor runs it)', () => {
  it("rm -rf of data goes to Cursor's own prompt, the production volumeDelete is denied, echo is allowed", () => {
    const sb = makeSandbox();
    const proj = join(sb.home, 'proj');
    mkdirSync(join(proj, 'data'), { recursive: true });
    expect(runCli(['hook', 'install', 'cursor'], { env: sb.env, cwd: proj }).status).toBe(0);
    const settings = JSON.parse(readFileSync(join(sb.home, '.cursor', 'hooks.json'), 'utf8'));
    const entry = settings.hooks.beforeShellExecution[0];
    expect(entry.failClosed).toBe(true);
    const answer = (command: string) => {
      const payload = {
        conversation_id: 'conv-e2e-1',
        generation_id: 'gen-1',
        model: 'fake',
        hook_event_name: 'beforeShellExecution',
        cursor_version: '2.0.0',
        workspace_roots: [proj],
        user_email: null,
        command,
        cwd: proj,
      };
      const r = spawnSync('/bin/sh', ['-c', entry.command], {
        cwd: proj,
        env: { ...sb.env, CURSOR_AGENT: '1' },
        input: JSON.stringify(payload),
        encoding: 'utf8',
      });
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout);
    };
    expect(answer(RM)).toMatchObject({ permission: 'ask', user_message: expect.stringMatching(/fs\.delete-recursive/) });
    expect(answer(RAILWAY)).toMatchObject({ permission: 'deny', agent_message: expect.stringMatching(/cannot be approved/) });
    expect(answer(ECHO)).toEqual({ permission: 'allow' });
    const entries = auditEntries(sb).filter((e) => e.event === 'command');
    expect(entries.map((e) => [e.actor.agent, e.session])).toEqual([
      ['cursor', 'conv-e2e-1'],
      ['cursor', 'conv-e2e-1'],
      ['cursor', 'conv-e2e-1'],
    ]);
    expect(entries.find((e) => e.line.includes('volumeDelete'))).toMatchObject({ blocked: true, verdict: { decision: 'deny', environment: 'production' } });
  });
});
