/*!
 * Inline code names the home directory in many ways (`process.env.HOME`, `os.homedir()`,
 * `os.environ['HOME']`, `Path.home()`, `Dir.home`, `$ENV{HOME}` …) and builds paths under it by
 * concatenation, a join call, pathlib's `/` or a template. The analyzers of inline code read paths
 * from string literals, so such a path is rewritten as the literal it makes (`'~/.bashrc'`) before
 * they look: `writeFileSync(process.env.HOME + '/.bashrc', '')` is judged as the write of ~/.bashrc.
 */

/** An expression whose value is the home directory. */
const HOME = String.raw`(?:require\(['"](?:node:)?os['"]\)\.homedir\(\)|process\.env\.HOME|process\.env\[['"]HOME['"]\]|(?:os\.)?homedir\(\)|os\.environ\[['"]HOME['"]\]|os\.environ\.get\(['"]HOME['"]\)|os\.getenv\(['"]HOME['"]\)|os\.path\.expanduser\(['"]~['"]\)|(?:pathlib\.)?Path\.home\(\)|Dir\.home|ENV\[['"]HOME['"]\]|ENV\.fetch\(['"]HOME['"]\)|\$ENV\{HOME\}|Deno\.env\.get\(['"]HOME['"]\)|Bun\.env\.HOME)`;

/** A plain string literal, single or double quoted; group 2 is its text. */
const LIT = String.raw`(['"])([^'"\\]*)\1`;

const TEMPLATE = new RegExp(String.raw`\x60\$\{${HOME}\}([^\x60$]*)\x60|f(['"])\{${HOME}\}([^'"{]*)\2|"\$ENV\{HOME\}([^"$]*)"`, 'g');
const JOIN = new RegExp(
  String.raw`\b(?:path\.join|path\.resolve|os\.path\.join|File\.join|join)\s*\(\s*${HOME}((?:\s*,\s*${LIT.replace('\\1', '\\2')})+)\s*\)`,
  'g',
);
const CONCAT = new RegExp(String.raw`${HOME}\s*(?:\+|\.|\/)\s*${LIT}`, 'g');
const BARE = new RegExp(HOME, 'g');

/** The code with each home-directory path it builds written as a literal under `home` (`'/home/dev/…'`; `~` when unknown). */
export function withHomeLiterals(code: string, home = '~'): string {
  if (!/HOME|home|expanduser/.test(code)) return code;
  const h = home.replace(/'/g, '').replace(/\/+$/, '');
  return code
    .replace(TEMPLATE, (_m, a?: string, _q?: string, b?: string, c?: string) => `'${h}${a ?? b ?? c ?? ''}'`)
    .replace(JOIN, (_m, parts: string) => `'${h}/${[...parts.matchAll(/(['"])([^'"\\]*)\1/g)].map((p) => p[2]!.replace(/^\/+/, '')).join('/')}'`)
    .replace(CONCAT, (_m, _q: string, rest: string) => `'${h}${rest.startsWith('/') ? '' : '/'}${rest}'`)
    .replace(BARE, `'${h}'`);
}
