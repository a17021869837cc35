/*!
 * The agent settings files that `shellgate hook install` writes (Claude Code, Gemini CLI, Cursor,
 * Codex, Copilot CLI, OpenCode; also where `$CODEX_HOME` / `$COPILOT_HOME` put them): they decide whether the agent's commands reach shellgate at all,
 * so an agent writing, moving or deleting one turns the guard off. Matched by path, in a project or
 * in the home directory.
 */

/** A settings file whose hooks route the agent's commands through shellgate. */
const SETTINGS_FILE =
  /(^|\/)(\.copilot\/settings\.json|\.claude\/settings(\.local)?\.json|\.gemini\/settings\.json|\.cursor\/hooks\.json|\.codex\/(hooks\.json|config\.toml)|\.github\/hooks\/[^/]+\.json|\.opencode\/.+|opencode\.jsonc?|\.config\/opencode\/.+)$/;
/** Directories that hold such files: deleting or moving one of them takes the file with it. */
const SETTINGS_DIR = /(^|\/)(\.copilot|\.claude|\.gemini|\.cursor|\.codex|\.github|\.github\/hooks|\.opencode|\.config\/opencode)\/?$/;

/** Whether writing `abs` (an absolute path) changes an agent's hook settings (`$CODEX_HOME/hooks.json`, `$COPILOT_HOME/settings.json` too). */
export function isAgentSettingsFile(abs: string, env: Record<string, string> = {}): boolean {
  return SETTINGS_FILE.test(abs) || homes(env).some((h) => abs === h);
}

/** Whether deleting or moving `abs` takes agent hook settings with it. */
export function holdsAgentSettings(abs: string, env: Record<string, string> = {}): boolean {
  return SETTINGS_DIR.test(abs) || isAgentSettingsFile(abs, env) || homes(env).some((h) => h.startsWith(abs.replace(/\/+$/, '') + '/'));
}

/** The settings files agents read from directories their environment names. */
function homes(env: Record<string, string>): string[] {
  return [
    env.CODEX_HOME && `${env.CODEX_HOME.replace(/\/+$/, '')}/hooks.json`,
    env.COPILOT_HOME && `${env.COPILOT_HOME.replace(/\/+$/, '')}/settings.json`,
  ].filter((x): x is string => !!x);
}

/** Relative spellings of the settings files, for code and text that name them (`open('.claude/settings.json', 'w')`). */
export const SETTINGS_NAME =
  /\.claude\/settings(\.local)?\.json|\.gemini\/settings\.json|\.cursor\/hooks\.json|\.codex\/(hooks\.json|config\.toml)|\.github\/hooks\/[\w.-]+\.json|\.opencode\/[\w./-]+|opencode\.jsonc?/;
