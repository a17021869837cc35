/*!
 * The listing of a scan made by two gits side by side (undo/scan-listing.ts): diff-files' letters
 * as ls-files tags, and every way one of the two can fail making the listing an error (the
 * snapshot then scans again with one ls-files), never a shorter listing.
 */
import { describe, expect, it } from 'vitest';
import { diffFilesAsListing, mergeSideBySide, trailed } from '../../src/undo/scan-listing.js';

const z = (...items: string[]) => Buffer.from(items.map((i) => `${i}\0`).join(''), 'utf8');
const text = (b: Buffer | Error) => (b instanceof Error ? b : b.toString('utf8').split('\0').filter(Boolean));

describe('a scan of diff-files beside ls-files -o', () => {
  it('merges into ls-files tags: deleted R, modified and type-changed C, untracked ?', () => {
    const others = { body: z('? new file', '? dir/ünï'), status: 0 };
    const diff = trailed(Buffer.concat([z('D', 'gone', 'M', 'a b', 'T', 'now a link'), Buffer.from('status 0 ')]));
    expect(text(mergeSideBySide(others, diff))).toEqual(['? new file', '? dir/ünï', 'R gone', 'C a b', 'C now a link']);
    expect(text(mergeSideBySide({ body: Buffer.alloc(0), status: 0 }, trailed(Buffer.from('status 0 '))))).toEqual([]);
  });

  it('reads the status and stderr after the last NUL of a listing', () => {
    expect(trailed(Buffer.concat([z('? a'), Buffer.from('status 0')]))).toEqual({ body: z('? a'), status: 0, said: '' });
    expect(trailed(Buffer.from('status 0 x: Permission denied'))?.said).toBe('x: Permission denied');
    expect(trailed(z('? a'))).toBeNull(); // ended before its status
    expect(trailed(Buffer.alloc(0))).toBeNull();
  });

  it.each([
    ['ls-files failed', { body: Buffer.alloc(0), status: 128 }, 'status 0 '],
    ['diff-files failed', { body: Buffer.alloc(0), status: 0 }, 'status 128 fatal: index file corrupt'],
    ['diff-files could not stat a path (it leaves it out, exit 0)', { body: Buffer.alloc(0), status: 0 }, 'status 0 src/x: Permission denied'],
    ['diff-files ended before its status', { body: Buffer.alloc(0), status: 0 }, ''],
    ['the scan process was killed', null, 'status 0 '],
  ])('is an error when %s', (_why, others, diffTrailer) => {
    expect(mergeSideBySide(others, trailed(Buffer.from(diffTrailer)))).toBeInstanceOf(Error);
  });

  it('is an error for a letter diff-files does not print here, or a listing cut short', () => {
    expect(diffFilesAsListing(z('U', 'conflict'))).toBeInstanceOf(Error);
    expect(diffFilesAsListing(z('A', 'added'))).toBeInstanceOf(Error);
    expect(diffFilesAsListing(Buffer.from('M\0half'))).toBeInstanceOf(Error);
    expect(diffFilesAsListing(z('M'))).toBeInstanceOf(Error);
  });
});
