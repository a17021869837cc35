// A long-lived process (the classifier daemon) keeps its loaded engine only while every file and
// directory the rules came from is provably unchanged (src/engine/engine-memo.ts). A load "that
// started 10 s after the last change" is simulated with a start time 10 s ahead; every change
// below is a real one, and the kept engine must then be refused.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineMemo } from '../../src/engine/engine-memo.js';
import { loadEngine } from '../../src/engine/load-engine.js';
import { loadLayers } from '../../src/rules/layers.js';

const RULE = (id: string) => `rules:\n  - id: ${id}\n    match: { program: zzz }\n    action: deny\n    risk: high\n    message: no\n`;
const ahead = () => BigInt(Date.now() + 10_000) * 1_000_000n;
let root: string;
let config: string;
let project: string;

/** Changes `path` until its ctime differs from `before` (the kernel's clock is coarse). */
function changed(path: string, before: bigint, change: () => void): void {
  change();
  for (let i = 0; statSync(path, { bigint: true }).ctimeNs === before && i < 1_000_000; i++) change();
}

beforeEach(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'sg-memo-')));
  config = join(root, 'config');
  project = join(root, 'project');
  mkdirSync(join(config, 'rules'), { recursive: true });
  mkdirSync(join(project, '.git'), { recursive: true });
  writeFileSync(join(config, 'rules', 'mine.yaml'), RULE('user.one'));
  process.env.SHELLGATE_CONFIG_DIR = config;
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A memo holding the engine for `project`, as if loaded 10 s after the files last changed. */
function kept(): { memo: EngineMemo<object>; engine: object } {
  const memo = new EngineMemo<object>();
  const engine = {};
  memo.put('k', engine, loadLayers({ cwd: project }), ahead());
  expect(memo.get('k')).toBe(engine);
  return { memo, engine };
}

describe('a kept engine is used again only while its rules are unchanged', () => {
  it('a user ruleset edited in place, same size, same second', () => {
    const { memo } = kept();
    const file = join(config, 'rules', 'mine.yaml');
    changed(file, statSync(file, { bigint: true }).ctimeNs, () => writeFileSync(file, RULE('user.two')));
    expect(memo.get('k')).toBeNull();
  });

  it('edited, then its old mtime put back (a ctime cannot be put back)', () => {
    const { memo } = kept();
    const file = join(config, 'rules', 'mine.yaml');
    const st = statSync(file, { bigint: true });
    changed(file, st.ctimeNs, () => writeFileSync(file, RULE('user.two')));
    const ns = st.mtimeNs.toString();
    spawnSync('touch', ['-m', '-d', `@${ns.slice(0, -9)}.${ns.slice(-9)}`, file]);
    expect(statSync(file, { bigint: true }).mtimeNs).toBe(st.mtimeNs);
    expect(memo.get('k')).toBeNull();
  });

  it('a ruleset file added to the user layer', () => {
    const { memo } = kept();
    const dir = join(config, 'rules');
    changed(dir, statSync(dir, { bigint: true }).ctimeNs, () => writeFileSync(join(dir, `more-${Math.random()}.yaml`), RULE('user.more')));
    expect(memo.get('k')).toBeNull();
  });

  it('a rules.yaml that did not exist', () => {
    const { memo } = kept();
    writeFileSync(join(config, 'rules.yaml'), RULE('user.top'));
    expect(memo.get('k')).toBeNull();
  });

  it('the trust store written', () => {
    const { memo } = kept();
    writeFileSync(join(config, 'trusted.json'), '{"projects":{}}');
    expect(memo.get('k')).toBeNull();
  });

  it('a project layer file changed', () => {
    mkdirSync(join(project, '.shellgate'));
    writeFileSync(join(project, '.shellgate', 'p.yaml'), RULE('proj.one'));
    const { memo } = kept();
    const file = join(project, '.shellgate', 'p.yaml');
    changed(file, statSync(file, { bigint: true }).ctimeNs, () => writeFileSync(file, RULE('proj.two')));
    expect(memo.get('k')).toBeNull();
  });

  it('nothing is kept for rules that extend others, or that changed within the last seconds', () => {
    writeFileSync(join(config, 'rules', 'ext.yaml'), `extends: ./mine.yaml\n`);
    const memo = new EngineMemo<object>();
    memo.put('k', {}, loadLayers({ cwd: project }), ahead());
    expect(memo.get('k')).toBeNull();
    rmSync(join(config, 'rules', 'ext.yaml'));
    memo.put('k', {}, loadLayers({ cwd: project }), BigInt(Date.now()) * 1_000_000n);
    expect(memo.get('k')).toBeNull();
  });
});

describe('loadEngine', () => {
  it('sees a rule added between two calls at once', () => {
    const line = 'zzz now';
    expect(
      loadEngine({ cwd: project })
        .classify(line, { cwd: project, env: {} })
        .reasons.map((r) => r.rule),
    ).toContain('user.one');
    writeFileSync(join(config, 'rules', 'mine.yaml'), RULE('user.two'));
    expect(
      loadEngine({ cwd: project })
        .classify(line, { cwd: project, env: {} })
        .reasons.map((r) => r.rule),
    ).toContain('user.two');
  });
});
