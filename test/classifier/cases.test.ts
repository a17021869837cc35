/*
 * Classification of real commands, both ways, from test/cases/*.yaml.
 *   expect: allow | confirm | deny | block (block = confirm or deny); default allow
 *   rule: a rule id that must be among the reasons; environment: the expected environment
 *   env: variables added to the context's; cwd: the working directory (default /home/dev/app)
 *   files: path → content, what the classifier may read (package.json, Makefile, scripts)
 *   fifos / missing: paths that are FIFOs / do not exist in an existing directory (the rest: unknown)
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { builtinEngine, BASE_CTX } from '../helpers/engine.js';

interface Case { command: string; expect?: string; rule?: string; environment?: string | null; env?: Record<string, string>; cwd?: string; files?: Record<string, string>; fifos?: string[]; missing?: string[]; actor?: 'agent' | 'human'; file: string }

const dir = new URL('../cases/', import.meta.url);
const cases: Case[] = readdirSync(dir).filter((f) => f.endsWith('.yaml')).flatMap((f) =>
  (parse(readFileSync(new URL(f, dir), 'utf8')) as Case[]).map((c) => ({ ...c, file: f })));

describe('classification cases', () => {
  it.each(cases)('$file: $command', async (c) => {
    const engine = await builtinEngine();
    const readFile = c.files ? (p: string) => c.files![p] : BASE_CTX.readFile;
    const fileKind = (p: string) => (c.files?.[p] !== undefined ? 'file' : c.fifos?.includes(p) ? 'fifo' : c.missing?.includes(p) ? 'missing' : 'unknown') as const;
    const v = engine.classify(c.command, { ...BASE_CTX, env: { ...BASE_CTX.env, ...c.env }, cwd: c.cwd ?? BASE_CTX.cwd, readFile, fileKind, actor: c.actor ?? 'agent' });
    const want = c.expect ?? 'allow';
    const summary = `${v.decision} ${JSON.stringify(v.reasons.map((r) => r.rule))}`;
    if (want === 'block') expect(v.decision, summary).not.toBe('allow');
    else expect(v.decision, summary).toBe(want);
    if (c.rule) expect(v.reasons.map((r) => r.rule)).toContain(c.rule);
    if (c.environment !== undefined) expect(v.environment).toBe(c.environment);
  });
});
