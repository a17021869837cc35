/*!
 * The listings of the scans (scan.ts), each git's output followed by its status. That of the scan
 * after a command is made by two gits side by side: `git diff-files` compares the
 * tracked files' stat data with the index (on threads: core.preloadIndex) while `git ls-files -o`
 * lists the untracked files. Their outputs are checked and merged here into what one
 * `git ls-files -t -z -o -m -d` prints (`? path`, `C path`, `R path`), which snapshot.ts reads.
 * diff-files names every tracked path whose stat data differ (`M`, `T`: modified; `D`: gone, or
 * no longer a file here), racily clean entries compared by content as ls-files does. It also names
 * entries given size 0 whose content did not change (ls-files compares those by content): the
 * snapshot compares them (smudged.ts). Anything unexpected (a status other than 0, a word
 * on diff-files' stderr: a path it could not stat and left out, an unknown letter) makes the
 * listing an error: the snapshot then runs `ls-files -m -d` itself.
 */

/** A git's output followed by `status N` and, for diff-files, ` <its stderr>` (written by the scan's sh). */
export interface Trailed {
  body: Buffer;
  status: number;
  /** What it wrote on stderr (diff-files only; '' when nothing). */
  said: string;
}

/** Splits `data` (a -z listing, then `status N` or `status N <stderr>` after its last NUL); null when the trailer is missing. */
export function trailed(data: Buffer): Trailed | null {
  const last = data.lastIndexOf(0);
  const m = /^status (\d+)(?: ([\s\S]*))?$/.exec(data.toString('utf8', last + 1));
  if (!m) return null;
  return { body: data.subarray(0, last + 1), status: Number(m[1]), said: m[2] ?? '' };
}

/** `git diff-files --name-status -z` output as `ls-files -t -z` items: D → R, M and T → C. */
export function diffFilesAsListing(out: Buffer): Buffer | Error {
  const items = out.toString('utf8').split('\0');
  const parts: string[] = [];
  // Pairs of a status letter and a path; the split leaves one empty item after the last NUL.
  if (items.length % 2 !== 1 || items[items.length - 1] !== '') return new Error('git diff-files printed a listing that does not parse');
  for (let i = 0; i + 1 < items.length; i += 2) {
    const [letter, path] = [items[i], items[i + 1]];
    const tag = letter === 'D' ? 'R' : letter === 'M' || letter === 'T' ? 'C' : null;
    if (tag === null || path === '') return new Error(`git diff-files printed an unexpected status: ${JSON.stringify(letter)}`);
    parts.push(`${tag} ${path}\0`);
  }
  return Buffer.from(parts.join(''), 'utf8');
}

/** The listing of one `ls-files -o -m -d` (its output and status), or an Error. */
export function oneListing(t: Trailed | null): Buffer | Error {
  if (!t) return new Error('the scan process ended early');
  return t.status === 0 ? t.body : new Error(`git ls-files failed: status ${t.status}`);
}

/**
 * The listing of one scan from its two gits: `others` (ls-files -o: output and status) and `diff`
 * (diff-files: output, status, stderr). An Error when either failed or said anything.
 */
export function mergeSideBySide(others: { body: Buffer; status: number } | null, diff: Trailed | null): Buffer | Error {
  if (!others || !diff) return new Error('the scan process ended early');
  if (others.status !== 0) return new Error(`git ls-files failed: status ${others.status}`);
  if (diff.status !== 0 || diff.said.trim() !== '')
    return new Error(`git diff-files failed: ${diff.said.trim().split('\n').slice(-2).join(' / ') || `status ${diff.status}`}`);
  const tracked = diffFilesAsListing(diff.body);
  if (tracked instanceof Error) return tracked;
  return Buffer.concat([others.body, tracked]);
}
