/*
 * Classification of real commands, both ways, from test/cases/*.yaml.
 *   expect: allow | confirm | deny | block (block = confirm or deny); default allow
 *   rule: a rule id that must be among the reasons; environment: the expected environment
 *   env: variables added to the context's; cwd: the working directory (default /home/dev/app)
 *   files: path → content, what the classifier may read (package.json, Makefile, scripts)
 *   fifos / missing: paths that are FIFOs / do not exist in an existing directory (the rest: unknown)
 *   links: symbolic links already on disk, path → target
 *   projects: directories that hold a .git (or .shellgate)
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { builtinEngine, BASE_CTX } from '../helpers/engine.js';

interface Case {
  command: string;
  expect?: string;
  rule?: string;
  environment?: string | null;
  env?: Record<string, string>;
  cwd?: string;
  files?: Record<string, string>;
  fifos?: string[];
  missing?: string[];
  links?: Record<string, string>;
  projects?: string[];
  actor?: 'agent' | 'human';
  file: string;
}

const dir = new URL('../cases/', import.meta.url);
const cases: Case[] = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((f) => (parse(readFileSync(new URL(f, dir), 'utf8')) as Case[]).map((c) => ({ ...c, file: f })));

/** A path with the case's links followed, component by component. */
function resolveLinks(path: string, links: Record<string, string>): string {
  let p = path;
  for (let n = 0; n < 8; n++) {
    const l = Object.keys(links)
      .sort((a, b) => b.length - a.length)
      .find((k) => p === k || p.startsWith(k + '/'));
    if (!l) return p;
    p = links[l] + p.slice(l.length);
  }
  return p;
}

describe('classification cases', () => {
  it.each(cases)('$file: $command', async (c) => {
    const engine = await builtinEngine();
    const readFile = c.files ? (p: string) => c.files![p] : BASE_CTX.readFile;
    const fileKind = (p: string) =>
      (c.files?.[p] !== undefined ? 'file' : c.fifos?.includes(p) ? 'fifo' : c.missing?.includes(p) ? 'missing' : 'unknown') as const;
    const realPath = (p: string) => resolveLinks(p, c.links ?? {});
    const projectRoot = (p: string) => c.projects?.find((d) => p === d || p.startsWith(d + '/'));
    const v = engine.classify(c.command, {
      ...BASE_CTX,
      env: { ...BASE_CTX.env, ...c.env },
      cwd: c.cwd ?? BASE_CTX.cwd,
      readFile,
      fileKind,
      realPath,
      projectRoot,
      actor: c.actor ?? 'agent',
    });
    const want = c.expect ?? 'allow';
    const summary = `${v.decision} ${JSON.stringify(v.reasons.map((r) => r.rule))}`;
    if (want === 'block') expect(v.decision, summary).not.toBe('allow');
    else expect(v.decision, summary).toBe(want);
    if (c.rule) expect(v.reasons.map((r) => r.rule)).toContain(c.rule);
    if (c.environment !== undefined) expect(v.environment).toBe(c.environment);
  });
});
