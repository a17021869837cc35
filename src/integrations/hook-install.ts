/*!
 * `shellgate hook install claude-code|gemini|cursor`: writes the agent's hook settings. Merges
 * into the existing file (nothing else in it is touched), keeps a timestamped backup of the file
 * it changes, and is idempotent: a second run finds the entry and writes nothing.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../util/user-error.js';
import { claudeSettingsFile, mergeClaudeSettings } from './claude-code.js';
import { cursorSettingsFile, mergeCursorSettings } from './cursor.js';
import { geminiSettingsFile, mergeGeminiSettings } from './gemini-cli.js';

/** Agents `hook install` knows (names as typed on the command line). */
export type InstallAgent = 'claude-code' | 'gemini' | 'cursor';

interface Installer {
  file(scope: 'user' | 'project', home: string, projectDir: string): string;
  merge(settings: Record<string, unknown>, command: string): boolean;
}

const INSTALLERS: Record<InstallAgent, Installer> = {
  'claude-code': { file: claudeSettingsFile, merge: mergeClaudeSettings },
  gemini: { file: geminiSettingsFile, merge: mergeGeminiSettings },
  cursor: { file: cursorSettingsFile, merge: mergeCursorSettings },
};

/** Agent names accepted by `hook install`. */
export const INSTALL_AGENTS = Object.keys(INSTALLERS) as InstallAgent[];

/** What to install where. */
export interface InstallOptions {
  agent: InstallAgent;
  scope: 'user' | 'project';
  /** Project directory for `project` scope. @default process.cwd() */
  projectDir?: string;
  /** @default os.homedir() */
  home?: string;
  /** The hook command to write. @default defaultHookCommand(agent) */
  command?: string;
  /** Compute and return the result without writing. */
  dryRun?: boolean;
  /** Leave what shellgate allows to the agent's own permission settings (SHELLGATE_HOOK_ALLOW=defer). */
  deferAllow?: boolean;
}

/** What `installHook` did (or would do, with dryRun). */
export interface InstallResult {
  file: string;
  changed: boolean;
  /** Copy of the previous file, when one existed and was changed. */
  backup?: string;
  settings: Record<string, unknown>;
}

function quote(p: string): string {
  return /^[\w@%+=:,./-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command the agent runs: `shellgate hook AGENT` when `shellgate` on PATH is this install,
 * else this Node and this package's bin by absolute path (so it works without PATH set up).
 */
export function defaultHookCommand(agent: InstallAgent, env: NodeJS.ProcessEnv = process.env): string {
  const bin = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'shellgate.cjs');
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    const p = join(dir, 'shellgate');
    try {
      if (dir && realpathSync(p) === realpathSync(bin)) return `shellgate hook ${agent}`;
    } catch {
      /* not there */
    }
  }
  return `${quote(process.execPath)} ${quote(bin)} hook ${agent}`;
}

function readSettings(file: string, snippet: () => string): Record<string, unknown> {
  if (!existsSync(file)) return {};
  const text = readFileSync(file, 'utf8');
  if (text.trim() === '') return {};
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UserError(`${file} is not plain JSON (${(err as Error).message}); it was left unchanged. Add this by hand:\n${snippet()}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new UserError(`${file} does not hold a JSON object; it was left unchanged`);
  return data as Record<string, unknown>;
}

function timestamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

/** Installs (or updates) shellgate's hook for `opts.agent`. Throws UserError on unusable files. */
export function installHook(opts: InstallOptions): InstallResult {
  const inst = INSTALLERS[opts.agent];
  const file = inst.file(opts.scope, opts.home ?? homedir(), resolve(opts.projectDir ?? process.cwd()));
  const command = opts.command ?? `${opts.deferAllow ? 'SHELLGATE_HOOK_ALLOW=defer ' : ''}${defaultHookCommand(opts.agent)}`;
  const snippet = () => {
    const fresh: Record<string, unknown> = {};
    inst.merge(fresh, command);
    return JSON.stringify(fresh, null, 2);
  };
  const settings = readSettings(file, snippet);
  let changed: boolean;
  try {
    changed = inst.merge(settings, command);
  } catch (err) {
    throw new UserError(`${file}: ${(err as Error).message}; it was left unchanged. Add this by hand:\n${snippet()}`);
  }
  const result: InstallResult = { file, changed, settings };
  if (!changed || opts.dryRun) return result;
  mkdirSync(dirname(file), { recursive: true });
  const mode = existsSync(file) ? statSync(file).mode & 0o777 : 0o644;
  if (existsSync(file)) {
    result.backup = `${file}.bak-${timestamp()}`;
    copyFileSync(file, result.backup);
  }
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(settings, null, 2) + '\n', { mode });
  renameSync(tmp, file);
  return result;
}
