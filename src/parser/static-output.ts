/*!
 * The output of a command when it can be known without running it: `echo`, `printf` without
 * directives, `cat` of a heredoc, of its stdin, or of files the caller can read. Used for
 * `echo 'DROP TABLE t' | psql`, `echo / | xargs rm -rf`, `` `echo rm` -rf x ``,
 * `echo 'rm -rf /' | bash` and `cat x.sh | sh`.
 */
import { DYN, type Command, type Word } from './model.js';
import { decodeAnsiC } from './ansi-c.js';

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
      if (args.length === 0) return null;
      const fmt = args[0];
      if (fmt === '%s' || fmt === '%s\\n' || fmt === '%s\n') return args.slice(1).join(fmt === '%s' ? '' : '\n') + (fmt === '%s' ? '' : '\n');
      if (/%[^%sd]/.test(fmt)) return null;
      if (/%[sd]/.test(fmt)) return formatEach(fmt, args.slice(1));
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
    case 'true': case ':': case 'false':
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
    if (a === '-p') { inTmp = true; dir = args[++i] ?? null; }
    else if (a.startsWith('--tmpdir=')) { inTmp = true; dir = a.slice('--tmpdir='.length); }
    else if (a === '--tmpdir' || a === '-t') inTmp = true;
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
    out += decodeAnsiC(fmt.replace(/%%|%[sd]/g, (m) => (m === '%%' ? '%' : args[i++] ?? '')));
  } while (i < args.length && i > 0);
  return out;
}

/** True when a value contains no dynamic part. */
export function isStatic(value: string): boolean {
  return !value.includes(DYN);
}
