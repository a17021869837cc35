/*!
 * The time limit on undo's scans (undo/scan-deadline.ts): a scan blocked by a FIFO where git reads
 * a file is stopped and the FIFO moved aside; a scan that is only slow is left to finish (an agent
 * that made many files must not get its next command run without a snapshot). Fake timers: the
 * limit passes as the test says, not as the clock does.
 */
import type { ChildProcess } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { blockingGitFiles, gitLimitMs, withDeadline } from '../../src/undo/scan-deadline.js';

const saved = process.env.SHELLGATE_STATE_DIR;
let root: string;
const child = {} as ChildProcess; // no pid: nothing to kill
beforeEach(() => {
  const dir = mkdtempSync(join(tmpdir(), 'sg-deadline-'));
  process.env.SHELLGATE_STATE_DIR = join(dir, 'state');
  root = join(dir, 'project');
  mkdirSync(join(root, 'src'), { recursive: true });
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  if (saved === undefined) delete process.env.SHELLGATE_STATE_DIR;
  else process.env.SHELLGATE_STATE_DIR = saved;
});

describe('the time limit on a scan', () => {
  it('leaves a scan that is only slow to finish, however long it takes', async () => {
    let finish!: (b: Buffer) => void;
    const result = withDeadline(new Promise<Buffer>((ok) => (finish = ok)), child, root);
    let settled = false;
    void result.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(gitLimitMs() * 5);
    expect(settled).toBe(false);
    finish(Buffer.from('? new.txt\0'));
    expect(await result).toEqual(Buffer.from('? new.txt\0'));
  });

  it('stops a scan blocked by a FIFO named .gitignore and moves the FIFO aside', async () => {
    const fifo = join(root, 'src', '.gitignore');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    expect(blockingGitFiles(root)).toEqual([fifo]);
    const result = withDeadline(new Promise<Buffer>(() => {}), child, root);
    await vi.advanceTimersByTimeAsync(gitLimitMs());
    const r = await result;
    expect(r).toBeInstanceOf(Error);
    expect((r as Error).message).toContain(`moved aside: ${fifo} →`);
    expect(existsSync(fifo)).toBe(false);
    expect(blockingGitFiles(root)).toEqual([]);
  });
});
