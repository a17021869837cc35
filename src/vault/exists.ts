/*! Whether a vault exists: one stat, on the start-up path of every agent command (no vault, no cost). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { stateDir } from '../config/paths.js';

export function vaultExists(env: NodeJS.ProcessEnv = process.env): boolean {
  return existsSync(join(stateDir(env), 'vault', 'index.json'));
}
