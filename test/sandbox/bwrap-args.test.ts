// Issue 8: the bwrap command line, layer by layer (pure mapping, no bwrap needed).
import { describe, expect, it } from 'vitest';
import { buildBwrapArgs, type SandboxPlan } from '../../src/sandbox/index.js';

const plan = (over: Partial<SandboxPlan> = {}): SandboxPlan => ({
  cwd: '/home/u/proj/sub',
  projectRoot: '/home/u/proj',
  privateTmp: null,
  reexpose: [],
  writable: ['/tmp', '/home/u', '/home/u/proj'],
  readOnly: ['/home/u/.local/state/shellgate', '/home/u/.config/shellgate'],
  hidden: [],
  masks: [
    { path: '/home/u/.aws', kind: 'dir' },
    { path: '/home/u/proj/.env', kind: 'file' },
  ],
  maskSearchTruncated: false,
  emptyFile: '/home/u/.local/state/shellgate/sandbox/empty',
  net: 'open',
  newSession: true,
  ...over,
});

/** Index of the first `flag` whose next arguments are `rest`. */
function at(args: string[], flag: string, ...rest: string[]): number {
  return args.findIndex((a, i) => a === flag && rest.every((r, j) => args[i + 1 + j] === r));
}

describe('buildBwrapArgs', () => {
  it('layers read-only root, writable dirs, protected dirs, then masks', () => {
    const args = buildBwrapArgs(plan(), 'bash', ['-c', 'true']);
    const root = at(args, '--ro-bind', '/', '/');
    const home = at(args, '--bind', '/home/u', '/home/u');
    const state = at(args, '--ro-bind', '/home/u/.local/state/shellgate', '/home/u/.local/state/shellgate');
    const aws = at(args, '--tmpfs', '/home/u/.aws');
    const env = at(args, '--ro-bind', '/home/u/.local/state/shellgate/sandbox/empty', '/home/u/proj/.env');
    expect([root, home, state, aws, env].every((i) => i >= 0)).toBe(true);
    expect(root).toBeLessThan(home);
    expect(home).toBeLessThan(state);
    expect(state).toBeLessThan(aws);
    expect(state).toBeLessThan(env);
  });

  it('drops capabilities, isolates pids, dies with its parent and ends with the command', () => {
    const args = buildBwrapArgs(plan(), 'bash', ['-c', 'echo hi']);
    expect(at(args, '--cap-drop', 'ALL')).toBeGreaterThan(0);
    expect(args).toContain('--unshare-pid');
    expect(args).toContain('--die-with-parent');
    expect(args).toContain('--new-session');
    expect(at(args, '--chdir', '/home/u/proj/sub')).toBeGreaterThan(0);
    expect(args.slice(-4)).toEqual(['--', 'bash', '-c', 'echo hi']);
  });

  it('cuts the network only for net none', () => {
    expect(buildBwrapArgs(plan(), 'bash', [])).not.toContain('--unshare-net');
    expect(buildBwrapArgs(plan({ net: 'none' }), 'bash', [])).toContain('--unshare-net');
  });

  it('keeps the controlling terminal for an interactive shell', () => {
    expect(buildBwrapArgs(plan({ newSession: false }), 'bash', ['-i'])).not.toContain('--new-session');
  });

  it('marks the environment so nested tools know they are sandboxed', () => {
    const args = buildBwrapArgs(plan(), 'bash', []);
    expect(at(args, '--setenv', 'SHELLGATE_IN_SANDBOX', '1')).toBeGreaterThan(0);
  });
});
