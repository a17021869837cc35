/*!
 * `shellgate secrets`: find credentials in a working tree and hide them from the sandbox.
 * Public surface of src/secrets; the CLI command is src/cli/commands/secrets.ts.
 */
import { isAbsolute, join, relative } from 'node:path';
import { appendMasks, effectiveMasks, sandboxConfigPath } from '../sandbox/index.js';
import type { Report } from './report.js';
import { scanTree, type ScanProgress } from './scan.js';

export { scanTree, scanFile, type Finding, type ScanProgress, type ScanResult } from './scan.js';
export { formatJson, formatText, type Report } from './report.js';

/**
 * Scans `root` and works out which files with findings the sandbox would still show; with
 * `addToMask`, appends those files (absolute paths) to the user's sandbox.yaml.
 */
export async function scanAndOffer(root: string, addToMask: boolean, env = process.env, progress?: ScanProgress): Promise<Report> {
  const scan = await scanTree(root, progress);
  const { masks } = effectiveMasks({ cwd: root, env });
  const hidden = new Set(masks.map((m) => m.path));
  const files = [...new Set(scan.findings.map((f) => f.file))];
  const unmasked = files.filter((f) => !hidden.has(join(root, f)) && !coveredByDir(join(root, f), masks));
  const added = addToMask
    ? appendMasks(
        unmasked.map((f) => join(root, f)),
        env,
      )
    : [];
  return { scan, unmasked, added, configPath: sandboxConfigPath(env) };
}

function coveredByDir(path: string, masks: { path: string; kind: string }[]): boolean {
  return masks.some((m) => {
    if (m.kind !== 'dir') return false;
    const rel = relative(m.path, path);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  });
}
