// Issue 8: mask patterns resolve to the credential stores that exist, and nothing else.
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { effectiveMasks, DEFAULT_MASKS } from '../../src/sandbox/index.js';
import { expandPatterns, subtractPaths } from '../../src/sandbox/mask-patterns.js';
import { findByName } from '../../src/sandbox/name-search.js';
import { findProjectRoot } from '../../src/sandbox/project-root.js';
import { makeTempHome, type TempHome } from './helpers/temp-home.js';

let t: TempHome;
beforeEach(() => {
  t = makeTempHome();
});
afterEach(() => t.cleanup());

const paths = (list: { path: string }[]): string[] => list.map((m) => m.path);

describe('expandPatterns', () => {
  it('expands ~ and globs within a segment, skipping what does not exist', () => {
    t.put('.ssh/id_ed25519', 'k');
    t.put('.ssh/id_rsa.pub', 'k');
    t.put('.ssh/known_hosts', 'h');
    t.put('.aws/credentials', 'c');
    const found = expandPatterns(['~/.ssh/id_*', '~/.aws', '~/.kube'], { homes: [t.home], projectRoot: t.home }).masks;
    expect(found).toEqual([
      { path: join(t.home, '.aws'), kind: 'dir' },
      { path: join(t.home, '.ssh/id_ed25519'), kind: 'file' },
      { path: join(t.home, '.ssh/id_rsa.pub'), kind: 'file' },
    ]);
  });

  it('finds bare names anywhere in the project, files only, not under node_modules or .git', () => {
    const proj = join(t.home, 'proj');
    t.put('proj/.env', 'A=1');
    t.put('proj/apps/web/.env.local', 'A=1');
    t.put('proj/node_modules/pkg/.env', 'A=1');
    t.put('proj/.venv/lib/.env', 'A=1');
    t.put('proj/.git/.env', 'A=1');
    mkdirSync(join(proj, '.envdir-venv', 'bin'), { recursive: true });
    mkdirSync(join(proj, '.env-venv'), { recursive: true });
    const found = expandPatterns(['.env*'], { homes: [t.home], projectRoot: proj }).masks;
    expect(paths(found)).toEqual([join(proj, '.env'), join(proj, 'apps/web/.env.local')]);
  });

  it('masks the real file behind a symlink and ignores dangling links', () => {
    const target = t.put('dotfiles/npmrc', '//registry/:_authToken=x');
    symlinkSync(target, join(t.home, '.npmrc'));
    symlinkSync(join(t.home, 'nowhere'), join(t.home, '.pgpass'));
    const found = expandPatterns(['~/.npmrc', '~/.pgpass'], { homes: [t.home], projectRoot: t.home }).masks;
    expect(found).toEqual([{ path: target, kind: 'file' }]);
  });

  it('subtracts unmasked paths', () => {
    t.put('.npmrc', 'x');
    t.put('.netrc', 'x');
    const ctx = { homes: [t.home], projectRoot: t.home };
    const left = subtractPaths(expandPatterns(['~/.npmrc', '~/.netrc'], ctx).masks, expandPatterns(['~/.npmrc'], ctx).masks);
    expect(paths(left)).toEqual([join(t.home, '.netrc')]);
  });
});

describe('findByName', () => {
  it('searches shallow files first and reports when its budget runs out', () => {
    const proj = join(t.home, 'big');
    t.put('big/.env', 'A=1');
    t.put('big/a/.env', 'A=1');
    t.put('big/a/b/c/.env', 'A=1');
    const isEnv = (n: string) => n === '.env';
    expect(findByName(proj, isEnv).files).toHaveLength(3);
    expect(findByName(proj, isEnv).truncated).toBe(false);
    const cut = findByName(proj, isEnv, { depth: 8, entries: 4 });
    expect(cut).toEqual({ files: [join(proj, '.env'), join(proj, 'a/.env')], truncated: true });
    expect(findByName(proj, isEnv, { depth: 1, entries: 100 }).truncated).toBe(true);
  });
});

describe('effectiveMasks', () => {
  it('covers every default credential store that exists, and the project .env files', () => {
    for (const f of [
      '.aws/credentials',
      '.config/gcloud/creds.db',
      '.azure/a',
      '.railway/config.json',
      '.config/railway/config.json',
      '.kube/config',
      '.docker/config.json',
      '.netrc',
      '.ssh/id_rsa',
      '.config/gh/hosts.yml',
      '.npmrc',
      '.pgpass',
      'projects/demo/.env',
      'projects/demo/.env.production',
    ]) {
      t.put(f, 'secret');
    }
    mkdirSync(join(t.home, 'projects/demo/.git'));
    const cwd = join(t.home, 'projects/demo');
    const { masks, projectRoot } = effectiveMasks({ cwd, env: t.env });
    expect(projectRoot).toBe(cwd);
    expect(masks).toHaveLength(14); // each store that exists, once; .env* twice
    expect(DEFAULT_MASKS.length).toBeGreaterThan(12);
    expect(paths(masks)).toContain(join(cwd, '.env.production'));
    expect(paths(masks)).toContain(join(t.home, '.ssh/id_rsa'));
  });

  it('adds masks from options and sandbox.yaml, and removes unmasked ones', () => {
    t.put('.npmrc', 'x');
    t.put('.config/stripe/config.toml', 'x');
    t.put('proj/secrets/key.pem', 'x');
    t.put('.config/shellgate/sandbox.yaml', 'mask: [~/.config/stripe]\nunmask: [~/.npmrc]\n');
    const cwd = join(t.home, 'proj');
    const { masks } = effectiveMasks({ cwd, env: t.env, mask: ['secrets/*.pem'] });
    expect(paths(masks).sort()).toEqual([join(t.home, '.config/stripe'), join(cwd, 'secrets/key.pem')]);
  });
});

describe('findProjectRoot', () => {
  it('walks up to the repository root but never to a home directory', () => {
    mkdirSync(join(t.home, 'proj/.git'), { recursive: true });
    mkdirSync(join(t.home, 'proj/a/b'), { recursive: true });
    mkdirSync(join(t.home, '.git'));
    mkdirSync(join(t.home, 'loose/dir'), { recursive: true });
    expect(findProjectRoot(join(t.home, 'proj/a/b'), [t.home])).toBe(join(t.home, 'proj'));
    expect(findProjectRoot(join(t.home, 'loose/dir'), [t.home])).toBe(join(t.home, 'loose/dir'));
  });
});
