/*!
 * Files inside the writable area that an agent's command must not change, because something
 * outside the container runs or obeys them later: the agent's own settings (which hold the hook
 * that guards it), the project's shellgate ruleset, git's hooks and config (run by the human's
 * next `git commit`), when the project is the home directory the shell's startup files, and the
 * directories on PATH (pathDirs).
 * Existing ones are bound read-only; ones that do not exist yet are watched (watch.ts): a command
 * that creates one has it moved aside before the agent runs anything else.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { isWithin } from '../sandbox/protected-paths.js';
import { realIfExists } from '../util/real-path.js';

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
  // Started or obeyed by the agent CLI or the editor at its next start, outside the container:
  // MCP servers (by command), hooks in skills, subagents and commands, VS Code tasks that run on
  // folder open and settings that name programs, JetBrains run and startup configurations.
  '.mcp.json',
  '.cursor/mcp.json',
  '.claude/skills',
  '.claude/agents',
  '.claude/commands',
  '.vscode',
  '.idea',
  // What the git hooks of pre-commit, lefthook and husky run on the human's next commit (husky's
  // own `.husky/_`, rewritten by every `npm install`, stays writable).
  '.pre-commit-config.yaml',
  '.pre-commit-config.yml',
  'lefthook.yml',
  'lefthook.yaml',
  '.lefthook.yml',
  '.lefthook.yaml',
  'lefthook-local.yml',
  ...['pre-commit', 'prepare-commit-msg', 'commit-msg', 'post-commit', 'pre-push', 'pre-rebase', 'post-checkout', 'post-merge', 'post-rewrite'].map(
    (h) => `.husky/${h}`,
  ),
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

/**
 * The directories on PATH outside the project (absolute entries of each environment's PATH): a
 * writable cache can be one (`~/.deno/bin`, `~/.pub-cache/bin`, a `writable:` entry), and a
 * program put there runs in place of `node`, `git` or `bash` for the human, the agent and
 * shellgate's own `#!/usr/bin/env node` scripts.
 */
export function pathDirs(projectRoot: string, envs: readonly NodeJS.ProcessEnv[]): string[] {
  const key = [projectRoot, ...envs.map((e) => e.PATH ?? '')].join('\0');
  if (lastPathDirs?.key === key) return lastPathDirs.dirs;
  const dirs = envs.flatMap((e) => (e.PATH ?? '').split(':')).filter((d) => isAbsolute(d) && !isWithin(resolve(d), projectRoot));
  lastPathDirs = { key, dirs: [...new Set(dirs.map((d) => resolve(d)))] };
  return lastPathDirs.dirs;
}
/** pathDirs' last answer (a plan asks twice; the daemon again for each command of a session). */
let lastPathDirs: { key: string; dirs: string[] } | null = null;

/** Every path (existing or not) that must stay unchanged, for this project and these homes. */
export function protectedCandidates(projectRoot: string, homes: readonly string[], paths: readonly string[] = []): string[] {
  return [...PROJECT_PROTECTED.map((p) => join(projectRoot, p)), ...homes.flatMap((h) => HOME_PROTECTED.map((p) => join(h, p))), ...paths];
}

/** The existing protected paths that lie in a writable directory: these are bound read-only. */
export function protectedFiles(projectRoot: string, homes: readonly string[], writable: readonly string[], paths: readonly string[] = []): string[] {
  const out = new Set<string>();
  for (const p of protectedCandidates(projectRoot, homes, paths)) {
    const real = realIfExists(p);
    if (!real) continue; // not there (or a dangling link): nothing to bind
    if (writable.some((w) => isWithin(real, w))) out.add(real);
  }
  return [...out];
}
