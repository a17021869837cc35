/*!
 * wget configured indirectly: wgetrc commands given with `-e`/`--execute`, read from `--config FILE`,
 * `$WGETRC` or `~/.wgetrc` (`method = DELETE`, `body_data = …`). The settings that shape the request
 * become the options they stand for, so the request is judged as sent; an unreadable `--config` is
 * an issue (`dynamic-input`).
 */
import type { Command, Word } from './model.js';
import type { LineState } from './line-state.js';
import { fileText } from './written-files.js';
import { dict } from '../util/dict.js';

/** wgetrc commands that change what is sent, and the option each stands for. */
const SETTINGS: Record<string, string> = dict({
  method: '--method',
  body_data: '--body-data',
  bodydata: '--body-data',
  post_data: '--post-data',
  postdata: '--post-data',
  header: '--header',
  body_file: '--body-file',
  post_file: '--post-file',
  user: '--user',
  password: '--password',
  http_user: '--http-user',
  http_password: '--http-password',
});

export function applyWgetConfig(cmd: Command, state: LineState): void {
  const args = cmd.argv.slice(1);
  const extra: Word[] = [];
  const add = (origin: Word, text: string) => {
    for (const line of text.split('\n').slice(0, 500)) {
      const m = /^\s*([A-Za-z_]+)\s*=\s*(.*?)\s*$/.exec(line);
      const opt = m ? SETTINGS[m[1]!.toLowerCase().replace(/-/g, '_')] : undefined;
      if (opt) extra.push({ ...origin, value: `${opt}=${m![2]}`, quoted: true });
    }
  };
  const own = cmd.assignments.find((a) => a.name === 'WGETRC')?.value;
  const rcPath = own ? (own.dynamic ? null : own.value) : (state.lookup('WGETRC') ?? (state.ctx.env?.HOME ? `${state.ctx.env.HOME}/.wgetrc` : undefined));
  if (rcPath === null) state.issue('dynamic-input', 'wget reads its settings from a WGETRC only known when the line runs', own!.span);
  else if (rcPath && !args.some((w) => w.value === '--no-config')) {
    const text = fileText({ ...cmd.argv[0]!, value: rcPath, dynamic: false }, state);
    if (text !== null) add(cmd.argv[0]!, text);
  }
  for (let i = 0; i < args.length; i++) {
    const v = args[i]!.value;
    const exec =
      v === '-e' || v === '--execute'
        ? args[++i]
        : v.startsWith('--execute=')
          ? { ...args[i]!, value: v.slice(10) }
          : /^-e./.test(v)
            ? { ...args[i]!, value: v.slice(2) }
            : undefined;
    if (exec) {
      add(exec, exec.value);
      continue;
    }
    const conf = v === '--config' ? args[++i] : v.startsWith('--config=') ? { ...args[i]!, value: v.slice(9) } : undefined;
    if (!conf) continue;
    const text = conf.dynamic ? null : fileText(conf, state);
    if (text === null) state.issue('dynamic-input', `wget reads its settings from ${conf.raw}, which cannot be read here`, conf.span);
    else add(conf, text);
  }
  if (extra.length) cmd.argv = [...cmd.argv, ...extra];
}
