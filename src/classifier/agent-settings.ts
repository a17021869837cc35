/*!
 * The agent settings files that `shellgate hook install` writes (Claude Code, Gemini CLI, Cursor,
 * Codex, Copilot CLI, OpenCode): they decide whether the agent's commands reach shellgate at all,
 * so an agent writing, moving or deleting one turns the guard off. Matched by path, in a project or
 * in the home directory.
 */

/** A settings file whose hooks route the agent's commands through shellgate. */
const SETTINGS_FILE = /(^|\/)(\.claude\/settings(\.local)?\.json|\.gemini\/settings\.json|\.cursor\/hooks\.json|\.codex\/(hooks\.json|config\.toml)|\.github\/hooks\/[^/]+\.json|\.opencode\/.+|opencode\.jsonc?|\.config\/opencode\/.+)$/;
/** Directories that hold such files: deleting or moving one of them takes the file with it. */
const SETTINGS_DIR = /(^|\/)(\.claude|\.gemini|\.cursor|\.codex|\.github|\.github\/hooks|\.opencode|\.config\/opencode)\/?$/;

/** Whether writing `abs` (an absolute path) changes an agent's hook settings. */
export function isAgentSettingsFile(abs: string): boolean {
  return SETTINGS_FILE.test(abs);
}

/** Whether deleting or moving `abs` takes agent hook settings with it. */
export function holdsAgentSettings(abs: string): boolean {
  return SETTINGS_DIR.test(abs) || SETTINGS_FILE.test(abs);
}

/** Relative spellings of the settings files, for code and text that name them (`open('.claude/settings.json', 'w')`). */
export const SETTINGS_NAME = /\.claude\/settings(\.local)?\.json|\.gemini\/settings\.json|\.cursor\/hooks\.json|\.codex\/(hooks\.json|config\.toml)|\.github\/hooks\/[\w.-]+\.json|\.opencode\/[\w./-]+|opencode\.jsonc?/;
