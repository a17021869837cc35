/*!
 * `shellgate hook AGENT` through the classifier daemon, with real processes: the first call
 * answers in-process and starts the daemon; later calls are answered by it — byte for byte what
 * the in-process hook prints, one audit entry each, the client's cwd for payloads that name none —
 * and a daemon that is gone leaves the hook answering in-process.
 */
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAEMON_AGENTS } from '../../src/hooks/fast.js';
import { HOOK_ADAPTERS } from '../../src/hooks/run.js';
import { DAEMON_ENV, FIXTURES, daemonPids, makeSandbox, runCli, sleep, stopDaemons, type Sandbox } from '../helpers/cli.js';

let sb: Sandbox;
const hook = (agent: string, input: string, extra: NodeJS.ProcessEnv = {}) => runCli(['hook', agent], { env: { ...sb.env, ...extra }, cwd: sb.dir, input });
const inProcess = { SHELLGATE_DAEMON: '0' };

async function daemonUp(): Promise<number> {
  for (let i = 0; i < 100 && daemonPids(sb).length === 0; i++) await sleep(50);
  expect(daemonPids(sb)).toHaveLength(1);
  return daemonPids(sb)[0]!;
}

function audit(): { line: string; pid: number; daemon?: number; source: string }[] {
  const dir = join(sb.env.SHELLGATE_STATE_DIR!, 'audit');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean))
    .map((l) => JSON.parse(l) as { line: string; pid: number; daemon?: number; source: string });
}

const fixtures = (['claude-code', 'gemini-cli', 'cursor'] as const).flatMap((agent) =>
  readdirSync(join(FIXTURES, agent))
    .filter((f) => f.endsWith('.json'))
    .map((f) => [agent, f, readFileSync(join(FIXTURES, agent, f), 'utf8')] as const),
);

beforeEach(() => {
  sb = makeSandbox(DAEMON_ENV);
});
afterEach(() => stopDaemons(sb));

describe('shellgate hook through the classifier daemon', () => {
  it('the first call starts it; every answer is the in-process one, and the daemon wrote it', async () => {
    hook('claude-code', fixtures[0]![2]);
    const pid = await daemonUp();
    for (const [agent, name, payload] of [...fixtures, ['claude-code', 'broken', '{"tool_name": "Bash", "tool_input": '] as const]) {
      const before = audit().length;
      const fast = hook(agent, payload);
      const added = audit().slice(before);
      const slow = hook(agent, payload, inProcess);
      expect({ name, status: fast.status, stdout: fast.stdout, stderr: fast.stderr }).toEqual({
        name,
        status: slow.status,
        stdout: slow.stdout,
        stderr: slow.stderr,
      });
      // decided and written by the daemon, once, in the name of the hook process that asked
      expect(added.length).toBeLessThanOrEqual(1);
      expect(added.every((e) => e.daemon === pid && e.pid !== pid && e.source === 'hook')).toBe(true);
    }
    // one entry per shell command and call (other tools and broken payloads write none); in-process ones name no daemon
    const entries = audit().filter((e) => e.source === 'hook');
    expect(new Set(entries.map((e) => e.pid)).size).toBe(entries.length);
    expect(entries.filter((e) => e.daemon === undefined).length).toBe(entries.filter((e) => e.daemon === pid).length + 1);
  });

  it("judges a payload without a cwd in the hook process's cwd, not the daemon's", async () => {
    const payload = JSON.stringify({ session_id: 's', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'rm -rf ./*' } });
    const project = join(sb.home, 'proj');
    mkdirSync(project);
    const inProject = () => runCli(['hook', 'claude-code'], { env: sb.env, cwd: project, input: payload });
    inProject();
    await daemonUp();
    const out = JSON.parse(inProject().stdout).hookSpecificOutput;
    expect(out.permissionDecision).toBe('ask'); // from `/` it would be `rm -rf /*`: deny
    expect(out.permissionDecisionReason).toMatch(/\.\/\*/);
  });

  it('a daemon that is gone: the hook answers in-process and starts another', async () => {
    const [, , deny] = fixtures.find(([a, n]) => a === 'claude-code' && n === 'bash-deny.json')!;
    hook('claude-code', deny);
    await daemonUp();
    stopDaemons(sb);
    for (let i = 0; i < 40 && daemonPids(sb).length; i++) await sleep(50);
    const r = hook('claude-code', deny);
    expect(JSON.parse(r.stdout).hookSpecificOutput.permissionDecision).toBe('deny');
    await daemonUp();
  });
});

describe('the agents the fast path sends to the daemon', () => {
  it('are exactly the agents shellgate has a hook adapter for', () => {
    expect([...DAEMON_AGENTS].sort()).toEqual(Object.keys(HOOK_ADAPTERS).sort());
  });
});
