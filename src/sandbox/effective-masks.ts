/*!
 * The masks in force for one project: DEFAULT_MASKS, the caller's (rulesets) and sandbox.yaml's
 * `mask`, minus the human-trusted `unmask` entries. Shared by the sandbox plan and by
 * `secrets scan`, which reports whether each finding is already hidden.
 */
import { realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { DEFAULT_MASKS } from './default-masks.js';
import { expandPatterns, subtractPaths, type MaskedPath } from './mask-patterns.js';
import { findProjectRoot } from './project-root.js';
import { loadSandboxConfig, type SandboxConfig } from './user-config.js';

/** Inputs for resolving masks. */
export interface MaskInputs {
  /** Working directory; the project root is found from here. */
  cwd: string;
  /** The child's environment (its HOME is a `~` too). */
  env: NodeJS.ProcessEnv;
  mask?: readonly string[];
  unmask?: readonly string[];
}

/** Resolved masks plus the anchors used to resolve them. */
export interface EffectiveMasks {
  homes: string[];
  projectRoot: string;
  masks: MaskedPath[];
  /** The search for bare names (`.env*`) stopped at its budget: deeper files may be unmasked. */
  truncated: boolean;
  /** The user's sandbox.yaml, as read for this resolution. */
  user: SandboxConfig;
}

/** Expands all mask layers for `cwd`; reads sandbox.yaml (throws SandboxError if it is broken). */
export function effectiveMasks(inputs: MaskInputs): EffectiveMasks {
  const homes = homeDirs(inputs.env);
  const projectRoot = findProjectRoot(realpathSync(inputs.cwd), homes);
  const user = loadSandboxConfig(process.env);
  const ctx = { homes, projectRoot };
  const masked = expandPatterns([...DEFAULT_MASKS, ...(inputs.mask ?? []), ...user.mask], ctx);
  const unmasked = expandPatterns([...(inputs.unmask ?? []), ...user.unmask], ctx);
  return { homes, projectRoot, masks: subtractPaths(masked.masks, unmasked.masks), truncated: masked.truncated, user };
}

/** The child's HOME and this process's home, resolved, without duplicates. */
export function homeDirs(env: NodeJS.ProcessEnv): string[] {
  const out = new Set<string>();
  for (const home of [env.HOME, homedir()]) {
    try {
      if (home && statSync(home).isDirectory()) out.add(realpathSync(home));
    } catch {
      // a HOME that does not exist holds nothing to mask
    }
  }
  return [...out];
}
