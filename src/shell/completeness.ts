/*!
 * Is a line complete, or would bash ask for more (PS2)? An incomplete line is not accepted: the
 * gate appends a newline to the readline buffer instead, so a whole for/if block, heredoc or
 * quoted string is judged as one piece. A cheap scan settles ordinary lines; anything that might
 * open a construct is handed to `bash -n`, which knows for sure.
 */
import { spawnSync } from 'node:child_process';

const OPENING_WORDS = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'for',
  'while',
  'until',
  'do',
  'done',
  'case',
  'esac',
  'select',
  'function',
  '{',
  '}',
  '[[',
  ']]',
  'coproc',
]);

/** What the quick scan found. */
export interface ScanResult {
  /** The line ends inside a quote or with an escaped newline: certainly incomplete. */
  open: boolean;
  /** The line may open a construct (keyword, bracket, heredoc, trailing operator): ask bash. */
  unsure: boolean;
}

/** Scans quotes, escapes, brackets and words without running anything. */
export function scanLine(line: string): ScanResult {
  let quote: "'" | '"' | '`' | "$'" | null = null;
  let depth = 0;
  let unsure = false;
  let word = '';
  const endWord = () => {
    if (OPENING_WORDS.has(word)) unsure = true;
    word = '';
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\' && quote !== "'") i++;
      else if ((quote === "$'" ? "'" : quote) === c) quote = null;
      continue;
    }
    if (c === '\\') {
      if (i === line.length - 1) return { open: true, unsure: true };
      word += line.slice(i, i + 2);
      i++;
    } else if (c === '#' && word === '' && (i === 0 || /[\s;&|()]/.test(line[i - 1]))) {
      const nl = line.indexOf('\n', i);
      if (nl === -1) break;
      i = nl - 1;
    } else if (c === "'" || c === '"' || c === '`') {
      quote = c === "'" && line[i - 1] === '$' ? "$'" : c;
      word += 'q';
    } else if (/\s/.test(c) || ';&|<>'.includes(c)) {
      endWord();
      if (c === '<' && line[i + 1] === '<' && line[i + 2] !== '<') unsure = true;
    } else if ('()'.includes(c)) {
      endWord();
      depth += c === '(' ? 1 : -1;
    } else {
      word += c;
    }
  }
  endWord();
  if (quote) return { open: true, unsure: true };
  if (depth !== 0 || /(\|\||&&|\||\|&)\s*$/.test(line)) unsure = true;
  return { open: false, unsure };
}

/** Asks `bash -n` whether the text ends before its construct does. */
export function bashSaysIncomplete(text: string, bash = 'bash'): boolean {
  const r = spawnSync(bash, ['--norc', '--noprofile', '-O', 'extglob', '-n'], {
    input: text,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' },
    timeout: 5000,
  });
  const err = r.stderr ?? '';
  return /unexpected end of file|delimited by end-of-file|unexpected EOF while looking for matching/.test(err);
}

/** True when bash would need more input before it could run the line. */
export function isIncomplete(line: string, bash = 'bash'): boolean {
  const scan = scanLine(line);
  if (scan.open) return true;
  return scan.unsure ? bashSaysIncomplete(line, bash) : false;
}
