/*!
 * Inline interpreter code that writes, moves or links a file over a system file or a home
 * dotfile (`os.replace('staged', '/home/u/.ssh/authorized_keys')`, `fs.copyFileSync(x, '/etc/hosts')`,
 * `open('/home/dev/.bashrc', 'w')`): judged as the same write done by the shell (`fs.write.*`).
 */
import type { Fact } from '../facts.js';
import type { Context } from '../context.js';
import type { Command } from '../../parser/model.js';
import { classifyPath } from '../path-class.js';

/** Calls that write, replace, move or link files (under any alias the code gives them, the name says it). */
export const WRITE_API =
  /\b(?:rename\w*|replace|copy\w*|move\w*|write\w*|append\w*|symlink\w*|link\w*|cp|mv|install|save|dump|touch)\s*\(|\bopen\s*\([^)]*,\s*['"][^'"]*[wax+]/i;
const PATH_LITERAL = /(['"])((?:~|\/)[^'"\s]{1,300})\1/g;
/** Classes of paths whose overwrite breaks the system or the user's login. */
const SENSITIVE = new Set(['root', 'system', 'system-file', 'device']);
const HOME_DOTFILE = /^(?:~|\/home\/[^/]+|\/Users\/[^/]+|\/root)\/\.[^/]+$/;

/** Code that leaves a file empty: `open(p, 'w')` with nothing written, `write_text('')`, `writeFileSync(p, '')`, `File.write(p, '')`. */
const EMPTIES = [
  /\bopen\s*\(\s*(['"])([^'"]+)\1\s*,\s*['"]w[b+]?['"]\s*\)(?![\s\S]*\.write)/g,
  /\bPath\s*\(\s*(['"])([^'"]+)\1\s*\)\s*\.write_(?:text|bytes)\s*\(\s*b?(?:''|"")\s*\)/g,
  /\b(?:writeFileSync|writeFile|File\.write|file_put_contents)\s*\(\s*(['"])([^'"]+)\1\s*,\s*(?:''|""|``)\s*[,)]/g,
];

/** Paths inline code makes empty, judged by the one policy for emptying files (`fs.empty.*`). */
export function codeEmpties(code: string, cmd: Command, ctx: Context): Fact[] {
  const out: Fact[] = [];
  for (const re of EMPTIES)
    for (const m of code.matchAll(re)) if (out.length < 4) out.push({ id: `fs.empty.${classifyPath(m[2]!, ctx)}`, detail: m[2], span: cmd.span });
  return out;
}

export function codeWrites(code: string, cmd: Command, ctx: Context): Fact[] {
  const empties = codeEmpties(code, cmd, ctx);
  if (!WRITE_API.test(code)) return empties;
  const facts: Fact[] = [...empties];
  for (const m of code.matchAll(PATH_LITERAL)) {
    const path = m[2];
    // The first of two paths given to a copy, move or link is what is read: `shutil.copy('/etc/hosts', 'hosts.bak')`.
    const before = code.slice(Math.max(0, m.index - 40), m.index);
    if (/^\s*,/.test(code.slice(m.index + m[0].length)) && /(?:copy|move|rename|replace|link|cp|mv|install)\w*\s*\(\s*$/i.test(before)) continue;
    const cls = classifyPath(path, ctx);
    if (SENSITIVE.has(cls)) facts.push({ id: `fs.write.${cls}`, detail: path, span: cmd.span });
    else if (HOME_DOTFILE.test(path) || (ctx.env.HOME && HOME_DOTFILE.test(path.replace(ctx.env.HOME, '~'))))
      facts.push({ id: 'fs.write.home-sub', detail: path, span: cmd.span });
    if (facts.length >= 8) break;
  }
  return facts;
}
