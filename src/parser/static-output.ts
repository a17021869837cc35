/*!
 * The output of a command when it can be known without running it: `echo`, `printf` without
 * directives, `cat` of a heredoc, of its stdin, or of files the caller can read. Used for
 * `echo 'DROP TABLE t' | psql`, `echo / | xargs rm -rf`, `` `echo rm` -rf x ``,
 * `echo 'rm -rf /' | bash` and `cat x.sh | sh`.
 */
import { DYN, type Command, type Word } from './model.js';
import { decodeAnsiC } from './ansi-c.js';
import { dict } from '../util/dict.js';
import { parallelDryRunOutput } from './arg-runners.js';

/**
 * `read`: a file's text as the line would see it, or null when unknown; `lookup`: a variable's
 * value where the command runs (mktemp's `TMPDIR`).
 */
export function staticOutput(cmd: Command, read?: (file: Word) => string | null, lookup?: (name: string) => string | undefined): string | null {
  if (cmd.argv.some((w) => w.dynamic)) return null;
  const args = cmd.argv.slice(1).map((w) => w.value);
  switch (cmd.program) {
    case 'echo': {
      let newline = true;
      let escapes = false;
      while (args.length && /^-[neE]+$/.test(args[0])) {
        const f = args.shift()!;
        if (f.includes('n')) newline = false;
        if (f.includes('e')) escapes = true;
      }
      const body = args.join(' ');
      return (escapes ? decodeAnsiC(body) : body) + (newline ? '\n' : '');
    }
    case 'printf': {
      if (args[0] === '--') args.shift();
      if (args.length === 0) return null;
      const fmt = args[0];
      if (fmt === '%s' || fmt === '%s\\n' || fmt === '%s\n') return args.slice(1).join(fmt === '%s' ? '' : '\n') + (fmt === '%s' ? '' : '\n');
      if (/%[^%sdb]/.test(fmt)) return null;
      if (/%[sdb]/.test(fmt)) return formatEach(fmt, args.slice(1));
      return decodeAnsiC(fmt.replace(/%%/g, '%'));
    }
    case 'cat':
      if (args.length === 0 && cmd.stdin && (cmd.stdin.kind === 'heredoc' || cmd.stdin.kind === 'herestring')) {
        return cmd.stdin.dynamic ? null : cmd.stdin.text;
      }
      if (args.length === 0 && cmd.stdin && cmd.stdin.kind === 'pipe') return cmd.stdin.text;
      if (args.length === 0 && cmd.stdin?.kind === 'file' && read) return read(cmd.stdin.path);
      return read ? catFiles(cmd.argv.slice(1), read) : null;
    case 'mktemp':
      return mktempPath(cmd, args, lookup);
    // Where a program is: its name is what matters (`$(command -v rm) -rf ~`).
    case 'which':
      return programPaths(args.filter((a) => !a.startsWith('-')));
    case 'type':
      return args.some((a) => /^-[a-zA-Z]*[pP]/.test(a)) ? programPaths(args.filter((a) => !a.startsWith('-'))) : null;
    case 'command':
      return args[0] === '-v' ? programPaths(args.slice(1)) : null;
    case 'rev': {
      const text = args.length === 0 ? stdinText(cmd) : null;
      return text === null
        ? null
        : text
            .split('\n')
            .map((l) => [...l].reverse().join(''))
            .join('\n');
    }
    case 'tr':
      return translate(args, stdinText(cmd));
    case 'tee':
      return stdinText(cmd);
    case 'envsubst':
      return substituteVars(stdinText(cmd), cmd, lookup);
    case 'base64':
    case 'base32':
      return cmd.program === 'base64' && args.length > 0 && args.every((a) => /^(-d|--decode|-i|--ignore-garbage|-di|-id)$/.test(a))
        ? decoded(stdinText(cmd), 'base64')
        : null;
    case 'xxd':
      return (args.length === 2 && args.includes('-r') && args.includes('-p')) || (args.length === 1 && /^-(rp|pr)$/.test(args[0]))
        ? decoded(stdinText(cmd), 'hex')
        : null;
    // `parallel --dry-run CMD ::: items` prints its jobs' command lines
    case 'parallel':
      return parallelDryRunOutput(cmd);
    case 'true':
    case ':':
    case 'false':
      return '';
    default:
      return null;
  }
}

/**
 * The path mktemp prints, its random part kept as its X's: `$TMPDIR/tmp.XXXXXXXXXX` by default,
 * under `-p DIR`/`--tmpdir=DIR` or `$TMPDIR` with `-t`, else the template as given (relative to
 * the working directory, as GNU mktemp does). Null for options it does not know.
 */
function mktempPath(cmd: Command, args: string[], lookup?: (name: string) => string | undefined): string | null {
  let dir: string | null = null;
  let inTmp = false;
  let template: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-p') {
      inTmp = true;
      dir = args[++i] ?? null;
    } else if (a.startsWith('--tmpdir=')) {
      inTmp = true;
      dir = a.slice('--tmpdir='.length);
    } else if (a === '--tmpdir' || a === '-t') inTmp = true;
    else if (/^-[dqu]+$/.test(a) || a === '--directory' || a === '--quiet' || a === '--dry-run' || a.startsWith('--suffix=')) continue;
    else if (a.startsWith('-') || template !== null) return null;
    else template = a;
  }
  if (template !== null && !inTmp) return template + '\n';
  const fromEnv = cmd.assignments.find((x) => x.name === 'TMPDIR')?.value;
  const tmp = dir || (fromEnv ? (fromEnv.dynamic ? null : fromEnv.value) : lookup ? lookup('TMPDIR') : undefined) || '/tmp';
  if (tmp === null || tmp.includes(DYN)) return null;
  return `${tmp.replace(/\/+$/, '')}/${template ?? 'tmp.XXXXXXXXXX'}\n`;
}

/** `cat a b`: the files one after the other; null when any is unknown or an option changes the output. */
function catFiles(files: Word[], read: (file: Word) => string | null): string | null {
  if (files.length === 0 || files.some((w) => w.value.startsWith('-'))) return null;
  let out = '';
  for (const f of files) {
    const text = read(f);
    if (text === null) return null;
    out += text;
  }
  return out;
}

/** printf's format applied to its arguments, reused until they run out (`printf 'rm -rf %s' ~/x`). */
function formatEach(fmt: string, args: string[]): string {
  let out = '';
  let i = 0;
  do {
    // %b decodes the argument's escapes, with octal as \0NNN.
    out += decodeAnsiC(
      fmt.replace(/%%|%[sdb]/g, (m) =>
        m === '%%'
          ? '%'
          : m === '%b'
            ? escapeForAnsiC(decodeAnsiC((args[i++] ?? '').replace(/\\0([0-7]{1,3})/g, (_, o: string) => `\\${o.padStart(3, '0')}`)))
            : (args[i++] ?? ''),
      ),
    );
  } while (i < args.length && i > 0);
  return out;
}

/** True when a value contains no dynamic part. */
export function isStatic(value: string): boolean {
  return !value.includes(DYN);
}

/** Text that decodeAnsiC gives back unchanged (backslashes doubled). */
function escapeForAnsiC(text: string): string {
  return text.replace(/\\/g, '\\\\');
}

/** What a command reads on stdin when the line says it: a heredoc, a here-string or a known pipe. */
export function stdinText(cmd: Command): string | null {
  const s = cmd.stdin;
  if (!s) return null;
  if (s.kind === 'heredoc' || s.kind === 'herestring') return s.dynamic ? null : s.text;
  return s.kind === 'pipe' ? s.text : null;
}

function programPaths(names: string[]): string | null {
  if (names.length === 0 || names.some((n) => !/^[\w.+-]+$/.test(n))) return null;
  return names.map((n) => `/usr/bin/${n}\n`).join('');
}

/** Decoded base64 or hex when it is text (a command line); null otherwise. */
function decoded(text: string | null, encoding: 'base64' | 'hex'): string | null {
  if (text === null) return null;
  const clean = text.replace(/\s+/g, '');
  if (encoding === 'base64' ? !/^[A-Za-z0-9+/]*={0,2}$/.test(clean) : !/^([0-9a-fA-F]{2})*$/.test(clean)) return null;
  const out = Buffer.from(clean, encoding).toString('utf8');
  return /^[\t\n\r\x20-\x7e\u00a0-\uffff]*$/.test(out) && !out.includes('\ufffd') ? out : null;
}

const TR_CLASSES: Record<string, string> = dict({ '[:lower:]': 'a-z', '[:upper:]': 'A-Z', '[:digit:]': '0-9' });

/** tr SET1 SET2 (and -d SET) on known input, with ranges (`tr a-z n-za-m` is rot13). */
function translate(args: string[], text: string | null): string | null {
  if (text === null) return null;
  if (args.length === 2 && args[0] === '-d') {
    const del = expandSet(args[1]);
    return del === null ? null : [...text].filter((c) => !del.includes(c)).join('');
  }
  if (args.length !== 2 || args.some((a) => a.startsWith('-'))) return null;
  const from = expandSet(args[0]);
  const to = expandSet(args[1]);
  if (from === null || to === null || to.length === 0) return null;
  const map = new Map<string, string>();
  for (let i = 0; i < from.length; i++) map.set(from[i], to[Math.min(i, to.length - 1)]);
  return [...text].map((c) => map.get(c) ?? c).join('');
}

function expandSet(set: string): string | null {
  let s = set;
  for (const [k, v] of Object.entries(TR_CLASSES)) s = s.split(k).join(v);
  s = s.replace(/\\([rnt\\])/g, (_, c: string) => ({ r: '\r', n: '\n', t: '\t', '\\': '\\' })[c]!);
  if (/\[|\\/.test(s)) return null;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i + 1] === '-' && i + 2 < s.length) {
      const a = s.charCodeAt(i);
      const b = s.charCodeAt(i + 2);
      if (b < a || b - a > 256) return null;
      for (let c = a; c <= b; c++) out += String.fromCharCode(c);
      i += 2;
    } else out += s[i];
  }
  return out;
}

/** envsubst: `$NAME` and `${NAME}` replaced by the command's environment (its assignments first). */
function substituteVars(text: string | null, cmd: Command, lookup?: (name: string) => string | undefined): string | null {
  if (text === null) return null;
  let unknown = false;
  const out = text.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_, a?: string, b?: string) => {
    const name = (a ?? b)!;
    const own = cmd.assignments.find((x) => x.name === name)?.value;
    const v = own ? (own.dynamic ? undefined : own.value) : lookup?.(name);
    if (v === undefined) unknown = true;
    return v ?? '';
  });
  return unknown ? null : out;
}
