/*!
 * Inline interpreter code that deletes files. When every delete call in the code names its target
 * as a plain string literal (`shutil.rmtree('build')`, `fs.rmSync('dist', {recursive: true})`,
 * `FileUtils.rm_rf("tmp/cache")`), the target is judged as the same delete done by the shell
 * (`fs.delete.*`, `fs.delete-recursive.*`): build output goes, the home directory is denied.
 * Anything else (a variable, an expression, a method on an object, a change of directory first)
 * stays an unseen delete (`code.delete`).
 */
import type { Fact } from '../facts.js';
import type { Context } from '../context.js';
import type { Command } from '../../parser/model.js';
import { classifyPath } from '../path-class.js';

export const DELETE_API =
  /\b(Deno\.remove(?:Sync)?|rmtree|rmSync|rmdirSync|unlinkSync|rimraf|rm_rf|rm_r|remove_dir_all|removedirs|os\.remove|os\.unlink|fs\.rm|fs\.promises\.rm|fs\.unlink|FileUtils\.rm\w*|File\.delete|unlink\b\s*[('"$]|\.unlink\(|rmdir\b\s*[('"$]|remove_tree|Remove-Item|shutil\.move|truncate\s*\(|\brm\s*\((?=[^)]*\brecursive\s*=\s*true))/;
const DELETE_ANY = new RegExp(DELETE_API.source, 'g');

/** A delete call whose first argument is a string literal without interpolation. */
const LITERAL_DELETE =
  /\b(Deno\.remove(?:Sync)?|(?:shutil\.)?rmtree|(?:fs\.)?rmSync|(?:fs\.)?rmdirSync|(?:fs\.)?unlinkSync|rimraf(?:\.sync)?|FileUtils\.rm(?:_rf|_r|_f)?|remove_dir_all|os\.removedirs|os\.remove|os\.unlink|fs\.(?:promises\.)?rm|fs\.unlink)\s*\(\s*(['"])([^'"\\$`{}%#]{1,300})\2\s*[,)]/g;
/** Calls that delete one file, not a tree. */
const ONE_FILE = /^(os\.remove|os\.unlink|(?:fs\.)?unlinkSync|fs\.unlink|FileUtils\.rm(?:_f)?)$/;
/** Code that changes its directory first: relative paths no longer mean what they say here. */
const CHANGES_DIR = /\bchdir\b|\bcd\s*\(|Dir\.chdir|process\.chdir|Set-Location/;

/**
 * The code's deletes as filesystem facts when every one names a literal path; null when any does not
 * (then the caller reports an unseen delete).
 */
export function literalDeletes(code: string, cmd: Command, ctx: Context): Fact[] | null {
  if (CHANGES_DIR.test(code)) return null;
  const all = [...code.matchAll(DELETE_ANY)].length;
  const facts: Fact[] = [];
  for (const m of code.matchAll(LITERAL_DELETE)) {
    const kind = ONE_FILE.test(m[1]!) ? 'fs.delete' : 'fs.delete-recursive';
    facts.push({ id: `${kind}.${classifyPath(m[3]!, ctx)}`, detail: m[3], span: cmd.span });
  }
  return facts.length > 0 && facts.length === all ? facts : null;
}
