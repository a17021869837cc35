/*!
 * Where shellgate keeps its files (XDG via env-paths). Tests and sandboxes override with
 * SHELLGATE_CONFIG_DIR, SHELLGATE_STATE_DIR and SHELLGATE_CACHE_DIR.
 *
 * The caches (V8 code cache, parsed rulesets, the parsed sandbox.yaml, the bubblewrap probe) live
 * in $XDG_CACHE_HOME/shellgate. They hold what shellgate executes and enforces, so agent commands
 * must not reach them ("impersonate a component", THREAT-MODEL.md): although `~/.cache` is writable
 * for build tools, shellgate's own cache directory is created before every container and is not
 * visible inside it at all (contain/agent-plan.ts), like the state and config directories.
 */
import envPaths from 'env-paths';

const paths = envPaths('shellgate', { suffix: '' });

/** User config: `~/.config/shellgate` (user ruleset layer, trusted project hashes). */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.SHELLGATE_CONFIG_DIR || paths.config;
}

/** State: `~/.local/state/shellgate` (audit log, approvals). */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.SHELLGATE_STATE_DIR || paths.log;
}

/** Caches (rebuildable): `~/.cache/shellgate`. Hidden from agent commands like the state directory. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.SHELLGATE_CACHE_DIR || paths.cache;
}

/**
 * Short, private directories for the classifier daemon's socket when the state directory's path
 * is too long for a socket address: `$XDG_RUNTIME_DIR/shellgate`, then `<tmp>/shellgate-<uid>`.
 * Protected like the state directory (self-protection, read-only in the sandbox).
 */
export function runtimeDirs(env: NodeJS.ProcessEnv = process.env, uid: number | string = currentUid()): string[] {
  const tmp = (env.TMPDIR || '/tmp').replace(/\/+$/, '') || '/tmp';
  return [...(env.XDG_RUNTIME_DIR ? [`${env.XDG_RUNTIME_DIR.replace(/\/+$/, '')}/shellgate`] : []), `${tmp}/shellgate-${uid}`];
}

function currentUid(): number | string {
  return typeof process.getuid === 'function' ? process.getuid() : 'user';
}
