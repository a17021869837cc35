/*!
 * Containment of agent commands: how one command is wrapped in bubblewrap, or why it cannot be.
 * `prepareContainment` is called by whatever runs an agent's command (shellgate-sh, the daemon's
 * client, shellgate-contain). It never falls back silently: when bubblewrap is missing or cannot
 * build a container, the command is refused — unless the user's own sandbox.yaml says
 * `agents: advisory`, and then the caller logs the command as uncontained.
 * bubblewrap is started through the Landlock scope helper (scope-helper.ts), so that the container
 * cannot reach the host's abstract unix sockets or signal outside itself; where the helper is not
 * available the command is still contained and its audit entry says what is not scoped. A helper
 * that fails when it runs exits 125 and runs nothing: there is no unscoped retry.
 */
import { insideSandbox } from '../sandbox/inside.js';
import { buildBwrapArgs } from '../sandbox/bwrap-args.js';
import { trustedBwrap } from '../sandbox/probe.js';
import { probeBwrapCached } from './probe-cache.js';
import { loadSandboxConfig } from '../sandbox/user-config.js';
import type { SandboxPlan } from '../sandbox/plan.js';
import { planAgentContainment } from './agent-plan.js';
import { pathDirs, protectedCandidates } from './protected-files.js';
import { isWithin } from '../sandbox/protected-paths.js';
import { watchBefore, type Watched } from './watch.js';
import { trustedBash } from '../config/trusted-bash.js';
import { scopeHelper, unscopedNote } from './scope-helper.js';

export { scopeNote } from './scope-helper.js';

/** How the command will run. */
export type Containment =
  | {
      kind: 'contained';
      /** The scope helper (bwrap is its first argument), or bwrap itself when `unscoped` says why not. */
      file: string;
      args: string[];
      plan: SandboxPlan;
      watch: Watched[];
      /** Why abstract unix sockets and signals are not scoped (no helper); absent when they are. */
      unscoped?: string;
    }
  /** Already inside a shellgate container: run as is, the outer container confines it. */
  | { kind: 'inside'; file: string; args: string[] }
  /** `agents: advisory` and no container could be built: runs uncontained, logged as such. */
  | { kind: 'uncontained'; file: string; args: string[]; why: string };

/** Thrown when a command must not run because it cannot be contained. */
export class ContainmentError extends Error {}

const INSTALL = 'install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap; Fedora: dnf install bubblewrap; Arch: pacman -S bubblewrap)';

/** Wraps `file args` (the trusted bash and its arguments) for an agent command in `cwd`. */
export function prepareContainment(
  file: string,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; grant?: string[]; interactive?: boolean; agentProcess?: string | null },
): Containment {
  if (insideSandbox(process.env)) return { kind: 'inside', file, args };
  let advisory = false;
  try {
    const config = loadSandboxConfig(process.env);
    advisory = config.agents === 'advisory';
    if (process.platform !== 'linux') throw new Error(`containment needs Linux (bubblewrap); on ${process.platform} it is not built yet (docs/sandbox.md)`);
    const bwrap = trustedBwrap(config.bwrap);
    const plan = planAgentContainment({ cwd: opts.cwd, env: opts.env, grant: opts.grant, agentProcess: opts.agentProcess });
    // An agent's interactive shell keeps the pty shellgate gave it (its own: nothing to inject into).
    if (opts.interactive) plan.newSession = false;
    probeBwrapCached(bwrap, plan.net);
    const paths = pathDirs(plan.projectRoot, [opts.env, process.env]);
    const writableCandidates = protectedCandidates(plan.projectRoot, [opts.env.HOME ?? ''].filter(Boolean), paths).filter((p) =>
      plan.writable.some((w) => isWithin(p, w)),
    );
    const bwrapArgs = buildBwrapArgs(plan, file, args);
    const watch = watchBefore(writableCandidates);
    const scope = scopeHelper();
    if (scope.kind === 'ready') return { kind: 'contained', file: scope.path, args: [bwrap, ...bwrapArgs], plan, watch };
    return { kind: 'contained', file: bwrap, args: bwrapArgs, plan, watch, unscoped: scope.why };
  } catch (err) {
    const why = (err as Error).message;
    if (advisory) return { kind: 'uncontained', file, args, why };
    throw new ContainmentError(
      `agent commands run contained and no container can be built here: ${why}. To fix: ${INSTALL}; or, to run agent commands uncontained (advisory only), put "agents: advisory" in sandbox.yaml in shellgate's config directory.`,
    );
  }
}

/** The audit note for a containment: an uncontained run, or one whose sockets and signals are not scoped. */
export function containmentNote(c: Containment): string | undefined {
  if (c.kind === 'uncontained') return `uncontained (agents: advisory): ${c.why}`;
  if (c.kind === 'contained' && c.unscoped) return unscopedNote(c.unscoped);
  return undefined;
}

/** The bash agent commands run with: sandbox.yaml's `bash:`, else a root-owned system bash. */
export function agentBash(): string {
  return trustedBash(loadSandboxConfig(process.env).bash);
}
