/*!
 * Cloud storage CLIs that copy local files to a bucket or a remote (`aws s3 cp ~/.aws/credentials
 * s3://x/`, `gsutil cp`, `gcloud storage cp`, `rclone copy`, `azcopy copy`, `s3cmd put`, `mc cp`):
 * their sources leave the machine like a file sent by curl. Every word after the verb but the
 * last (the destination) may be a source; option values among them are no secret paths.
 */
import type { Word } from '../../parser/model.js';
import { dict } from '../../util/dict.js';

/** Program → the words before its copy verb (`aws s3`, `gcloud storage`) and the verbs that upload. */
const UPLOADERS: Record<string, { path: string[]; verbs: Set<string> }> = dict({
  aws: { path: ['s3'], verbs: new Set(['cp', 'mv', 'sync']) },
  gsutil: { path: [], verbs: new Set(['cp', 'mv', 'rsync']) },
  gcloud: { path: ['storage'], verbs: new Set(['cp', 'mv', 'rsync']) },
  rclone: { path: [], verbs: new Set(['copy', 'copyto', 'move', 'moveto', 'sync']) },
  azcopy: { path: [], verbs: new Set(['copy', 'cp', 'sync']) },
  s3cmd: { path: [], verbs: new Set(['put', 'sync', 'cp', 'mv']) },
  mc: { path: [], verbs: new Set(['cp', 'mv', 'mirror']) },
});

/** The source operands of an upload, or null when the command is not one. */
export function uploadSources(program: string, args: Word[]): Word[] | null {
  const spec = UPLOADERS[program];
  if (!spec) return null;
  const words = args.filter((w) => !w.value.startsWith('-'));
  const at = spec.path.length;
  if (spec.path.some((p, i) => words[i]?.value !== p) || !spec.verbs.has(words[at]?.value ?? '')) return null;
  // a source that is itself remote (`s3://b/.env`, `remote:path`) is a download, not an upload
  return words.slice(at + 1, -1).filter((w) => !/^[\w.+-]+:/.test(w.value));
}
