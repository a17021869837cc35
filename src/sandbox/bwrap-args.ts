/*!
 * Maps a SandboxPlan to bubblewrap's argument list. Pure: no file system access, so the exact
 * layering can be unit-tested. Order matters, later mounts cover earlier ones:
 * read-only root → fresh /dev and /proc → writable directories → shellgate's own directories
 * read-only → masks last, so that nothing bound afterwards can uncover a credential store.
 */
import type { SandboxPlan } from './plan.js';
import { IN_SANDBOX_ENV } from './inside.js';
import { baseIsolationArgs } from './probe.js';

/** bwrap arguments that run `file args` under `plan`. */
export function buildBwrapArgs(plan: SandboxPlan, file: string, args: readonly string[]): string[] {
  const out = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc'];
  for (const dir of plan.writable) out.push('--bind', dir, dir);
  for (const dir of plan.readOnly) out.push('--ro-bind', dir, dir);
  for (const mask of plan.masks) {
    if (mask.kind === 'dir') out.push('--tmpfs', mask.path);
    else out.push('--ro-bind', emptyFileOf(plan), mask.path);
  }
  out.push(...baseIsolationArgs(plan.net));
  if (plan.newSession) out.push('--new-session');
  out.push('--setenv', IN_SANDBOX_ENV, '1');
  out.push('--chdir', plan.cwd, '--', file, ...args);
  return out;
}

function emptyFileOf(plan: SandboxPlan): string {
  if (!plan.emptyFile) throw new Error('internal: a file mask needs plan.emptyFile');
  return plan.emptyFile;
}
