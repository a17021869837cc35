/*!
 * The words of ruleset loading that its checks share (validate, schema-check, locks and the
 * engine's lint and rule tests): a located diagnostic, the error that carries them, and a loaded
 * file. Kept apart from load.ts so that those checks need not import the loader that runs them.
 */
import type { RulesetFile } from './types.js';
import type { DataPath, Position } from './yaml-positions.js';

export interface Diagnostic {
  file: string;
  line: number;
  col: number;
  message: string;
  fix?: string;
  /** `error` (the default) stops loading; `warning` is only reported (by `rules lint`). */
  severity?: 'error' | 'warning';
}

export class RulesetError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'RulesetError';
  }
}

/** `file:line:col: message` and, when there is one, an indented `Fix:` line. */
export function formatDiagnostic(d: Diagnostic): string {
  const level = d.severity === 'warning' ? 'warning: ' : '';
  return `${d.file}:${d.line}:${d.col}: ${level}${d.message}${d.fix ? `\n  Fix: ${d.fix}` : ''}`;
}

export interface LoadedFile {
  path: string;
  data: RulesetFile;
  /** Line numbers of rule ids, for messages and `rules test`. */
  ruleLines: Map<string, number>;
  /** Position of the YAML node at a data path (or of its closest existing ancestor). */
  at(path: DataPath): Position;
}
