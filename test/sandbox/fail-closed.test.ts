// Issue 8: when the sandbox is asked for and cannot be set up, sandboxCommand throws a
// SandboxError that says why; it never returns an unsandboxed command.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sandboxCommand, SandboxError } from '../../src/sandbox/index.js';
import { UserError } from '../../src/core/user-error.js';
import { makeTempHome, type TempHome } from './helpers/temp-home.js';

let t: TempHome;
let project: string;
beforeEach(() => {
  t = makeTempHome();
  project = join(t.home, 'proj');
  mkdirSync(project);
});
afterEach(() => t.cleanup());

/** A stand-in bwrap that fails the way bwrap does where user namespaces are disabled. */
function brokenBwrap(message: string): string {
  const file = join(t.home, `bwrap-broken-${Math.abs(hash(message))}`);
  writeFileSync(file, `#!/bin/sh\necho 'bwrap: ${message}' >&2\nexit 1\n`);
  chmodSync(file, 0o755);
  return file;
}

function hash(s: string): number {
  return [...s].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7);
}

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a throw');
}

describe('sandboxCommand fails closed', () => {
  it('when bwrap is not installed', () => {
    const err = thrown(() => sandboxCommand('bash', [], { cwd: project, env: t.env, bwrap: join(t.home, 'no-bwrap') }));
    expect(err).toBeInstanceOf(SandboxError);
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(/not an executable file.*apt-get install bubblewrap/);
  });

  it('does not look for bwrap on PATH (a PATH without it still finds the root-owned one)', () => {
    const saved = process.env.PATH;
    process.env.PATH = join(t.home, 'empty-bin');
    try {
      expect(sandboxCommand('bash', [], { cwd: project, env: t.env }).file).toMatch(/^\/(usr\/(local\/)?)?bin\/bwrap$/);
    } finally {
      process.env.PATH = saved;
    }
  });

  it('when bwrap cannot create namespaces, with its reason and a hint', () => {
    const bwrap = brokenBwrap('No permissions to creating new namespace, likely because the kernel does not allow non-privileged user namespaces.');
    const err = thrown(() => sandboxCommand('bash', [], { cwd: project, env: t.env, bwrap }));
    expect(err).toBeInstanceOf(SandboxError);
    expect(err.message).toContain('cannot create a sandbox on this machine');
    expect(err.message).toContain('non-privileged user namespaces');
    expect(err.message).toMatch(/User namespaces look disabled/);
  });

  it('when the user sandbox.yaml is broken', () => {
    t.put('.config/shellgate/sandbox.yaml', 'mask: ~/.aws\n');
    expect(() => sandboxCommand('bash', [], { cwd: project, env: t.env })).toThrow(/sandbox\.yaml:1: "mask" must be a list/);
  });

  it('when the working directory does not exist', () => {
    expect(() => sandboxCommand('bash', [], { cwd: join(t.home, 'gone'), env: t.env })).toThrow(/working directory .*gone does not exist/);
  });
});
