/*!
 * The shells: programs whose `-c STR`, script file or stdin is itself a command line, parsed and
 * judged as one.
 */

/**
 * Shells whose `-c STR`, script file or stdin is parsed as a command line — shellgate's own bash
 * stand-ins included (shellgate-contain judges nothing: its -c string is judged here).
 */
export const SHELLS = new Set([
  'shellgate-contain',
  'shellgate-contain.cjs',
  'shellgate-sh',
  'shellgate-sh.cjs',
  'bash',
  'sh',
  'zsh',
  'dash',
  'ksh',
  'ash',
  'mksh',
  'yash',
  'rbash',
  'fish',
  'tcsh',
  'csh',
  'pdksh',
  'oksh',
  'loksh',
  'posh',
  'elvish',
  'xonsh',
  'nu',
]);
