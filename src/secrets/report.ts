/*!
 * How `secrets scan` shows its findings: `file:line:column  kind  [rule]`, one per line, then a
 * summary and, for files the sandbox would still show, the offer to mask them. Nothing here ever
 * sees a secret value: findings do not carry one.
 */
import type { Finding, ScanResult } from './scan.js';

/** Findings plus, per file, whether the sandbox already masks it. */
export interface Report {
  scan: ScanResult;
  /** Files with findings that the sandbox would show (relative to the scanned root). */
  unmasked: string[];
  /** Absolute paths added to sandbox.yaml by `--add-to-mask` (empty otherwise). */
  added: string[];
  /** Path of sandbox.yaml, named in the offer. */
  configPath: string;
}

/** Plain-text report for a terminal. */
export function formatText(report: Report, command: string): string {
  const { scan } = report;
  const lines = scan.findings.map((f) => `${f.file}:${f.line}:${f.column}  ${f.kind}  [${f.rule}]`);
  const files = new Set(scan.findings.map((f) => f.file)).size;
  const { binary, large, unreadable } = scan.skipped;
  const skipped = [binary + large ? `${binary + large} binary or large skipped` : '', unreadable ? `${unreadable} unreadable` : ''];
  lines.push(
    `${plural(scan.findings.length, 'finding')} in ${plural(files, 'file')} (${[`${plural(scan.filesScanned, 'file')} scanned`, ...skipped.filter(Boolean)].join(', ')}).` +
      ' Secret values are never printed.',
  );
  if (report.added.length > 0) {
    lines.push(`Added ${plural(report.added.length, 'path')} to the sandbox mask list in ${report.configPath}.`);
  } else if (report.unmasked.length > 0) {
    lines.push(`Readable inside the sandbox (not masked): ${report.unmasked.join(', ')}`);
    lines.push(`To hide them from sandboxed commands: ${command} --add-to-mask`);
  }
  return lines.join('\n') + '\n';
}

/** Machine-readable report (`--json`). */
export function formatJson(report: Report): string {
  const unmasked = new Set(report.unmasked);
  const findings = report.scan.findings.map((f: Finding) => ({ ...f, masked: !unmasked.has(f.file) }));
  const { root, filesScanned, skipped } = report.scan;
  return JSON.stringify({ root, filesScanned, skipped, findings, added: report.added }, null, 2) + '\n';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
