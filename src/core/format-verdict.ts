/*!
 * Plain-text rendering of a verdict, shared by `check`, shellgate-sh messages and the log.
 */
import type { Verdict } from './verdict.js';

const MARK: Record<string, string> = { allow: 'ALLOW', confirm: 'CONFIRM', deny: 'DENY' };

/** `DENY (critical, production)` followed by one line per reason with its rule id and span. */
export function formatVerdict(v: Verdict, line: string): string {
  const head = `${MARK[v.decision]} (risk ${v.risk}${v.environment ? `, ${v.environment}` : ''})`;
  const lines = [head];
  if (v.environment && v.environmentEvidence) lines.push(`  environment: ${v.environment} (from ${v.environmentEvidence})`);
  for (const r of v.reasons) {
    if (r.decision === 'allow' && v.decision !== 'allow') continue;
    lines.push(`  ${r.decision.padEnd(7)} ${r.rule}: ${r.message}`);
    const text = line.slice(r.span[0], r.span[1]);
    if (text) lines.push(`          at ${r.span[0]}-${r.span[1]}: ${text.length > 100 ? text.slice(0, 97) + '…' : text}`);
    if (r.alternative) lines.push(`          instead: ${r.alternative}`);
  }
  return lines.join('\n');
}
