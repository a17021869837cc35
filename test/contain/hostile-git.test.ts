// Issue 12, red team: git config that the human's next `git status` in the project obeys, planted
// by a contained command through the ways git finds its config other than `.git/config` (which is
// bound read-only): `.git/commondir`, a `.git` file, submodules (embedded or absorbed), a new
// repository. Each test runs the human's real `git status` afterwards and checks that the program
// the config names never ran outside the container. Programs the agent wrote hide the intent from
// the classifier: the container and the check after the command must hold.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentRun, makeWorld, type World } from './helpers.js';

/** The human's `git status` (and a commit) in `dir`, outside any container. */
function humanGit(w: World, dir: string): void {
  spawnSync('git', ['status'], { cwd: dir, env: w.env, encoding: 'utf8' });
  spawnSync('git', ['commit', '-q', '--allow-empty', '-m', 'human'], { cwd: dir, env: w.env, encoding: 'utf8' });
}

/** Runs `code` (Python) as a program the agent wrote, through shellgate-sh. */
function agentProgram(w: World, code: string, cwd = w.project) {
  writeFileSync(join(cwd, 'p.py'), code);
  return agentRun(w, '/usr/bin/python3 p.py', { cwd });
}

const FSMONITOR = (w: World, mark: string) => `touch ${join(w.home, mark)}; false`;
const GIT = `import os, subprocess, shutil
def git(*a, cwd=None): subprocess.run(['git', *a], cwd=cwd, check=False)
`;

describe('git config reached other than through .git/config never runs outside the container', () => {
  const w = makeWorld();

  it('.git/commondir pointing at a directory with a hostile config is moved aside', () => {
    const r = agentProgram(
      w,
      `${GIT}shutil.copytree('.git', 'evil', ignore=shutil.ignore_patterns('hooks'))
os.chmod('evil/config', 0o644)
git('config', '-f', 'evil/config', 'core.fsmonitor', ${JSON.stringify(FSMONITOR(w, 'pwned-commondir'))})
open('.git/commondir', 'w').write('../evil\\n')
`,
    );
    expect(r.stderr).toMatch(/moved aside:[\s\S]*\.git\/commondir/);
    humanGit(w, w.project);
    expect(existsSync(join(w.home, 'pwned-commondir'))).toBe(false);
    expect(existsSync(join(w.project, '.git', 'commondir'))).toBe(false);
    rmSync(join(w.project, 'evil'), { recursive: true, force: true });
  });

  it('.git replaced by a `gitdir:` file leading to a hostile config is moved aside', () => {
    const r = agentProgram(
      w,
      `${GIT}os.rename('.git', '.git-old')
shutil.copytree('.git-old', 'evil', ignore=shutil.ignore_patterns('hooks'))
os.chmod('evil/config', 0o644)
git('config', '-f', 'evil/config', 'core.fsmonitor', ${JSON.stringify(FSMONITOR(w, 'pwned-gitfile'))})
open('.git', 'w').write('gitdir: evil\\n')
`,
    );
    expect(r.stderr).toMatch(/moved aside:[\s\S]*project\/\.git /);
    humanGit(w, w.project);
    expect(existsSync(join(w.home, 'pwned-gitfile'))).toBe(false);
    // (The human puts their repository back; the agent's rename of it is undo's business.)
    rmSync(join(w.project, 'evil'), { recursive: true, force: true });
    spawnSync('mv', [join(w.project, '.git-old'), join(w.project, '.git')]);
  });

  it('an embedded repository added as a submodule (gitlink) keeps no hostile config', () => {
    const r = agentProgram(
      w,
      `${GIT}os.makedirs('emb')
git('init', '-q', cwd='emb')
git('config', 'core.fsmonitor', ${JSON.stringify(FSMONITOR(w, 'pwned-embedded'))}, cwd='emb')
git('commit', '-q', '--allow-empty', '-m', 's', cwd='emb')
git('add', 'emb')
git('commit', '-qm', 'embedded')
`,
    );
    expect(r.stderr).toMatch(/moved aside:[\s\S]*emb\/\.git\/config/);
    humanGit(w, w.project);
    expect(existsSync(join(w.home, 'pwned-embedded'))).toBe(false);
  });

  it('an absorbed submodule (.git/modules/NAME) keeps no hostile config or hook', () => {
    const r = agentProgram(
      w,
      `${GIT}git('init', '-q', '--bare', '.git/modules/abs')
for k, v in (('core.bare', 'false'), ('core.worktree', '../../../abs'), ('core.fsmonitor', ${JSON.stringify(FSMONITOR(w, 'pwned-absorbed'))})):
    git('config', '-f', '.git/modules/abs/config', k, v)
open('.git/modules/abs/hooks/post-checkout', 'w').write('#!/bin/sh\\ntouch ${join(w.home, 'pwned-hook')}\\n')
os.chmod('.git/modules/abs/hooks/post-checkout', 0o755)
os.makedirs('abs')
open('abs/.git', 'w').write('gitdir: ../.git/modules/abs\\n')
git('commit', '-q', '--allow-empty', '-m', 's', cwd='abs')
git('add', 'abs')
git('commit', '-qm', 'absorbed')
`,
    );
    expect(r.stderr).toMatch(/moved aside:[\s\S]*modules\/abs\/config/);
    expect(r.stderr).toMatch(/modules\/abs\/hooks\/post-checkout/);
    humanGit(w, w.project);
    spawnSync('git', ['checkout', '-q', 'HEAD'], { cwd: join(w.project, 'abs'), env: w.env });
    expect(existsSync(join(w.home, 'pwned-absorbed'))).toBe(false);
    expect(existsSync(join(w.home, 'pwned-hook'))).toBe(false);
  });

  it('ordinary work with nested repositories is left alone (git submodule add, git clone into the project)', () => {
    const upstream = join(w.home, 'upstream');
    mkdirSync(upstream);
    spawnSync('git', ['init', '-q'], { cwd: upstream, env: w.env });
    spawnSync('git', ['commit', '-q', '--allow-empty', '-m', 'u'], { cwd: upstream, env: w.env });
    const r = agentRun(
      w,
      `git -c protocol.file.allow=always submodule add -q ${upstream} lib/up; git clone -q ${upstream} vendor/up && git commit -qm sub && echo ok`,
    );
    expect(r.stdout).toBe('ok\n');
    expect(r.stderr).not.toMatch(/moved aside/);
    expect(readFileSync(join(w.project, '.git', 'modules', 'lib', 'up', 'config'), 'utf8')).toMatch(/worktree/);
    expect(existsSync(join(w.project, 'vendor', 'up', '.git', 'config'))).toBe(true);
  });
});

describe('a repository the agent creates in a project that had none', () => {
  const w = makeWorld();
  rmSync(join(w.project, '.git'), { recursive: true, force: true });

  it('keeps no config or hook that runs a program', () => {
    const r = agentProgram(
      w,
      `${GIT}git('init', '-q')
git('config', 'core.fsmonitor', ${JSON.stringify(FSMONITOR(w, 'pwned-init'))})
open('.git/hooks/pre-commit', 'w').write('#!/bin/sh\\ntouch ${join(w.home, 'pwned-init-hook')}\\n')
os.chmod('.git/hooks/pre-commit', 0o755)
`,
    );
    expect(r.stderr).toMatch(/moved aside:[\s\S]*\.git\/config[\s\S]*pre-commit|moved aside:[\s\S]*pre-commit[\s\S]*\.git\/config/);
    humanGit(w, w.project);
    expect(existsSync(join(w.home, 'pwned-init'))).toBe(false);
    expect(existsSync(join(w.home, 'pwned-init-hook'))).toBe(false);
  });

  it('a plain `git init` and commit by the agent is left alone', () => {
    rmSync(join(w.project, '.git'), { recursive: true, force: true });
    const r = agentRun(w, 'git init -q && git add README.md && git commit -qm first && echo ok');
    expect(r.stdout).toBe('ok\n');
    expect(r.stderr).not.toMatch(/moved aside/);
  });
});
