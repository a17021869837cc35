// Issue 12: containment must not get in the way of ordinary agent work. Each command runs through
// the real shellgate-sh, in real bubblewrap, in a throwaway HOME, and its effect is checked.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentRun, makeWorld } from './helpers.js';

const w = makeWorld();

describe('ordinary agent work runs contained', () => {
  it('edits and commits in the project (git writes .git, index and objects)', () => {
    const r = agentRun(w, 'echo "more" >> README.md && git add README.md && git commit -qm "more" && git log --oneline | wc -l');
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('2');
    expect(readFileSync(join(w.project, 'README.md'), 'utf8')).toBe('# demo\nmore\n');
  });

  it('installs a local npm package (node_modules in the project, the npm cache in HOME)', () => {
    const pkg = join(w.project, 'vendor', 'tiny');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'tiny', version: '1.0.0', main: 'index.js' }));
    writeFileSync(join(pkg, 'index.js'), 'module.exports = 42;\n');
    writeFileSync(join(w.project, 'package.json'), JSON.stringify({ name: 'demo', version: '1.0.0', private: true }));
    const r = agentRun(w, 'npm install --no-audit --no-fund ./vendor/tiny && node -p "require(\'tiny\')"');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/42\n$/);
    expect(existsSync(join(w.project, 'node_modules', 'tiny'))).toBe(true);
    expect(existsSync(join(w.home, '.npm'))).toBe(true);
  });

  it('runs make', () => {
    writeFileSync(join(w.project, 'Makefile'), 'out.txt:\n\techo built > out.txt\n');
    const r = agentRun(w, 'make');
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(w.project, 'out.txt'), 'utf8')).toBe('built\n');
  });

  it('makes a Python venv in the project', () => {
    const r = agentRun(w, '/usr/bin/python3 -m venv --without-pip .venv && .venv/bin/python -c "import sys; print(sys.prefix)"');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(join(w.project, '.venv'));
  });

  it('writes to ~/.cache and keeps a private /tmp across its commands', () => {
    const a = agentRun(w, 'mkdir -p ~/.cache/tool && echo cached > ~/.cache/tool/x && echo kept > /tmp/handoff.txt');
    expect(a.status, a.stderr).toBe(0);
    expect(readFileSync(join(w.home, '.cache', 'tool', 'x'), 'utf8')).toBe('cached\n');
    const b = agentRun(w, 'cat /tmp/handoff.txt');
    expect(b.stdout).toBe('kept\n');
    // Private: the machine's real /tmp did not get it.
    expect(existsSync('/tmp/handoff.txt')).toBe(false);
  });

  it('works from a subdirectory of the project', () => {
    mkdirSync(join(w.project, 'src', 'deep'), { recursive: true });
    const r = agentRun(w, 'echo ok > ../top.txt && pwd', { cwd: join(w.project, 'src', 'deep') });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(w.project, 'src', 'top.txt'), 'utf8')).toBe('ok\n');
  });
});
