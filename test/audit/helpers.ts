/*!
 * Shared helpers for the audit tests: temp audit dirs, event factory, reading raw lines, and
 * making sure dist/ is current for the child-process fixtures (they import the built module).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
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

function newest(dir: string, ext: string): number {
  let t = 0;
  for (const name of readdirSync(dir)) if (name.endsWith(ext)) t = Math.max(t, statSync(join(dir, name)).mtimeMs);
  return t;
}

/** Compiles the project when dist/audit is missing or older than src/audit (fixtures import dist). */
export function ensureBuilt(): void {
  const src = join(ROOT, 'src/audit');
  const dist = join(ROOT, 'dist/audit');
  const cli = join(ROOT, 'dist/cli/commands/log.js');
  const fresh =
    existsSync(dist) && existsSync(cli) && newest(dist, '.js') >= newest(src, '.ts') && statSync(cli).mtimeMs >= statSync(join(ROOT, 'src/cli/commands/log.ts')).mtimeMs;
  if (fresh) return;
  try {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'pipe' });
  } catch {
    // Type errors elsewhere in the tree do not stop tsc from emitting; dist is checked below.
  }
  if (!existsSync(join(dist, 'log.js'))) throw new Error('dist/audit/log.js is missing: run npx tsc -p tsconfig.json');
}
