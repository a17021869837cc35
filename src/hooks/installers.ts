/*!
 * What `shellgate hook install|uninstall AGENT` writes for each agent: which file, and how our
 * entry is merged into it or taken out again. JSON settings are merged (everything else in the
 * file is kept); OpenCode gets a plugin file of shellgate's own. The file handling (backups,
 * atomic writes, refusing files that are not plain JSON) is hooks/install.ts's.
 */
import { claudeSettingsFile, mergeClaudeSettings } from './claude-code.js';
import { codexSettingsFile, mergeCodexSettings } from './codex.js';
import { copilotSettingsFile, mergeCopilotSettings } from './copilot.js';
import { cursorSettingsFile, mergeCursorSettings } from './cursor.js';
import { geminiSettingsFile, mergeGeminiSettings } from './gemini-cli.js';
import { opencodePluginFile } from './opencode.js';
import { opencodePluginSource, PLUGIN_MARKER } from './opencode-plugin.js';
import { dropIfEmpty, removeFlatEntries, removeFromMatcherGroups } from './settings-merge.js';

type Json = Record<string, unknown>;
export type Scope = 'user' | 'project';

/** An agent whose hook lives in a JSON settings file shared with the user's other settings. */
export interface JsonInstaller {
  kind: 'json';
  file(scope: Scope, home: string, projectDir: string, env: NodeJS.ProcessEnv): string;
  merge(settings: Json, command: string, scope: Scope): boolean;
  remove(settings: Json): boolean;
  /** What the user must still do after installing, if anything. */
  note?: string;
}

/** An agent whose hook is a file of shellgate's own (written whole, removed whole). */
export interface FileInstaller {
  kind: 'file';
  file(scope: Scope, home: string, projectDir: string, env: NodeJS.ProcessEnv): string;
  content(command: string): string;
  /** True when `text` is a file this installer wrote (uninstall leaves anything else alone). */
  ours(text: string): boolean;
  note?: string;
}

export type Installer = JsonInstaller | FileInstaller;

/** Our entries out of `settings.hooks[event]` (matcher groups or a flat list), dropping what that empties. */
function removeHooks(settings: Json, event: string, layout: 'groups' | 'flat', agent: string, key = 'command'): boolean {
  const hooks = settings.hooks as Json | undefined;
  const list = hooks?.[event];
  if (!Array.isArray(list)) return false;
  const changed = layout === 'groups' ? removeFromMatcherGroups(list, agent) : removeFlatEntries(list, agent, key);
  if (changed && dropIfEmpty(hooks, event)) dropIfEmpty(settings, 'hooks');
  return changed;
}

/**
 * After our hooks were taken out and no hooks are left: drops `settings[key]` when it holds what
 * install adds along with them (Gemini's `hooksConfig: {enabled: true}`, a hooks file's `version: 1`)
 * and nothing else is in the file beside it. Always true (the removal itself changed the file).
 */
function dropAdded(settings: Json, key: string, added: unknown): true {
  const others = Object.keys(settings).filter((k) => k !== key);
  if (settings.hooks === undefined && others.length === 0 && JSON.stringify(settings[key]) === JSON.stringify(added)) delete settings[key];
  return true;
}

export const INSTALLERS = {
  'claude-code': { kind: 'json', file: claudeSettingsFile, merge: mergeClaudeSettings, remove: (s) => removeHooks(s, 'PreToolUse', 'groups', 'claude-code') },
  gemini: {
    kind: 'json',
    file: geminiSettingsFile,
    merge: mergeGeminiSettings,
    remove: (s) => removeHooks(s, 'BeforeTool', 'groups', 'gemini') && dropAdded(s, 'hooksConfig', { enabled: true }),
  },
  cursor: {
    kind: 'json',
    file: cursorSettingsFile,
    merge: mergeCursorSettings,
    remove: (s) => removeHooks(s, 'beforeShellExecution', 'flat', 'cursor') && dropAdded(s, 'version', 1),
  },
  codex: {
    kind: 'json',
    file: codexSettingsFile,
    merge: mergeCodexSettings,
    remove: (s) => removeHooks(s, 'PreToolUse', 'groups', 'codex'),
    note: 'Codex runs a new or changed hook only after you trust it: start `codex` once and choose "Trust" on its "Hooks need review" screen.',
  },
  copilot: {
    kind: 'json',
    file: copilotSettingsFile,
    merge: mergeCopilotSettings,
    remove: (s) => removeHooks(s, 'preToolUse', 'flat', 'copilot', 'bash') && dropAdded(s, 'version', 1),
    note: 'Copilot CLI runs the hooks of a repository (.github/hooks/) only in a folder you trust; user settings hooks always run.',
  },
  opencode: {
    kind: 'file',
    file: opencodePluginFile,
    content: opencodePluginSource,
    ours: (text) => text.startsWith(PLUGIN_MARKER),
    note: 'OpenCode loads the plugin when it starts: restart running OpenCode sessions.',
  },
} satisfies Record<string, Installer>;

/** Agent names accepted by `hook install` / `hook uninstall`. */
export type InstallAgent = keyof typeof INSTALLERS;
export const INSTALL_AGENTS = Object.keys(INSTALLERS) as InstallAgent[];
