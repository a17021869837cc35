/*!
 * Shared helpers for the audit tests: temp audit dirs, event factory, reading raw lines. (Child
 * processes that need src/audit bundle it: test/helpers/bundle-source.ts.)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';
import type { AuditEventInput } from '../../src/audit/log.js';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');

/** A fresh empty directory for one test's audit files; removed when the test finishes. */
export function tempDir(prefix = 'shellgate-audit-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** An event with sensible defaults; override any field. */
export function event(over: Partial<AuditEventInput> = {}): AuditEventInput {
  return {
    event: 'command',
    source: 'shell',
    sessionId: 'sess-1',
    actor: { kind: 'human' },
    cwd: '/home/dev/project',
    line: 'ls -la',
    verdict: { decision: 'allow', risk: 'none', environment: null, reasons: [] },
    exitStatus: 0,
    durationMs: 3,
    ...over,
  };
}

/** The lines of a log file, without the final empty piece. */
export function lines(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
}
