/*!
 * The containment an agent's command runs in (bubblewrap, see sandbox/bwrap-args.ts):
 * - writable: the project (the git work tree holding the working directory, else the working
 *   directory itself), a private /tmp of the project's own, the build tools' caches
 *   (cache-dirs.ts) and the directories a human added under `writable:` in sandbox.yaml;
 * - read-only: everything else, the home directory included, and, inside the writable area,
 *   the files that make code run later outside the container (protected-files.ts);
 * - not visible: shellgate's state, config and cache directories, its daemon's runtime
 *   directories, the session's runtime directory (D-Bus, systemd --user, keyring, Wayland), the
 *   container engines' sockets, and the credential stores that the sandbox masks.
 * The network stays open (agents install packages); network effects are the classifier's job.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, configDir, runtimeDirs, stateDir } from '../config/paths.js';
import { effectiveMasks } from '../sandbox/effective-masks.js';
import { expandPatterns, type MaskedPath } from '../sandbox/mask-patterns.js';
import { emptyFile, isWithin, packageRoot } from '../sandbox/protected-paths.js';
import type { SandboxPlan } from '../sandbox/plan.js';
import { SandboxError } from '../sandbox/sandbox-error.js';
import { cacheDirs } from './cache-dirs.js';
import { pathDirs, protectedFiles } from './protected-files.js';
import { anchoredProject, knownAnchor } from './session-anchor.js';
import { realIfExists } from '../util/real-path.js';

/** What the plan is made from. */
export interface AgentPlanInputs {
  cwd: string;
  /** The command's environment (its HOME, XDG_RUNTIME_DIR and TMPDIR count too). */
  env: NodeJS.ProcessEnv;
  /** Extra writable directories for this run only (a human's one-time approval). */
  grant?: readonly string[];
  /** The agent process (session-anchor.ts): its first project stays its writable project. */
  agentProcess?: string | null;
}

/**
 * Directories that are never "the project", whatever the working directory: the root, system
 * trees, a home directory or anything above one. An agent that moved there (`cd /` in one call,
 * kept by its CLI for the next) would otherwise get the whole tree writable.
 */
const NEVER_PROJECT = [
  '/',
  '/usr',
  '/etc',
  '/var',
  '/opt',
  '/srv',
  '/boot',
  '/lib',
  '/bin',
  '/sbin',
  '/proc',
  '/sys',
  '/dev',
  '/run',
  '/mnt',
  '/media',
  '/root',
  '/home',
  '/tmp',
  '/var/tmp',
];

/**
 * True when `root` may be made writable as the project: never a directory of NEVER_PROJECT or a
 * home directory; an ancestor of a home directory only when it is a marked project (a git work
 * tree or a `.shellgate` directory there, which an agent cannot create above its home).
 */
export function writableProject(root: string, homes: readonly string[]): boolean {
  if (NEVER_PROJECT.includes(root) || homes.includes(root)) return false;
  const marked = existsSync(join(root, '.git')) || existsSync(join(root, '.shellgate'));
  return marked || !homes.some((h) => isWithin(h, root));
}

/**
 * The writable project: the one found from the working directory, unless the agent process
 * started in another project (session-anchor.ts), which then stays its project.
 */
function sessionProject(root: string, homes: readonly string[], agentProcess: string | null | undefined): string[] {
  const valid = writableProject(root, homes);
  if (!agentProcess) return valid ? [root] : [];
  const anchored = valid ? anchoredProject(agentProcess, root) : knownAnchor(agentProcess);
  if (anchored && anchored !== root && isDir(anchored)) return [anchored];
  return valid ? [root] : [];
}

/** Sockets that give a command the host (container engines): hidden unless made writable. */
const ENGINE_SOCKETS = ['/var/run/docker.sock', '/run/docker.sock', '/run/podman/podman.sock', '/run/containerd/containerd.sock'];

function isDir(p: string | undefined): p is string {
  try {
    return !!p && statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function realExisting(paths: (string | undefined)[]): string[] {
  const out = new Set<string>();
  for (const p of paths) {
    const real = p ? realIfExists(p) : undefined; // missing: nothing to bind
    if (real) out.add(real);
  }
  return [...out];
}

/** The project's private /tmp, kept in the state directory (so it persists across commands). */
function privateTmpFor(projectRoot: string): string {
  const id = createHash('sha256').update(projectRoot).digest('hex').slice(0, 16);
  const dir = join(stateDir(process.env), 'tmp', id);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return realpathSync(dir);
}

/** Drops paths that lie inside another path of the list (one mount covers them). */
function outermost(paths: MaskedPath[]): MaskedPath[] {
  return paths.filter((p) => !paths.some((q) => q !== p && q.kind === 'dir' && q.path !== p.path && isWithin(p.path, q.path)));
}

/**
 * shellgate's own directories, the runtime directories (sockets) and the container engines'
 * sockets. A runtime directory that is not `visible` in the container anyway (the machine's /tmp
 * is replaced by a private one) needs no mount of its own.
 */
function hiddenPaths(env: NodeJS.ProcessEnv, writable: readonly string[], visible: (path: string) => boolean): MaskedPath[] {
  const dirs = [...new Set([stateDir(process.env), stateDir(env), configDir(process.env), configDir(env), cacheDir(process.env), cacheDir(env)])];
  // Created first, so that they are hidden even before shellgate ever wrote into them (an agent
  // must not be able to plant a cache entry or a config there).
  for (const d of dirs) mkdirSync(d, { recursive: true, mode: 0o700 });
  // Also GNU screen's sockets: attaching to the human's session types into their terminal.
  const runtime = [...runtimeDirs(process.env), ...runtimeDirs(env), process.env.XDG_RUNTIME_DIR, env.XDG_RUNTIME_DIR, '/run/screen', '/var/run/screen'];
  const found: MaskedPath[] = [];
  for (const p of realExisting(dirs)) found.push({ path: p, kind: statSync(p).isDirectory() ? 'dir' : 'file' });
  for (const p of realExisting(runtime)) if (visible(p)) found.push({ path: p, kind: statSync(p).isDirectory() ? 'dir' : 'file' });
  for (const s of realExisting(ENGINE_SOCKETS)) if (!writable.some((w) => isWithin(s, w))) found.push({ path: s, kind: 'file' });
  return outermost(found);
}

/** The containment plan for one agent command. Throws SandboxError when it cannot be built. */
export function planAgentContainment(inputs: AgentPlanInputs): SandboxPlan {
  if (!isDir(inputs.cwd)) throw new SandboxError(`working directory ${inputs.cwd} does not exist or is not a directory`);
  const cwd = realpathSync(inputs.cwd);
  const found = effectiveMasks({ cwd, env: inputs.env });
  const { homes, user } = found;
  const project = sessionProject(found.projectRoot, homes, inputs.agentProcess);
  // The session's project (anchored) when it is another than the one the working directory is in.
  const projectRoot = project[0] ?? found.projectRoot;
  const other = projectRoot !== found.projectRoot ? effectiveMasks({ cwd: projectRoot, env: inputs.env }) : null;
  const masks = other ? [...found.masks, ...other.masks] : found.masks;
  const privateTmp = privateTmpFor(projectRoot);
  const extra = expandPatterns(user.writable, { homes, projectRoot })
    .masks.filter((m) => m.kind === 'dir')
    .map((m) => m.path);
  const writable = realExisting([...project, ...cacheDirs(homes), ...extra, ...(inputs.grant ?? [])]);
  const tmpTargets = ['/tmp', '/var/tmp'].filter(isDir);
  // Trees the container replaces (private /tmp, a fresh /dev): a home there must be bound again.
  const underTmp = (p: string) => [...tmpTargets, '/dev'].some((t) => isWithin(p, t));
  const pkg = packageRoot();
  const readOnly = [
    ...protectedFiles(projectRoot, homes, writable, pathDirs(projectRoot, [inputs.env, process.env])),
    ...(pkg && writable.some((w) => isWithin(pkg, w)) && !isWithin(projectRoot, pkg) ? [pkg] : []),
  ];
  // A HOME (or other read-only place) that lives under /tmp must stay visible under the private one.
  // So must a working directory there that is not writable (bwrap could not even chdir to it).
  const reexpose = [...homes, ...(writable.some((w) => isWithin(cwd, w)) ? [] : [cwd])].filter(underTmp);
  // Under the private /tmp, a runtime directory that no bind brings back is not there at all.
  const binds = [...reexpose, ...writable, ...readOnly];
  const hidden = hiddenPaths(inputs.env, writable, (p) => !underTmp(p) || binds.some((b) => isWithin(p, b) || isWithin(b, p)));
  const visibleMasks = masks.filter((m) => !hidden.some((h) => h.kind === 'dir' && isWithin(m.path, h.path)));
  const needsEmpty = visibleMasks.some((m) => m.kind === 'file') || hidden.some((h) => h.kind === 'file');
  return {
    cwd,
    projectRoot,
    privateTmp: { source: privateTmp, targets: tmpTargets },
    reexpose,
    writable,
    readOnly,
    hidden,
    masks: visibleMasks,
    maskSearchTruncated: found.truncated || (other?.truncated ?? false),
    emptyFile: needsEmpty ? emptyFile() : null,
    net: user.net ?? 'open',
    newSession: true,
  };
}
