/*!
 * A filesystem fact about one target word: `PREFIX.CLASS`, where CLASS is what the path is (root,
 * home, system, cwd, scratch, …) after links already on disk are followed, so that rules can tell
 * `rm -rf node_modules` from `rm -rf ~`. Copies to `host:path` (scp, rsync) are judged as remote paths.
 */
import { DYN, type Word } from '../../parser/model.js';
import type { Fact } from '../facts.js';
import { classifyPath } from '../path-class.js';
import { throughExistingLinks } from '../existing-links.js';
import type { Context } from '../context.js';

/** Devices and pseudo-files that writing to harms nothing (`> /dev/null`, `dd of=/dev/stdout`). */
export const HARMLESS_DEVICES = /^\/dev\/(null|zero|stdout|stderr|stdin|tty|fd\/\d+|random|urandom|full)$|^\/proc\/sys\/vm\/drop_caches$/;

/** Facts about writing a file's content: a link in the last place is followed (deletes and moves take the link). */
const WRITES_THROUGH = /^fs\.(write|append|overwrite|truncate|fill|chmod|empty|shred)/;

export function target(word: Word, ctx: Context, prefix: string): Fact {
  if (word.containerOwn) return { id: `${prefix}.container`, detail: word.value, span: word.span };
  // A link already on disk (`build -> ~`): the target is judged where the path leads.
  const real = word.dynamic ? null : throughExistingLinks(word.value, ctx, WRITES_THROUGH.test(prefix));
  if (real) return { id: `${prefix}.${classifyPath(real, ctx)}`, detail: real, span: word.span };
  const cls = word.dynamic && word.value === DYN ? 'dynamic' : classifyPath(word.value, ctx);
  return { id: `${prefix}.${cls}`, detail: word.value.split(DYN).join('…') || word.raw, span: word.span };
}

/** `user@host:/etc/` (scp, rsync): an absolute remote path is judged as one; relative ones land in the remote home. */
const REMOTE = /^(?:[\w.-]+@)?[\w.-]+:(?!\/\/)/;

export function copyTarget(word: Word, ctx: Context, prefix: string, remoteAware: boolean): Fact {
  const m = remoteAware && !word.dynamic ? REMOTE.exec(word.value) : null;
  if (!m) return target(word, ctx, prefix);
  const path = word.value.slice(m[0].length);
  const cls = path.startsWith('/') ? classifyPath(path, { ...ctx, cwd: '/nonexistent-remote-cwd' }) : 'outside';
  return { id: `${prefix}.${cls === 'cwd' || cls === 'parent' || cls === 'home' ? 'outside' : cls}`, detail: word.value, span: word.span };
}
