/*!
 * Test helpers for undo: a git project in a sandbox, and the exact state of a directory (every
 * file's bytes and mode, every link's target; `.git` separately) so that "restored byte for byte"
 * and "the user's .git untouched" are checked on the effect, not on what shellgate says.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** path → `mode sha256` for files, `link -> target` for links, `dir` for directories. */
export function treeState(root: string, opts: { only?: '.git'; skip?: string[] } = {}): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      if (!rel && opts.only === undefined && name === '.git') continue;
      if (!rel && opts.only !== undefined && name !== opts.only) continue;
      if (opts.skip?.some((s) => r === s || r.startsWith(s + '/'))) continue;
      const p = join(dir, name);
      const st = lstatSync(p);
      if (st.isSymbolicLink()) out[r] = `link -> ${readlinkSync(p)}`;
      else if (st.isDirectory()) {
        out[r] = 'dir';
        walk(p, r);
      } else out[r] = `${(st.mode & 0o777).toString(8)} ${createHash('sha256').update(readFileSync(p)).digest('hex')}`;
    }
  };
  walk(root, '');
  return out;
}

export const GIT_ENV: NodeJS.ProcessEnv = {
  GIT_AUTHOR_NAME: 'Dev',
  GIT_AUTHOR_EMAIL: 'dev@example.com',
  GIT_COMMITTER_NAME: 'Dev',
  GIT_COMMITTER_EMAIL: 'dev@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
};

/** Runs git in `dir` (the human's git, for setting up a project). */
export function git(dir: string, args: string[], env: NodeJS.ProcessEnv): string {
  const r = spawnSync('git', args, { cwd: dir, env: { ...env, ...GIT_ENV }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** A project with commits, uncommitted changes, an untracked file, CRLF, an executable and a link. */
export function makeProject(dir: string, env: NodeJS.ProcessEnv, withGit = true): string {
  mkdirSync(join(dir, 'src', 'lib'), { recursive: true });
  writeFileSync(join(dir, 'README.md'), '# Demo\r\nline two\r\n');
  writeFileSync(join(dir, 'src', 'main.ts'), 'export const main = 1;\n');
  writeFileSync(join(dir, 'src', 'lib', 'util.ts'), 'export const util = 2;\n');
  writeFileSync(join(dir, 'run.sh'), '#!/bin/sh\necho run\n', { mode: 0o755 });
  writeFileSync(join(dir, '.gitignore'), 'build/\n');
  // Would make git normalise line endings (README.md has CRLF): snapshots must store bytes as they are.
  writeFileSync(join(dir, '.gitattributes'), '* text=auto eol=lf\n');
  if (withGit) {
    git(dir, ['init', '-q'], env);
    git(dir, ['add', '-A'], env);
    git(dir, ['commit', '-qm', 'initial'], env);
  }
  // Work the user has not committed: a change to a tracked file, a new file, a link.
  writeFileSync(join(dir, 'src', 'lib', 'util.ts'), 'export const util = 3; // not committed\n');
  writeFileSync(join(dir, 'src', 'lib', 'draft.ts'), 'draft, never committed\n');
  writeFileSync(join(dir, 'notes.txt'), 'my untracked notes\n');
  spawnSync('ln', ['-s', 'src/main.ts', join(dir, 'main-link.ts')]);
  mkdirSync(join(dir, 'build'));
  writeFileSync(join(dir, 'build', 'out.js'), 'ignored build output\n');
  return dir;
}
