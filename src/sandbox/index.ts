/*!
 * Sandbox API (contract; implemented in the sandbox issue). Wraps a program so that it runs under
 * bubblewrap with credential stores masked. Callers must refuse to start when this throws:
 * never fall back to an unsandboxed shell.
 */

export interface SandboxOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** `none` cuts the network; default open. */
  net?: 'open' | 'none';
  /** Extra paths to mask (from rulesets/config). */
  mask?: string[];
}

export interface WrappedCommand {
  file: string;
  args: string[];
}

/** Returns the command line that runs `file args` inside the sandbox; throws SandboxError if unavailable. */
export function sandboxCommand(_file: string, _args: string[], _opts: SandboxOptions): WrappedCommand {
  throw new SandboxError('the sandbox is not implemented yet');
}

export class SandboxError extends Error {
  override name = 'SandboxError';
}
