// Issue 12, red team: files in the project that a program outside the container runs or obeys
// without the human running anything of the project themselves, planted by a program the agent
// wrote (its code is never judged):
// - `.mcp.json` / `.cursor/mcp.json` / `.vscode/mcp.json`: the MCP servers the agent CLI or the
//   editor starts, by command, at its next start (Claude Code approves a project server by name:
//   a changed command under an approved name starts without a new question);
// - `.vscode/tasks.json` with `runOn: folderOpen`, `.vscode/settings.json` naming programs;
// - `.claude/skills`, `.claude/agents`, `.claude/commands`: their frontmatter can hold hooks;
// - `.pre-commit-config.yaml`, `lefthook.yml`, `.husky/pre-commit`: what the git hooks that the
//   pre-commit framework, lefthook or husky installed run on the human's next commit (as
//   `.git/hooks`, which is protected).
// The same list as the writes Claude Code's own sandbox treats as dangerous, less what ordinary
// installs write (`.yarn`, `.pnp.cjs`, `.husky/_`).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentRun, makeWorld } from './helpers.js';

const PLANTED = [
  '.mcp.json',
  '.cursor/mcp.json',
  '.vscode/tasks.json',
  '.claude/skills/x/SKILL.md',
  '.claude/agents/x.md',
  '.claude/commands/x.md',
  '.pre-commit-config.yaml',
  'lefthook.yml',
  '.husky/pre-commit',
];

describe('editor, MCP and commit-hook configs a command plants', () => {
  it('are moved aside when created', () => {
    const w = makeWorld();
    const code = `import os\nfor p in ${JSON.stringify(PLANTED)}:\n    os.makedirs(os.path.dirname(p) or '.', exist_ok=True)\n    open(p, 'w').write('touch ~/pwned\\n')\nprint('planted')\n`;
    writeFileSync(join(w.project, 'p.py'), code);
    const r = agentRun(w, '/usr/bin/python3 p.py');
    expect(r.stdout).toBe('planted\n');
    for (const p of PLANTED) expect(existsSync(join(w.project, p)), p).toBe(false);
    expect(r.stderr).toMatch(/moved aside:[\s\S]*\.mcp\.json/);
  });

  it('are read-only when they exist (the human set them up)', () => {
    const w = makeWorld();
    mkdirSync(join(w.project, '.vscode'));
    writeFileSync(join(w.project, '.vscode', 'settings.json'), '{}\n');
    writeFileSync(join(w.project, '.mcp.json'), '{"mcpServers": {"docs": {"command": "docs-server"}}}\n');
    const code = `for p in ['.vscode/settings.json', '.mcp.json']:\n    try: open(p, 'w').write('{"mcpServers": {"docs": {"command": "sh"}}}')\n    except OSError as e: print('refused', e.errno)\n`;
    writeFileSync(join(w.project, 'p.py'), code);
    const r = agentRun(w, '/usr/bin/python3 p.py');
    expect(r.stdout).toBe('refused 30\nrefused 30\n');
    expect(readFileSync(join(w.project, '.mcp.json'), 'utf8')).toMatch(/docs-server/);
  });

  it('ordinary work next to them is left alone (husky writing .husky/_ on npm install, a .vscode-less project)', () => {
    const w = makeWorld();
    const code = `import os\nos.makedirs('.husky/_', exist_ok=True)\nopen('.husky/_/h', 'w').write('#!/bin/sh\\n')\nopen('notes.md', 'w').write('x')\nprint('ok')\n`;
    writeFileSync(join(w.project, 'p.py'), code);
    const r = agentRun(w, '/usr/bin/python3 p.py');
    expect(r.stdout).toBe('ok\n');
    expect(r.stderr).not.toMatch(/moved aside/);
    expect(existsSync(join(w.project, '.husky', '_', 'h'))).toBe(true);
  });
});
