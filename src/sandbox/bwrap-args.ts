/*!
 * Maps a SandboxPlan to bubblewrap's argument list. Pure: no file system access, so the exact
 * layering can be unit-tested. Order matters, later mounts cover earlier ones:
 * read-only root → fresh /dev and /proc → private /tmp → what must stay visible under it →
 * writable directories → shellgate's own directories and protected files read-only → hidden
 * paths → masks last, so that nothing bound afterwards can uncover the guard or a credential store.
 */
import type { SandboxPlan } from './plan.js';
import { IN_SANDBOX_ENV } from './inside.js';
import { baseIsolationArgs } from './probe.js';

/** bwrap arguments that run `file args` under `plan`. */
export function buildBwrapArgs(plan: SandboxPlan, file: string, args: readonly string[]): string[] {
  const out = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc'];
  if (plan.privateTmp) for (const target of plan.privateTmp.targets) out.push('--bind', plan.privateTmp.source, target);
  for (const dir of byDepth(plan.reexpose)) out.push('--ro-bind', dir, dir);
  for (const dir of byDepth(plan.writable)) out.push('--bind', dir, dir);
  for (const dir of byDepth(plan.readOnly)) out.push('--ro-bind', dir, dir);
  for (const hide of plan.hidden) {
    if (hide.kind === 'dir') out.push('--tmpfs', hide.path, '--remount-ro', hide.path);
    else out.push('--ro-bind', emptyFileOf(plan), hide.path);
  }
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

/** Shallow paths first, so that a deeper bind covers the one it lies in. */
function byDepth(paths: readonly string[]): string[] {
  return [...paths].sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : a > b ? 1 : 0));
}

function emptyFileOf(plan: SandboxPlan): string {
  if (!plan.emptyFile) throw new Error('internal: a file mask needs plan.emptyFile');
  return plan.emptyFile;
}
