/*!
 * curl configured indirectly: options read from a config file (`-K FILE`, `--config FILE`, `-K -`
 * from stdin, a heredoc, `~/.curlrc` unless `-q`), and `--variable` values put into `--expand-X`
 * options. The options found are added to the command's words, so the request is judged as the one
 * curl will send. A config that cannot be read is an issue (`dynamic-input`): never allowed unseen.
 */
import { DYN, type Command, type Word } from './model.js';
import type { LineState } from './line-state.js';
import { fileText } from './written-files.js';
import { dict } from '../util/dict.js';

/** curl options that take a value (long names; short ones are mapped to them). */
const VALUE_OPTIONS = new Set([
  'request',
  'data',
  'data-raw',
  'data-binary',
  'data-urlencode',
  'data-ascii',
  'json',
  'header',
  'url',
  'user',
  'output',
  'form',
  'form-string',
  'upload-file',
  'config',
  'oauth2-bearer',
  'variable',
  'cookie',
  'user-agent',
  'referer',
  'proxy',
  'cacert',
  'cert',
  'key',
  'connect-timeout',
  'max-time',
  'retry',
  'write-out',
  'resolve',
  'connect-to',
  'request-target',
  'proxy-user',
  'aws-sigv4',
  'unix-socket',
  'cookie-jar',
]);
const SHORT: Record<string, string> = dict({
  X: 'request',
  d: 'data',
  H: 'header',
  u: 'user',
  o: 'output',
  F: 'form',
  T: 'upload-file',
  K: 'config',
  b: 'cookie',
  A: 'user-agent',
  e: 'referer',
  x: 'proxy',
  m: 'max-time',
  w: 'write-out',
  c: 'cookie-jar',
});

const MAX_CONFIG = 64 * 1024;

/** Adds what curl's config files and variables say to `cmd.argv` (in place); reports configs it cannot read. */
export function applyCurlConfig(cmd: Command, state: LineState): void {
  const args = cmd.argv.slice(1);
  const extra: Word[] = [];
  const at = (w: Word, value: string, dynamic = false): Word => ({ raw: w.raw, value, dynamic: dynamic || value.includes(DYN), quoted: true, span: w.span });
  // `~/.curlrc` is read first unless `-q`/`--disable` is the first option.
  if (args[0]?.value !== '-q' && args[0]?.value !== '--disable') {
    const rc = curlrc(state, cmd);
    if (rc) extra.push(...configWords(rc, cmd.argv[0]!, at));
  }
  for (let i = 0; i < args.length; i++) {
    const v = args[i]!.value;
    const file =
      v === '-K' || v === '--config'
        ? args[i + 1]
        : /^-K./.test(v)
          ? at(args[i]!, v.slice(2))
          : v.startsWith('--config=')
            ? at(args[i]!, v.slice(9))
            : undefined;
    if (!file) continue;
    const text = configText(file, cmd, state);
    if (text === null) state.issue('dynamic-input', `curl reads options from ${file.raw}, which cannot be read here`, file.span);
    else extra.push(...configWords(text, file, at));
  }
  const all = [...args, ...extra];
  const expanded = expandVariables(all, state, at);
  if (extra.length || expanded !== all) cmd.argv = [cmd.argv[0]!, ...expanded];
}

function curlrc(state: LineState, cmd: Command): string | null {
  const env = state.ctx.env ?? {};
  const own = (name: string) => {
    const a = cmd.assignments.find((x) => x.name === name)?.value;
    return a ? (a.dynamic ? undefined : a.value) : state.lookup(name);
  };
  if (cmd.assignments.some((a) => a.name === 'CURL_HOME' && a.value.dynamic))
    state.issue('dynamic-input', 'curl reads ~/.curlrc from a CURL_HOME only known when the line runs', cmd.span);
  const dirs = [own('CURL_HOME'), own('XDG_CONFIG_HOME'), env.HOME].filter((d): d is string => !!d);
  for (const d of dirs) {
    const t = state.ctx.readFile?.(`${d.replace(/\/+$/, '')}/.curlrc`);
    if (t !== undefined) return t.slice(0, MAX_CONFIG);
  }
  return null;
}

/** The config's text: stdin (`-`), a file the line wrote, or a file on disk; null when unknown. */
function configText(file: Word, cmd: Command, state: LineState): string | null {
  if (file.dynamic) return null;
  if (file.value === '-' || /^\/dev\/(stdin|fd\/0)$/.test(file.value)) {
    const s = cmd.stdin;
    if (s && (s.kind === 'heredoc' || s.kind === 'herestring')) return s.dynamic ? null : s.text;
    if (s?.kind === 'pipe') return s.text;
    if (s?.kind === 'file') return fileText(s.path, state) ?? null;
    return null;
  }
  return fileText(file, state) ?? null;
}

/** Words for a config text: `option = value`, `option value`, `--option value`, `url = "…"`. */
function configWords(text: string, origin: Word, at: (w: Word, v: string, d?: boolean) => Word): Word[] {
  const out: Word[] = [];
  for (const raw of text.split('\n').slice(0, 500)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(-{0,2})([A-Za-z][\w-]*)\s*(?:[=:]\s*|\s+|$)(.*)$/.exec(line);
    if (!m) continue;
    const short = m[1] === '-' ? SHORT[m[2]![0]!] : undefined;
    const name = short ?? m[2]!;
    const value = m[3] ? unquote(m[3]) : short && m[2]!.length > 1 ? m[2]!.slice(1) : '';
    if (VALUE_OPTIONS.has(name) || value) {
      out.push(at(origin, `--${name}`), at(origin, value));
    } else out.push(at(origin, `--${name}`));
  }
  return out;
}

function unquote(v: string): string {
  const t = v.trim();
  if (t.startsWith('"'))
    return t
      .slice(1, t.lastIndexOf('"') > 0 ? t.lastIndexOf('"') : undefined)
      .replace(/\\(["\\])/g, '$1')
      .replace(/\\n/g, '\n')
      .replace(/\\t/g, '\t');
  return t.replace(/\s+#.*$/, '');
}

/**
 * `--variable name=value` (`name@file`, `%ENV`, `%ENV=default`) and `--expand-OPTION text`: the option
 * as curl sends it, with `{{name}}` (and `{{name:func}}`) replaced; an unknown value is dynamic.
 */
function expandVariables(args: Word[], state: LineState, at: (w: Word, v: string, d?: boolean) => Word): Word[] {
  if (!args.some((w) => w.value.startsWith('--expand-'))) return args;
  const vars = new Map<string, string>();
  const env = state.ctx.env ?? {};
  for (let i = 0; i < args.length; i++) {
    if (args[i]!.value !== '--variable' || !args[i + 1]) continue;
    const spec = args[i + 1]!.value;
    const envVar = /^%([A-Za-z_]\w*)(?:=(.*))?$/.exec(spec);
    if (envVar) {
      vars.set(envVar[1]!, (Object.hasOwn(env, envVar[1]!) ? env[envVar[1]!] : undefined) ?? envVar[2] ?? DYN);
      continue;
    }
    const m = /^([A-Za-z_]\w*)(=|@)(.*)$/s.exec(spec);
    if (!m) continue;
    vars.set(m[1]!, m[2] === '=' ? m[3]! : (fileText(at(args[i + 1]!, m[3]!), state) ?? DYN));
  }
  const out: Word[] = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const opt = /^--expand-([\w-]+)$/.exec(w.value);
    if (!opt || !args[i + 1]) {
      out.push(w);
      continue;
    }
    const value = args[++i]!.value.replace(/\{\{([A-Za-z_]\w*)(?::[\w:]+)?\}\}/g, (_m, n: string) => vars.get(n) ?? DYN);
    out.push(at(w, `--${opt[1]}`), at(args[i]!, value));
  }
  return out;
}
