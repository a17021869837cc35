/*!
 * The yaml library, loaded on first use. Start-up of shellgate-sh and the hooks reads every
 * ruleset from the parse cache and never needs it (it is ~10 ms of module compilation), so no
 * file on that path may import 'yaml' for its values; they call yaml() instead.
 */
import { createRequire } from 'node:module';
import type * as YamlModule from 'yaml';

let yamlModule: typeof YamlModule | null = null;

export function yaml(): typeof YamlModule {
  yamlModule ??= createRequire(import.meta.url)('yaml') as typeof YamlModule;
  return yamlModule;
}
