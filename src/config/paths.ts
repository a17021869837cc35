/*!
 * Where shellgate keeps its files (XDG via env-paths). Tests and sandboxes override with
 * SHELLGATE_CONFIG_DIR and SHELLGATE_STATE_DIR.
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
