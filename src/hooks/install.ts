/*!
 * `shellgate hook install|uninstall AGENT`: writes (or takes out) the agent's hook settings.
 * Merges into the existing file (nothing else in it is touched), keeps a timestamped backup of
 * the file it changes, and is idempotent: a second run finds the entry and writes nothing.
 * Uninstall reverses exactly what install added. What goes where is hooks/installers.ts's.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../core/user-error.js';
import { INSTALLERS, type InstallAgent, type Installer, type JsonInstaller, type Scope } from './installers.js';

export { INSTALL_AGENTS, type InstallAgent } from './installers.js';

/** What to install where. */
export interface InstallOptions {
  agent: InstallAgent;
  scope: Scope;
  /** Project directory for `project` scope. @default process.cwd() */
  projectDir?: string;
  /** @default os.homedir() */
  home?: string;
  /** Where CODEX_HOME, COPILOT_HOME, XDG_CONFIG_HOME are read. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** The hook command to write. @default defaultHookCommand(agent) */
  command?: string;
  /** Compute and return the result without writing. */
  dryRun?: boolean;
  /** Leave what shellgate allows to the agent's own permission settings (SHELLGATE_HOOK_ALLOW=defer). */
  deferAllow?: boolean;
  /** Run allowed commands as they are instead of contained (SHELLGATE_HOOK_CONTAIN=0). */
  noContain?: boolean;
}

/** What `installHook` / `uninstallHook` did (or would do, with dryRun). */
export interface InstallResult {
  file: string;
  changed: boolean;
  /** Copy of the previous file, when one existed and was changed. */
  backup?: string;
  /** JSON installers: the settings as written. */
  settings?: Record<string, unknown>;
  /** File installers: the file's text as written (empty when removed). */
  text?: string;
  /** What the user must still do. */
  note?: string;
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
    throw new UserError(`${file} is not plain JSON (${(err as Error).message}); it was left unchanged. Change it by hand:\n${snippet()}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new UserError(`${file} does not hold a JSON object; it was left unchanged`);
  return data as Record<string, unknown>;
}

function timestamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

/** Writes `text` to `file` atomically, keeping the file's mode and a backup of what it held. */
function writeWithBackup(file: string, text: string, result: InstallResult): void {
  mkdirSync(dirname(file), { recursive: true });
  const mode = existsSync(file) ? statSync(file).mode & 0o777 : 0o644;
  if (existsSync(file)) {
    result.backup = `${file}.bak-${timestamp()}`;
    copyFileSync(file, result.backup);
  }
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode });
  renameSync(tmp, file);
}

function where(opts: InstallOptions, inst: Installer): string {
  return inst.file(opts.scope, opts.home ?? homedir(), resolve(opts.projectDir ?? process.cwd()), opts.env ?? process.env);
}

function hookCommand(opts: InstallOptions): string {
  const prefix = `${opts.deferAllow ? 'SHELLGATE_HOOK_ALLOW=defer ' : ''}${opts.noContain ? 'SHELLGATE_HOOK_CONTAIN=0 ' : ''}`;
  return opts.command ?? `${prefix}${defaultHookCommand(opts.agent, opts.env)}`;
}

function changeJson(
  inst: JsonInstaller,
  file: string,
  opts: InstallOptions,
  change: (s: Record<string, unknown>) => boolean,
  snippet: () => string,
): InstallResult {
  const settings = readSettings(file, snippet);
  let changed: boolean;
  try {
    changed = change(settings);
  } catch (err) {
    throw new UserError(`${file}: ${(err as Error).message}; it was left unchanged. Change it by hand:\n${snippet()}`);
  }
  const result: InstallResult = { file, changed, settings, note: inst.note };
  if (changed && !opts.dryRun) writeWithBackup(file, JSON.stringify(settings, null, 2) + '\n', result);
  return result;
}

/** Installs (or updates) shellgate's hook for `opts.agent`. Throws UserError on unusable files. */
export function installHook(opts: InstallOptions): InstallResult {
  const inst: Installer = INSTALLERS[opts.agent];
  const file = where(opts, inst);
  const command = hookCommand(opts);
  if (inst.kind === 'file') {
    const text = inst.content(command);
    const old = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    if (old !== undefined && !inst.ours(old))
      throw new UserError(`${file} exists and is not shellgate's; it was left unchanged. Move it away and run this again.`);
    const result: InstallResult = { file, changed: old !== text, text, note: inst.note };
    if (result.changed && !opts.dryRun) writeWithBackup(file, text, result);
    return result;
  }
  const snippet = () => {
    const fresh: Record<string, unknown> = {};
    inst.merge(fresh, command, opts.scope);
    return JSON.stringify(fresh, null, 2);
  };
  return changeJson(inst, file, opts, (s) => inst.merge(s, command, opts.scope), snippet);
}

/** Takes shellgate's hook for `opts.agent` out again (only ours; a backup of a changed file is kept). */
export function uninstallHook(opts: InstallOptions): InstallResult {
  const inst: Installer = INSTALLERS[opts.agent];
  const file = where(opts, inst);
  if (inst.kind === 'file') {
    if (!existsSync(file)) return { file, changed: false, text: '' };
    if (!inst.ours(readFileSync(file, 'utf8'))) throw new UserError(`${file} is not shellgate's; it was left unchanged`);
    if (!opts.dryRun) unlinkSync(file);
    return { file, changed: true, text: '' };
  }
  if (!existsSync(file)) return { file, changed: false, settings: {} };
  const result = changeJson(
    inst,
    file,
    opts,
    (s) => inst.remove(s),
    () => `(remove the entries that run "shellgate hook ${opts.agent}")`,
  );
  return { ...result, note: undefined };
}
