/*!
 * Whether this process already runs inside a shellgate sandbox, so that a nested shellgate
 * (an agent's `$SHELL -c` inside the sandbox) does not try to build a second one (which would
 * fail: the sandbox has no capabilities) and refuse to run anything. The marker variable alone
 * is not trusted, since anyone can set it: shellgate's state directory must also be on a
 * read-only mount (EROFS), which only the sandbox arranges.
 */
import { accessSync, constants } from 'node:fs';
import { stateDir } from '../config/paths.js';

/** Set to `1` inside the sandbox. */
export const IN_SANDBOX_ENV = 'SHELLGATE_IN_SANDBOX';

/** True when the marker is set and the state directory is on a read-only mount. */
export function insideSandbox(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env[IN_SANDBOX_ENV] !== '1') return false;
  try {
    accessSync(stateDir(env), constants.W_OK);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EROFS';
  }
}
