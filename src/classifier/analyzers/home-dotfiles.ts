/*!
 * Dotfiles of a home directory (`~/.zshrc`, `~/.config/…`, `~/.local/bin/git`): config and
 * programs the shell and tools rely on, unlike other files there. Caches and trash are exempt.
 */
import type { Context } from '../context.js';

/** Caches and trash among the home directory's dotfiles: moving them loses nothing. */
const HOME_DISPOSABLE = /^\.(cache|npm|yarn|pnpm-store|Trash|gradle|m2|cargo|rustup|nvm|bun|deno)$/;

/** A dotfile or dot-directory directly in a home directory (`~/.zshrc`, `/Users/a/.gitconfig`), caches and trash aside. */
export function homeDotfile(path: string, ctx: Context): boolean {
  const rest = homeRelative(path, ctx);
  return !!rest && /^\.[^/]+$/.test(rest) && !HOME_DISPOSABLE.test(rest) && rest !== '.config';
}

/** A dotfile of a home directory, or anything under one of its dot-directories (caches and trash aside). */
export function homeDotPath(path: string, ctx: Context): boolean {
  const first = homeRelative(path, ctx)?.split('/')[0];
  // toolchain dot-directories (`~/.cargo/bin`, `~/.bun/bin`) hold programs on the PATH: only caches are exempt
  return !!first && first.startsWith('.') && !/^\.(cache|npm|pnpm-store|Trash|gradle|m2)$/.test(first);
}

/** The part of a path below a home directory (`~/x`, `$HOME/x`, `/home/u/x`), or undefined. */
function homeRelative(path: string, ctx: Context): string | undefined {
  const home = ctx.env.HOME?.replace(/\/+$/, '');
  const v = path.replace(/\/+$/, '');
  return v.startsWith('~/') ? v.slice(2) : home && v.startsWith(home + '/') ? v.slice(home.length + 1) : /^\/(?:home|Users)\/[^/]+\/(.+)$/.exec(v)?.[1];
}
