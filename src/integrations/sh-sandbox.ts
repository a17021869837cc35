/*!
 * Whether shellgate-sh runs bash inside the sandbox, and the wrapped command when it does. On when
 * `SHELLGATE_SANDBOX=1` or `enabled: true` in the user's sandbox.yaml. When the sandbox is wanted
 * but cannot be built (or its config is broken), this throws: the caller refuses to run anything
 * rather than running unsandboxed. The sandbox module is imported only when it is needed.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { configDir } from '../config/paths.js';

/** The program and arguments to spawn: bash itself, or bwrap around it. */
export interface ShCommand {
  file: string;
  args: string[];
  sandboxed: boolean;
}

/** True when the sandbox is requested; throws when sandbox.yaml is broken. */
async function wanted(env: NodeJS.ProcessEnv): Promise<boolean> {
  if (env.SHELLGATE_SANDBOX === '1') return true;
  if (!existsSync(join(configDir(env), 'sandbox.yaml'))) return false;
  const { loadSandboxConfig } = await import('../sandbox/index.js');
  return loadSandboxConfig(env).enabled === true;
}

/** `bash args`, wrapped in the sandbox when it is requested. Throws when it cannot be honoured. */
export async function shCommand(bash: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<ShCommand> {
  if (!(await wanted(env))) return { file: bash, args, sandboxed: false };
  const { sandboxCommand } = await import('../sandbox/index.js');
  const wrapped = sandboxCommand(bash, args, { cwd, env });
  return { ...wrapped, sandboxed: wrapped.file !== bash };
}
