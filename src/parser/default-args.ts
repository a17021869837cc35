/*!
 * `kubectl ${ACTION:-delete} ns prod`: an argument that is an unknown variable with a default may
 * be that default when the line runs, so the command is judged as the default as well (the walker
 * emits both). Only a plain word default counts; anything else stays dynamic.
 */
import type { Command } from './model.js';

/** `${VAR:-word}` (or `${VAR-word}`, `${VAR:=word}`) whose variable is unknown: the word it falls back to. */
const DEFAULT_WORD = /^"?\$\{[A-Za-z_][A-Za-z0-9_]*:?[-=]([\w./+@%,:=-]+)\}"?$/;

/** The command with each unknown `${VAR:-word}` argument replaced by its word, or null when it has none. */
export function defaultArgs(cmd: Command): Command | null {
  if (cmd.via.includes('default value')) return null;
  let changed = false;
  const argv = cmd.argv.map((w, i) => {
    const word = i > 0 && w.dynamic ? DEFAULT_WORD.exec(w.raw)?.[1] : undefined;
    if (word === undefined) return w;
    changed = true;
    return { ...w, raw: word, value: word, dynamic: false };
  });
  return changed ? { ...cmd, argv, via: [...cmd.via, 'default value'] } : null;
}
