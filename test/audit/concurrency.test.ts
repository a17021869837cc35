/*!
 * Real processes writing at once through src/audit/log.ts (test/audit/fixtures/writer.ts, bundled):
 * 4 × 1,000 entries give 4,000 valid entries in one verifiable chain, across rotations; a
 * `kill -9` during a write burst leaves a verifiable log that later writers continue.
 */
import { bundleSource } from '../helpers/bundle-source.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { appendAuditEvent } from '../../src/audit/log.js';
import { readRecent } from '../../src/audit/read.js';
import { verifyLog } from '../../src/audit/verify.js';
import { event, tempDir } from './helpers.js';
import { childEnv } from '../helpers/cli.js';

const WRITER = bundleSource('test/audit/fixtures/writer.ts');

function writer(stateDir: string, tag: string, count: number, lineBytes = 0, maxBytes = 300_000): ChildProcess {
  return spawn(process.execPath, [WRITER, tag, String(count), String(lineBytes)], {
    env: childEnv({ SHELLGATE_STATE_DIR: stateDir, SHELLGATE_LOG_MAX_BYTES: String(maxBytes) }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((res) => child.on('exit', (code, signal) => res({ code, signal, stderr })));
}

/** Number of complete lines in every log file of `dir`. */
function storedLines(dir: string): number {
  let n = 0;
  for (const name of existsSync(dir) ? readdirSync(dir) : []) if (name.endsWith('.jsonl')) n += readFileSync(join(dir, name), 'utf8').split('\n').length - 1;
  return n;
}

/** Polls `cond`; a file rotated away between listing and reading it (ENOENT) means: look again. */
async function waitFor(cond: () => boolean): Promise<void> {
  const holds = () => {
    try {
      return cond();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  };
  while (!holds()) await new Promise((r) => setTimeout(r, 20));
}

describe('concurrent writers', () => {
  it('4 processes × 1,000 entries → 4,000 valid entries, one chain, per-writer order kept', async () => {
    const state = tempDir();
    const dir = join(state, 'audit');
    const runs = ['a', 'b', 'c', 'd'].map((tag) => exited(writer(state, tag, 1000)));
    for (const r of await Promise.all(runs)) expect(r).toMatchObject({ code: 0, stderr: '' });

    const report = verifyLog(dir);
    expect(report).toMatchObject({ ok: true, entries: 4000, firstSeq: 1, lastSeq: 4000, notes: [], anchor: { startSeq: 1, seq: 4000 } });
    expect(report.files.length).toBeGreaterThan(2); // rotated while four processes wrote
    expect(storedLines(dir)).toBe(4000);

    const all = readRecent(dir, {}, 0);
    expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 4000 }, (_, i) => i + 1));
    for (const tag of ['a', 'b', 'c', 'd']) {
      const mine = all.filter((e) => e.session === `session-${tag}`).map((e) => Number(e.line.split(' ')[2]));
      expect(mine).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    }
    expect(all.every((e) => e.line.includes('API_KEY=[REDACTED]'))).toBe(true);
  }, 90_000); // generous: other suites share the 2 cores; typically 3–10 s

  it('verify run while writers append and rotate never reports a break', async () => {
    const state = tempDir();
    const dir = join(state, 'audit');
    let running = 2;
    const runs = ['v1', 'v2'].map((tag) => exited(writer(state, tag, 600, 0, 20_000)).then((r) => (running--, r)));
    let checks = 0;
    while (running > 0) {
      const r = verifyLog(dir);
      expect(r.broken).toBeNull();
      checks++;
      await new Promise((res) => setImmediate(res));
    }
    for (const r of await Promise.all(runs)) expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(checks).toBeGreaterThan(1);
    expect(verifyLog(dir)).toMatchObject({ ok: true, entries: 1200, notes: [], anchor: { seq: 1200 } });
  }, 60_000);

  it('kill -9 during a write burst leaves a verifiable log that later writers continue', async () => {
    const state = tempDir();
    const dir = join(state, 'audit');
    // Large lines (64 KiB after the cut) make it likely that a kill lands inside a write.
    const children = ['k1', 'k2'].map((tag) => writer(state, tag, 0, 100_000, 2_000_000));
    onTestFinished(() => children.forEach((c) => c.exitCode === null && c.signalCode === null && c.kill('SIGKILL')));
    const done = children.map(exited);
    await waitFor(() => storedLines(dir) >= 150);
    for (const c of children) c.kill('SIGKILL');
    for (const r of await Promise.all(done)) expect(r.signal).toBe('SIGKILL');

    const before = verifyLog(dir);
    expect(before.ok).toBe(true);
    expect(before.entries).toBeGreaterThanOrEqual(140); // a line counted above may be a torn one
    for (const n of before.notes) expect(n.message).toMatch(/torn|not anchored yet/);

    // The killed writers may have left their lock behind: the next writer must break it.
    expect(appendAuditEvent(event({ line: 'after the kill' }), { dir, lockTimeoutMs: 5000 })).toEqual({ ok: true });
    const after = verifyLog(dir);
    expect(after).toMatchObject({ ok: true, entries: before.entries + 1, lastSeq: before.lastSeq! + 1 });
    expect(readRecent(dir, {}, 1)[0].line).toBe('after the kill');
  }, 60_000);
});
