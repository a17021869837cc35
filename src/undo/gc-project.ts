/*!
 * `shellgate undo --gc` for one project: expire records past the limits of undo.yaml and prune
 * the store's unreachable objects now, under the store's lock.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../core/user-error.js';
import { gcNow } from './gc.js';
import { storeFor, withStoreLock } from './git-store.js';
import type { UndoConfig } from './undo-config.js';

export function gcProject(projectRoot: string, cfg: UndoConfig): { dropped: number } {
  const store = storeFor(projectRoot, process.env);
  if (!existsSync(join(store.gitDir, 'HEAD'))) throw new UserError(`nothing recorded for ${projectRoot}`);
  return withStoreLock(store, () => gcNow(store, cfg));
}
