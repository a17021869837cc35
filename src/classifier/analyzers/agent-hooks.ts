/*!
 * The agents' own hook settings: a command that writes the files where an agent reads the hooks
 * that guard it (Claude Code's and Gemini CLI's settings, Codex's hooks.json and config.toml,
 * Copilot CLI's settings and repository hook files, OpenCode's plugin directories and config,
 * Cursor's hooks.json), in the home directory or in a project. One such write switches the guard
 * off for every later command (`"disableAllHooks": true`, an emptied hooks list, an OpenCode
 * plugin that runs in the agent's own, uncontained process), so it is judged as tampering with
 * shellgate. Reading them is fine.
 */
import type { Analyzer } from '../facts.js';
import { absolutePath } from '../path-class.js';
import { DYN } from '../../parser/model.js';
import { WRITERS } from './self.js';

/** Paths (absolute, any directory) of agent hook settings. */
const AGENT_HOOK_FILES: RegExp[] = [
  /\/\.claude\/settings(\.local)?\.json$/,
  /\/\.gemini\/settings\.json$/,
  /\/\.codex\/(hooks\.json|config\.toml)$/,
  /\/\.copilot\/(settings|config)\.json$/,
  /\/\.github\/hooks\/[^/]+\.json$/,
  /\/\.github\/copilot\/settings(\.local)?\.json$/,
  /\/\.(config\/)?opencode\/(plugins?\/.*|opencode\.jsonc?)$/,
  /\/\.opencode\/(plugins?\/.*|opencode\.jsonc?)$/,
  /\/opencode\.jsonc?$/,
  /\/\.cursor\/hooks\.json$/,
];

/** The directories themselves (`rm -rf .claude`, `mv .opencode x`). */
const AGENT_HOOK_DIRS = /\/\.(claude|gemini|codex|copilot|cursor|opencode)$|\/\.github\/hooks$|\/\.config\/opencode(\/plugins?)?$/;

/** Writers whose last operand alone is written (the others are read). */
const LAST_ONLY = new Set(['cp', 'install', 'rsync', 'ln']);

export const agentHooksAnalyzer: Analyzer = ({ view, ctx }) => {
  const cmd = view.cmd;
  const ops = cmd.program && WRITERS.has(cmd.program) ? cmd.argv.slice(1) : [];
  const written = LAST_ONLY.has(cmd.program ?? '') ? ops.filter((w) => !w.value.startsWith('-')).slice(-1) : ops;
  const targets = [...written, ...cmd.redirects.filter((r) => r.op !== '<').map((r) => r.target)];
  const hit = targets.find((w) => {
    if (!w.value || w.value.includes(DYN) || w.value.startsWith('-')) return false;
    const abs = absolutePath(w.value.replace(/^[a-z]+=/, ''), ctx).replace(/\/+$/, '');
    return AGENT_HOOK_FILES.some((re) => re.test(abs)) || AGENT_HOOK_DIRS.test(abs);
  });
  return hit ? [{ id: 'self.agent-hooks', detail: hit.value, span: hit.span }] : [];
};
