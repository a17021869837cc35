/*!
 * Sandbox API. Wraps a program so that it runs under bubblewrap with credential stores masked and
 * shellgate's own files read-only. Callers must refuse to start when this throws: never fall back
 * to an unsandboxed shell. What the sandbox does and does not protect: docs/sandbox.md.
 */
import { buildBwrapArgs } from './bwrap-args.js';
import { planSandbox, type SandboxOptions } from './plan.js';
import { insideSandbox } from './inside.js';
import { probeBwrap, trustedBwrap } from './probe.js';
import { loadSandboxConfig } from './user-config.js';

export { SandboxError } from './sandbox-error.js';
export { DEFAULT_MASKS } from './default-masks.js';
export { buildBwrapArgs } from './bwrap-args.js';
export { IN_SANDBOX_ENV, insideSandbox } from './inside.js';
export { planSandbox, type SandboxOptions, type SandboxPlan } from './plan.js';
export { appendMasks, loadSandboxConfig, sandboxConfigPath, type SandboxConfig } from './user-config.js';
export type { MaskedPath } from './mask-patterns.js';
export { effectiveMasks, type EffectiveMasks, type MaskInputs } from './effective-masks.js';

export interface WrappedCommand {
  file: string;
  args: string[];
}

/**
 * Returns the command line that runs `file args` inside the sandbox; throws SandboxError if
 * unavailable. Already inside a shellgate sandbox (see inside.ts), returns `file args` unchanged:
 * the outer sandbox still confines it.
 */
export function sandboxCommand(file: string, args: string[], opts: SandboxOptions): WrappedCommand {
  if (insideSandbox(process.env)) return { file, args: [...args] };
  const bwrap = trustedBwrap(opts.bwrap ?? loadSandboxConfig(process.env).bwrap);
  const plan = planSandbox(opts);
  probeBwrap(bwrap, plan.net);
  return { file: bwrap, args: buildBwrapArgs(plan, file, args) };
}
