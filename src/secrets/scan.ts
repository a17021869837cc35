/*!
 * `secrets scan` engine: runs secretlint's core with its recommended preset (a maintained rule set,
 * not hand-written token patterns) over every text file of a tree, and adds dotenv assignments and
 * what it misses (token-patterns.ts: AWS key ids, Railway config, credential literals in source).
 * A Finding says where and what kind; it never carries the secret, and secretlint's messages
 * (which quote the secret) are not kept.
 */
import { readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { lintSource } from '@secretlint/core';
import { creator as recommendPreset } from '@secretlint/secretlint-rule-preset-recommend';
import { dotenvEntries, isDotenvFile } from './dotenv.js';
import { patternFindings } from './token-patterns.js';
import { listTextFiles, type Skipped } from './walk-files.js';

/** One credential found; `file` is relative to the scanned root. */
export interface Finding {
  file: string;
  line: number;
  /** 1-based. */
  column: number;
  /** Human-readable kind, e.g. "AWS Secret Access Key" or "dotenv value DB_PASSWORD". */
  kind: string;
  /** Which detector: the secretlint rule's short name (`aws`, `github`…) or `dotenv`. */
  rule: string;
}

/** Result of scanning one tree. */
export interface ScanResult {
  root: string;
  filesScanned: number;
  skipped: Skipped;
  findings: Finding[];
}

// Types come through @secretlint/core, so @secretlint/types need not be a direct dependency.
type CoreConfig = Parameters<typeof lintSource>[0]['options']['config'];
type CoreMessage = Awaited<ReturnType<typeof lintSource>>['messages'][number];

const CONFIG: CoreConfig = {
  rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommendPreset }],
};

/** Told how far a scan is: `done` of `total` files (called before each file and at the end). */
export type ScanProgress = (done: number, total: number) => void;

/** Scans every text file under `root` (see walk-files.ts for what is skipped). */
export async function scanTree(root: string, progress?: ScanProgress): Promise<ScanResult> {
  const { files, skipped } = listTextFiles(root);
  const findings: Finding[] = [];
  for (const [i, file] of files.entries()) {
    progress?.(i, files.length);
    findings.push(...(await scanFile(root, file)));
  }
  progress?.(files.length, files.length);
  return { root, filesScanned: files.length, skipped, findings };
}

/** Findings in one file: secretlint's, then dotenv values on lines secretlint did not report. */
export async function scanFile(root: string, file: string): Promise<Finding[]> {
  const full = join(root, file);
  const content = readFileSync(full, 'utf8');
  const result = await lintSource({
    source: { content, filePath: full, ext: extname(full), contentType: 'text' },
    options: { config: CONFIG, maskSecrets: true },
  });
  const found = result.messages.map((m) => fromSecretlint(file, m));
  if (isDotenvFile(basename(file))) {
    const lines = new Set(found.map((f) => f.line));
    for (const e of dotenvEntries(content)) {
      if (!lines.has(e.line)) found.push({ file, line: e.line, column: e.column, kind: `dotenv value ${e.key}`, rule: 'dotenv' });
    }
  }
  // AWS key ids, prefixed tokens, Railway's config and credential-named literals in source files.
  const reported = new Set(found.map((f) => f.line));
  for (const p of patternFindings(file, content)) if (!reported.has(p.line)) found.push({ file, ...p });
  return found.sort((a, b) => a.line - b.line || a.column - b.column);
}

function fromSecretlint(file: string, m: CoreMessage): Finding {
  return {
    file,
    line: m.loc.start.line,
    column: m.loc.start.column + 1,
    kind: humanize(m.messageId),
    rule: m.ruleId.replace(/^@secretlint\/secretlint-rule-/, ''),
  };
}

/** `AWSSecretAccessKey` → `AWS Secret Access Key`; `GITHUB_TOKEN` → `GITHUB token`. */
export function humanize(messageId: string): string {
  const words = messageId
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/\s+/)
    .filter(Boolean);
  const allCaps = words.every((w) => w === w.toUpperCase());
  return words.map((w, i) => (allCaps && i > 0 ? w.toLowerCase() : w)).join(' ');
}
