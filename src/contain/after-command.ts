/*!
 * The check after a contained command, kept apart from the planning (contain/index.ts) so that the
 * small shellgate-sh bundle can make it without loading the planner: what the command wrote that
 * would act outside the container is moved aside.
 */
import type { Containment } from './index.js';
import { changedPaths, quarantinePaths, type Watched } from './watch.js';
import { hostileGitMetadata } from './git-metadata.js';
import { plantedDotenv } from './planted-dotenv.js';

/**
 * After a contained command (or each command of a contained session): what it wrote that would act
 * outside the container (a protected file such as an agent's settings, git metadata that runs a
 * program through the human's git since `sinceMs`, an env file an agent CLI loads that sets a
 * variable that runs code), moved aside. Returns [from, to] pairs.
 */
export function quarantineAfter(c: Extract<Containment, { kind: 'contained' }>, sinceMs: number): [string, string][] {
  return quarantinePaths(plantedSince(c.watch, c.plan.projectRoot, c.plan.cwd, sinceMs), process.env, c.plan.writable);
}

/** What a contained command started at `sinceMs` wrote that acts outside the container. */
export function plantedSince(watch: readonly Watched[], projectRoot: string, cwd: string, sinceMs: number): string[] {
  return [...changedPaths(watch), ...hostileGitMetadata(projectRoot, sinceMs), ...plantedDotenv(projectRoot, cwd, sinceMs)];
}

/**
 * The same check made again and again while a contained session runs (commands on shellgate-sh's
 * stdin): each looks back to the previous one, with a second's margin (file times come from a
 * coarse clock).
 */
export function repeatedCheck(c: Extract<Containment, { kind: 'contained' }>, sinceMs: number): () => [string, string][] {
  let since = sinceMs;
  return () => {
    const from = since;
    since = Date.now() - 1000;
    return quarantineAfter(c, from);
  };
}
