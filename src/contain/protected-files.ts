/*!
 * Files inside the writable area that an agent's command must not change, because something
 * outside the container runs or obeys them later: the agent's own settings (which hold the hook
 * that guards it), the project's shellgate ruleset, git's hooks and config (run by the human's
 * next `git commit`), and — when the project is the home directory — the shell's startup files.
 * Existing ones are bound read-only; ones that do not exist yet are watched (watch.ts): a command
 * that creates one has it moved aside before the agent runs anything else.
 */
import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { isWithin } from '../sandbox/protected-paths.js';

/** Relative to the project root. */
export const PROJECT_PROTECTED = [
  '.shellgate',
  '.claude/settings.json',
  '.claude/settings.local.json',
  '.gemini/settings.json',
  '.cursor/hooks.json',
  '.codex',
  '.github/hooks',
  '.opencode',
  'opencode.json',
  'opencode.jsonc',
  '.git/hooks',
  '.git/config',
  '.envrc',
];

/** Relative to a home directory: read when a shell, a session or git starts. */
export const HOME_PROTECTED = [
  '.bashrc',
  '.bash_profile',
  '.bash_login',
  '.bash_logout',
  '.profile',
  '.zshrc',
  '.zshenv',
  '.zprofile',
  '.zlogin',
  '.inputrc',
  '.gitconfig',
  '.ssh',
  '.config',
  '.local/bin',
  '.local/share/applications',
  '.claude',
  '.gemini',
  '.codex',
  '.copilot',
];

/** Every path (existing or not) that must stay unchanged, for this project and these homes. */
export function protectedCandidates(projectRoot: string, homes: readonly string[]): string[] {
  return [...PROJECT_PROTECTED.map((p) => join(projectRoot, p)), ...homes.flatMap((h) => HOME_PROTECTED.map((p) => join(h, p)))];
}

/** The existing protected paths that lie in a writable directory: these are bound read-only. */
export function protectedFiles(projectRoot: string, homes: readonly string[], writable: readonly string[]): string[] {
  const out = new Set<string>();
  for (const p of protectedCandidates(projectRoot, homes)) {
    if (!existsSync(p)) continue;
    const real = realpathSync(p);
    if (writable.some((w) => isWithin(real, w))) out.add(real);
  }
  return [...out];
}
