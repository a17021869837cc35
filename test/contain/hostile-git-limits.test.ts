// Issue 12, red team: the check of submodules after a contained command (contain/git-metadata.ts)
// reads the project's git index for its gitlinks, and had limits that the command itself could
// exceed: only the first 200 gitlinks were checked, an index over 64 MB was not read at all. The
// human's `git status` recurses into every populated gitlink whatever the count or the size of the
// index (an optional extension padding it is ignored by git), so an embedded repository with
// `core.fsmonitor` placed after 200 empty gitlinks, or behind a padded index, ran for the human.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentRun, makeWorld, type World } from './helpers.js';

function humanGit(w: World): void {
  spawnSync('git', ['status'], { cwd: w.project, env: w.env, encoding: 'utf8' });
}

/** A Python program the agent wrote: an embedded repository `zz` with core.fsmonitor, added as a gitlink. */
function embedded(w: World, mark: string, extra = ''): string {
  return `import os, subprocess
def git(*a, cwd=None): subprocess.run(['git', *a], cwd=cwd, check=False)
os.makedirs('zz')
git('init', '-q', cwd='zz')
git('commit', '-q', '--allow-empty', '-m', 's', cwd='zz')
git('config', 'core.fsmonitor', 'touch ${join(w.home, mark)}; false', cwd='zz')
git('add', 'zz')
${extra}`;
}

describe('submodules the check after a command must not miss', () => {
  it('a hostile one after 200 empty gitlinks', () => {
    const w = makeWorld();
    const many = `head = subprocess.run(['git', '-C', 'zz', 'rev-parse', 'HEAD'], capture_output=True, text=True).stdout.strip()
info = ''.join('160000 %s\\ta%03d\\n' % (head, i) for i in range(240))
subprocess.run(['git', 'update-index', '--add', '--index-info'], input=info, text=True)
`;
    writeFileSync(join(w.project, 'p.py'), embedded(w, 'pwned-many', many));
    const r = agentRun(w, '/usr/bin/python3 p.py');
    expect(r.stderr).toMatch(/moved aside:[\s\S]*zz\/\.git\/config/);
    humanGit(w);
    expect(existsSync(join(w.home, 'pwned-many'))).toBe(false);
  });

  it('a hostile one behind an index padded past 64 MB with an extension git ignores', () => {
    const w = makeWorld();
    writeFileSync(join(w.project, 'p.py'), embedded(w, 'pwned-padded'));
    const r0 = agentRun(w, '/usr/bin/python3 p.py');
    // (This one is caught: the index is small. The next command pads it, then writes the config again.)
    expect(r0.stderr).toMatch(/moved aside/);
    writeFileSync(
      join(w.project, 'pad.py'),
      `import hashlib, subprocess
data = open('.git/index', 'rb').read()[:-20]
pad = b'\\0' * (65 << 20)
data += b'Zpad' + len(pad).to_bytes(4, 'big') + pad
open('.git/index', 'wb').write(data + hashlib.sha1(data).digest())
subprocess.run(['git', 'config', 'core.fsmonitor', 'touch ${join(w.home, 'pwned-padded')}; false'], cwd='zz')
`,
    );
    const r = agentRun(w, '/usr/bin/python3 pad.py');
    // git still reads the padded index: the gitlink is there for the human's git status.
    expect(spawnSync('git', ['ls-files', '-s', 'zz'], { cwd: w.project, encoding: 'utf8' }).stdout).toMatch(/^160000 /);
    expect(r.stderr).toMatch(/moved aside:[\s\S]*zz\/\.git\/config/);
    humanGit(w);
    expect(existsSync(join(w.home, 'pwned-padded'))).toBe(false);
  });
});

describe('config keys that run programs, beyond a list of known ones', () => {
  // A list of keys that run programs is never complete (git adds them: gpg.ssh.defaultKeyCommand,
  // core.alternateRefsCommand, sendemail.*Cmd, protocol.ext.allow for `ext::` remotes). A config
  // a command wrote that git reaches from the project is judged by the keys it may hold instead.
  it('a `gitdir:` redirect to a config that signs commits with gpg.ssh.defaultKeyCommand is moved aside', () => {
    const w = makeWorld();
    const mark = join(w.home, 'pwned-signing');
    writeFileSync(
      join(w.project, 'p.py'),
      `import os, shutil, subprocess
os.rename('.git', '.git-old')
shutil.copytree('.git-old', 'evil', ignore=shutil.ignore_patterns('hooks'))
os.chmod('evil/config', 0o644)
for k, v in (('commit.gpgsign', 'true'), ('gpg.format', 'ssh'), ('gpg.ssh.defaultKeyCommand', 'touch ${mark}')):
    subprocess.run(['git', 'config', '-f', 'evil/config', k, v])
open('.git', 'w').write('gitdir: evil\\n')
`,
    );
    const r = agentRun(w, '/usr/bin/python3 p.py');
    expect(r.stderr).toMatch(/moved aside:[\s\S]*project\/\.git /);
    spawnSync('git', ['commit', '-q', '--allow-empty', '-m', 'human'], { cwd: w.project, env: w.env });
    expect(existsSync(mark)).toBe(false);
  });

  it('an embedded repository whose config a clone wrote (remote, branch, core) is left alone', () => {
    const w = makeWorld();
    const upstream = join(w.home, 'up');
    spawnSync('git', ['init', '-q', upstream], { env: w.env });
    spawnSync('git', ['commit', '-q', '--allow-empty', '-m', 'u'], { cwd: upstream, env: w.env });
    const r = agentRun(
      w,
      `git clone -q ${upstream} vendor/up && git -C vendor/up config user.name Agent && git -C vendor/up config pull.rebase false && git add vendor/up 2>/dev/null; echo ok`,
    );
    expect(r.stdout).toBe('ok\n');
    expect(r.stderr).not.toMatch(/moved aside/);
  });
});
