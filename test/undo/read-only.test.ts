/*! Table-driven: which command lines need no undo snapshot (undo/read-only.ts). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readOnlyCommand } from '../../src/undo/read-only.js';

interface Case {
  command: string;
  env?: Record<string, string>;
  read_only: boolean;
}

const CASES = parse(readFileSync(join(import.meta.dirname, 'read-only.yaml'), 'utf8')) as Case[];

describe('read-only commands skip the snapshot', () => {
  it.each(CASES.map((c) => [JSON.stringify(c.command) + (c.env ? ` ${JSON.stringify(c.env)}` : ''), c] as const))('%s', (_name, c) => {
    expect(readOnlyCommand(c.command, { PATH: '/usr/bin:/bin', ...c.env })).toBe(c.read_only);
  });
});
