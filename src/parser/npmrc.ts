/*!
 * npm's configuration changes how package scripts run: `script-shell` names the program every
 * script is given to (`script-shell=./x.sh` runs x.sh for `npm test`), and `node-options` loads
 * code into every node the scripts start (`--require ./hook.js`). Read from the project's
 * `.npmrc`, the user's (`~/.npmrc`, `$NPM_CONFIG_USERCONFIG`), `npm_config_*` variables and the
 * command line, as npm (and pnpm) do.
 */
import { posix } from 'node:path';
import type { Command } from './model.js';
import type { LineState } from './line-state.js';
import type { ProjectScript } from './package-scripts.js';

type Reader = (path: string) => string | undefined;

/** Subcommands of npm, pnpm, yarn and bun that run package scripts (the project's or its dependencies'). */
const RUNS_SCRIPTS = /^(run|run-script|rum|urn|test|tst|t|start|stop|restart|install|i|ci|add|exec|x|rebuild|rb|dlx|pack|publish)$/;

const PLAIN_SHELLS = /^(\/usr)?(\/local)?(\/bin\/)?(ba|z|da|k|mk)?sh$/;
const LOADS_CODE = /(^|\s)(-r|--require|--import|--loader|--experimental-loader)(=|\s|$)/;

/** Settings from the .npmrc files and environment (lowest first: user, project, env, command line). */
function settings(cmd: Command, projectDir: string, read: Reader, state: LineState): Map<string, string> {
  const env = state.ctx.env ?? {};
  const out = new Map<string, string>();
  const user = env.NPM_CONFIG_USERCONFIG ?? env.npm_config_userconfig ?? (env.HOME ? `${env.HOME}/.npmrc` : undefined);
  for (const file of [user, posix.join(projectDir, '.npmrc')]) {
    const text = file ? read(file) : undefined;
    for (const line of (text ?? '').split('\n').slice(0, 500)) {
      const m = /^\s*([\w-]+)\s*=\s*(.*?)\s*$/.exec(line);
      if (m && !line.trim().startsWith(';') && !line.trim().startsWith('#')) out.set(m[1]!.toLowerCase(), m[2]!.replace(/^(['"])(.*)\1$/, '$2'));
    }
  }
  for (const key of ['script-shell', 'node-options']) {
    const name = `npm_config_${key.replace('-', '_')}`;
    const own = cmd.assignments.find((a) => a.name.toLowerCase() === name)?.value;
    const v = own ? (own.dynamic ? '\u{FFFC}' : own.value) : (state.lookup(name) ?? state.lookup(name.toUpperCase()));
    if (v !== undefined) out.set(key, v);
  }
  const args = cmd.argv.map((w) => w.value);
  const flag = args.findIndex((a) => a === '--script-shell' || a.startsWith('--script-shell='));
  if (flag >= 0) out.set('script-shell', args[flag]!.includes('=') ? args[flag]!.slice(15) : (args[flag + 1] ?? ''));
  return out;
}

/**
 * The scripts as npm will run them under its configuration: through a `script-shell` that is not a
 * plain shell (judged as the program it is; unknown is an issue), with `node-options` that load code.
 */
export function underNpmConfig(scripts: ProjectScript[], cmd: Command, cwd: string, read: Reader, state: LineState): ProjectScript[] {
  // Scripts run (known from package.json, or named by the subcommand: `npm test` without a readable package.json).
  const sub = cmd.argv.slice(1).find((w) => !w.value.startsWith('-'))?.value;
  if (!scripts.length && !(sub && RUNS_SCRIPTS.test(sub))) return scripts;
  const conf = settings(cmd, cwd, read, state);
  const nodeOptions = conf.get('node-options');
  if (nodeOptions && (nodeOptions.includes('\u{FFFC}') || LOADS_CODE.test(nodeOptions))) {
    state.issue(
      'dynamic-command',
      `npm's node-options (\`${nodeOptions.slice(0, 80)}\`) runs code that is only known when the line runs, in every node the scripts start`,
      cmd.span,
    );
  }
  const shell = conf.get('script-shell');
  if (!shell || PLAIN_SHELLS.test(shell) || /^(\/usr\/bin\/env\s+)?(ba|z|da)?sh$/.test(shell)) return scripts;
  if (shell.includes('\u{FFFC}')) {
    state.issue('dynamic-input', 'npm runs its scripts through a script-shell only known when the line runs', cmd.span);
    return scripts;
  }
  // `script-shell=./x.sh`: that program runs every script; judged as the script it is (a missing one is unknown).
  const quoted = `'${shell.replace(/'/g, `'\\''`)}'`;
  return [{ label: `npm script-shell ${shell}`, text: `sh ${quoted}` }, ...scripts];
}
