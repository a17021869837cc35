/*!
 * Symbolic links already on disk, made by an earlier command: `rm -rf build/` where `build` is a
 * link to the home directory deletes the home directory's contents. A path is judged where it
 * leads: every component but the last is followed, and the last too when the word ends in `/`
 * or a glob reaches through it (`build/*`), or the command writes the file (`> link`, `tee link`).
 * Deleting or moving the link itself (`rm build`) is not followed.
 */
import { posix } from 'node:path';
import type { Context } from './context.js';
import { absolutePath, homeOf } from './path-class.js';

/** The path `value` leads to through existing links, or null when it leads where it says (or is unknown). */
export function throughExistingLinks(value: string, ctx: Context, followLast = false): string | null {
  if (!ctx.realPath || !value || value.includes('\u{FFFC}')) return null;
  const abs = absolutePath(value, ctx);
  // Writes follow the last link too (`> link` writes where it points); deletes and moves take the link itself.
  const follow = followLast || /\/\.?$/.test(value);
  const globAt = abs.search(/[*?[]/);
  const base = globAt >= 0 ? abs.slice(0, abs.lastIndexOf('/', globAt)) || '/' : follow ? abs : posix.dirname(abs);
  const rest = globAt >= 0 ? abs.slice(base.length) : follow ? '' : abs.slice(base === '/' ? 1 : base.length + 1);
  const resolved = ctx.realPath(base);
  if (!resolved || resolved === base) return null;
  const real = inContextTerms(resolved, ctx);
  if (real === base) return null;
  return globAt >= 0 ? real + rest : follow ? real : posix.join(real, rest);
}

/**
 * A resolved path in the terms the context uses: when the working or home directory itself lives
 * behind a link (a symlinked checkout, macOS's /var → /private/var), its real prefix is put back,
 * so only links below them count.
 */
function inContextTerms(resolved: string, ctx: Context): string {
  const anchors = [ctx.cwd, homeOf(ctx)]
    .map((l) => [ctx.realPath!(l), posix.normalize(l).replace(/(.)\/+$/, '$1')] as const)
    .filter(([r, l]) => r && r !== l)
    .sort((a, b) => b[0]!.length - a[0]!.length);
  for (const [r, l] of anchors) if (resolved === r || resolved.startsWith(r + '/')) return l + resolved.slice(r!.length);
  return resolved;
}
