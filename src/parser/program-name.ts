/*!
 * A program's name as the line gives it: the base name of its path, and a Windows program (run by
 * WSL) as the program it names.
 */

/**
 * Base name of a program path: `/usr/bin/rm` → `rm`, `./node_modules/.bin/x` → `x`. A Windows program
 * (`python.exe`, `GIT.EXE`: WSL runs them, and Windows ignores the case of their names) is the program it names.
 */
export function programName(value: string): string {
  const base = value.slice(value.lastIndexOf('/') + 1);
  return /.\.exe$/i.test(base) ? base.slice(0, -4).toLowerCase() : base;
}
