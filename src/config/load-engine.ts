/*!
 * The one place that wires rules (loaded from disk) to the pure classifier, and gives it a file
 * reader. Everything that classifies a line (check, the shell, shellgate-sh, hooks) goes through here.
 * PROVISIONAL: a naive classifier until the engine lands; the signature is the contract.
 */
import type { Context } from '../classifier/context.js';
import type { Verdict } from '../classifier/verdict.js';

export interface EngineOptions {
  /** Project directory used to find `.shellgate/` layers (defaults to process.cwd()). */
  cwd?: string;
  /** Extra ruleset files (`check --ruleset FILE`). */
  rulesetFiles?: string[];
}

export interface Engine {
  /** Classifies one command line. Never throws; unknown or broken input is never `allow`. */
  classify(line: string, ctx: Partial<Context>): Verdict;
}

export function loadEngine(_opts: EngineOptions = {}): Engine {
  return {
    classify(line) {
      if (/\brm\s+-\w*r/.test(line)) {
        const deny = /\s\/(\s|$)/.test(line);
        return {
          decision: deny ? 'deny' : 'confirm',
          risk: deny ? 'critical' : 'high',
          environment: null,
          reasons: [{ rule: 'fs.rm-recursive', message: 'recursive delete', command: line, span: [0, line.length], decision: deny ? 'deny' : 'confirm', risk: 'high' }],
        };
      }
      return { decision: 'allow', risk: 'none', environment: null, reasons: [] };
    },
  };
}
