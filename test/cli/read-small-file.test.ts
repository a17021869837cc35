/*!
 * The files the classifier reads (scripts, SQL files, what `cat` feeds a shell) are read only
 * when reading cannot block or flood it: regular files that state a size, up to 256 KB. A FIFO or
 * a /proc file (`/proc/kmsg` blocks its reader) is unknown; a blocking read would hang the guard.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSmallFile } from '../../src/engine/load-engine.js';

const dir = mkdtempSync(join(tmpdir(), 'sg-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readSmallFile', () => {
  it('reads a small regular file', () => {
    writeFileSync(join(dir, 'x.sh'), 'rm -rf ~\n');
    expect(readSmallFile(join(dir, 'x.sh'))).toBe('rm -rf ~\n');
  });

  it.each([
    ['a FIFO', () => (execFileSync('mkfifo', [join(dir, 'f')]), join(dir, 'f'))],
    ['a /proc file that states no size', () => '/proc/self/status'],
    ['/proc/kmsg', () => '/proc/kmsg'],
    ['a device', () => '/dev/zero'],
    ['a file over 256 KB', () => (writeFileSync(join(dir, 'big'), 'x'.repeat(300 * 1024)), join(dir, 'big'))],
    ['a missing file', () => join(dir, 'missing')],
  ])('is unknown for %s, without blocking', (_what, make) => {
    expect(readSmallFile(make())).toBeUndefined();
  });
});
