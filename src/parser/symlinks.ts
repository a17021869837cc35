/*!
 * Symbolic links the line makes before it uses them: `ln -s ~ /tmp/h && rm -rf /tmp/h/*` deletes
 * the home directory, though every path it names is under /tmp. `ln -s TARGET LINK` is recorded as
 * the line goes; a later path through the link (`LINK/…`, `LINK/` — which rm follows — and a `cd`
 * into it) is rewritten to the path it reaches, so that what is classified is what is touched. A
 * path to the link itself (`rm /tmp/h`) stays: removing a link leaves its target alone. A link
 * to a target only known at run time makes the paths through it dynamic. A container's bind
 * mounts (`docker run -v /:/host …`) are links the same way for the command run inside it.
 */
import { posix } from 'node:path';
import { DYN, type Command, type Word } from './model.js';
import type { LineState } from './line-state.js';

/** Records the links `ln -s` makes (link path → target path, or null when the target is dynamic). */
export function recordLinks(cmd: Command, state: LineState): void {
  // `cp /bin/rm /tmp/cleanup`: a copy of a program runs as that program under the new name.
  if ((cmd.program === 'cp' || cmd.program === 'install') && cmd.argv.length >= 3) {
    const ops = cmd.argv.slice(1).filter((w) => !w.value.startsWith('-'));
    const [from, to] = ops.length === 2 ? ops : [];
    if (from && to && !from.dynamic && !to.dynamic && PROGRAM_DIRS.test(from.value)) link(state, from, to, false);
    return;
  }
  if (cmd.program !== 'ln') return;
  const args = cmd.argv.slice(1);
  let symbolic = false;
  let targetDir: Word | undefined;
  const operands: Word[] = [];
  let options = true;
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (options && v === '--') options = false;
    else if (options && (v === '-t' || v === '--target-directory')) targetDir = args[++i];
    else if (options && v.startsWith('--target-directory=')) targetDir = { ...args[i], value: v.slice('--target-directory='.length) };
    else if (options && v.startsWith('--')) symbolic ||= v === '--symbolic';
    else if (options && v.startsWith('-') && v.length > 1) {
      symbolic ||= v.slice(1).includes('s');
      if (/^-[^t]*t$/.test(v)) targetDir = args[++i];
    } else operands.push(args[i]);
  }
  if (!symbolic || operands.length === 0) return;
  if (targetDir) {
    for (const t of operands) link(state, t, targetDir, true);
  } else if (operands.length === 1) {
    link(state, operands[0]!, undefined, true);
  } else if (operands.length === 2) {
    link(state, operands[0]!, operands[1], false);
  } else {
    for (const t of operands.slice(0, -1)) link(state, t, operands[operands.length - 1], true);
  }
}

function link(state: LineState, target: Word, where: Word | undefined, inside: boolean): void {
  if (where?.dynamic) return;
  const base = posix.basename(target.value.replace(/\/+$/, ''));
  const at = where ? absolute(where.value, state) : absolute('.', state);
  const linkPath = inside || !where ? posix.join(at, base) : at;
  const to = target.dynamic
    ? null
    : posix.normalize(
        target.value.startsWith('/') || target.value.startsWith('~') ? expandHome(target.value, state) : `${posix.dirname(linkPath)}/${target.value}`,
      );
  (state.links ??= new Map()).set(linkPath.replace(/(.)\/+$/, '$1'), to === null ? null : to.replace(/(.)\/+$/, '$1'));
}

const PROGRAM_DIRS = /^\/(usr\/(local\/)?)?s?bin\/[^/]+$/;

/** Rewrites the command's paths that go through a link the line made. */
export function throughLinks(cmd: Command, state: LineState): void {
  if (state.inContainer) markContainerOwn(cmd, state);
  if (!state.links?.size) return;
  const cd = cmd.program === 'cd' || cmd.program === 'pushd';
  // `ln -s /bin/rm /tmp/cleanup; /tmp/cleanup -rf /etc`: the program run through a link is the link's target.
  const name = cmd.argv[0];
  if (name && !name.dynamic && name.value.includes('/')) {
    const to = state.links.get(absolute(name.value, state));
    if (to) {
      cmd.argv[0] = { ...name, value: to };
      cmd.program = to.slice(to.lastIndexOf('/') + 1);
    }
  }
  for (const w of cmd.argv.slice(1)) resolveWord(w, state, cd);
  for (const r of cmd.redirects) resolveWord(r.target, state, false);
}

/**
 * In a fresh container, an absolute path (or an operand's: `of=/dev/sda`) that no bind mount maps
 * to the host is the container's own file. Words a mount maps are rewritten by resolveWord later.
 */
function markContainerOwn(cmd: Command, state: LineState): void {
  const mounts = state.mountPoints;
  const own = (w: Word) => {
    if (w.dynamic || !/^([a-z]+=)?[/~]/.test(w.value)) return;
    const abs = absolute(w.value.replace(/^[a-z]+=/, ''), state);
    if (![...(mounts ?? [])].some((m) => abs === m || abs.startsWith(m + '/'))) w.containerOwn = true;
  };
  for (const w of cmd.argv.slice(1)) own(w);
  for (const r of cmd.redirects) own(r.target);
}

function resolveWord(w: Word, state: LineState, cd: boolean): void {
  if (w.dynamic || w.value === '' || (w.value.startsWith('-') && !w.value.includes('/'))) return;
  const abs = absolute(w.value, state);
  const followsLast = cd || /\/\.?$/.test(w.value);
  for (const [linkPath, to] of state.links!) {
    const below = abs.startsWith(linkPath + '/');
    // A bind mount is the directory itself: `rm -rf /host` empties what is mounted there.
    if (!below && !(abs === linkPath && (followsLast || state.mountPoints?.has(linkPath)))) continue;
    const rest = abs.slice(linkPath.length);
    if (to === null) {
      w.value = DYN + rest;
      w.dynamic = true;
    } else {
      w.value = posix.normalize(to + (rest || (followsLast && !cd ? '/' : '')));
    }
    return;
  }
}

function expandHome(p: string, state: LineState): string {
  const home = state.ctx.env?.HOME ?? '~';
  return p === '~' || p.startsWith('~/') ? home + p.slice(1) : p;
}

/** The path as absolute as the line knows it (a trailing slash is kept: rm follows a link then). */
function absolute(path: string, state: LineState): string {
  const p = expandHome(path, state);
  const abs = p.startsWith('/') || p.startsWith('~') ? p : `${state.cwd ?? state.ctx.cwd ?? '.'}/${p}`;
  return posix.normalize(abs);
}

/**
 * The bind mounts of `docker run` options (`-v HOST:CONT[:opts]`, `--volume=…`,
 * `--mount type=bind,source=HOST,target=CONT`), container path → host path (null when dynamic).
 * Named volumes (`pgdata:/var/lib/postgresql`) are not host paths and are left out.
 */
export function bindMounts(args: Word[]): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (let i = 0; i < args.length; i++) {
    const v = args[i]!.value;
    let spec: Word | undefined;
    if (v === '-v' || v === '--volume' || v === '--mount') spec = args[++i];
    else if (v.startsWith('--volume=') || v.startsWith('--mount=')) spec = { ...args[i]!, value: v.slice(v.indexOf('=') + 1) };
    else if (/^-v./.test(v)) spec = { ...args[i]!, value: v.slice(2) };
    if (!spec) continue;
    const isMount = v.startsWith('--mount');
    const [host, cont] = isMount ? mountParts(spec.value) : spec.value.split(':');
    if (!host || !cont || !cont.startsWith('/')) continue;
    if (!spec.dynamic && !/^[/~.]/.test(host)) continue; // a named volume
    out.set(posix.normalize(cont).replace(/(.)\/+$/, '$1'), spec.dynamic && host.includes(DYN) ? null : host);
  }
  return out;
}

function mountParts(value: string): [string | undefined, string | undefined] {
  const kv = new Map(
    value.split(',').map((p) => {
      const eq = p.indexOf('=');
      return [eq < 0 ? p : p.slice(0, eq), eq < 0 ? '' : p.slice(eq + 1)] as [string, string];
    }),
  );
  if ((kv.get('type') ?? 'volume') !== 'bind') return [undefined, undefined];
  return [kv.get('source') ?? kv.get('src'), kv.get('target') ?? kv.get('destination') ?? kv.get('dst')];
}

/** Runs `f` with the mounts `links` added (host paths made absolute as the line sees them), then takes them away. */
export function withLinks<T>(state: LineState, links: Map<string, string | null>, f: () => T): T {
  if (links.size === 0) return f();
  const saved = [state.links, state.mountPoints] as const;
  state.links = new Map(saved[0]);
  state.mountPoints = new Set(saved[1]);
  for (const [at, to] of links) {
    state.links.set(at, to === null ? null : absolute(to, state).replace(/(.)\/+$/, '$1'));
    state.mountPoints.add(at);
  }
  try {
    return f();
  } finally {
    [state.links, state.mountPoints] = saved;
  }
}
