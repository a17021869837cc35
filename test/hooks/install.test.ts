/*!
 * `shellgate hook install claude-code|gemini|codex|copilot|cursor` (and opencode's plugin):
 * merges into existing settings, keeps a backup, is idempotent, refuses to touch a file it cannot
 * parse — and the command it writes really answers the agent's payload. `hook uninstall` takes
 * out exactly what install added.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES, makeSandbox, runCli, type Sandbox } from '../helpers/cli.js';

let sb: Sandbox;
beforeEach(() => {
  sb = makeSandbox();
});

const CASES = [
  {
    agent: 'claude-code',
    file: '.claude/settings.json',
    existing: {
      model: 'opus',
      permissions: { allow: ['Bash(npm test)'] },
      hooks: { PreToolUse: [{ matcher: 'Write', hooks: [{ type: 'command', command: 'prettier-hook' }] }] },
    },
    groups: (s: any) => s.hooks.PreToolUse,
    fixture: 'claude-code/bash-deny.json',
    denied: (out: any) => out.hookSpecificOutput.permissionDecision === 'deny',
  },
  {
    agent: 'gemini',
    file: '.gemini/settings.json',
    existing: { theme: 'GitHub', hooks: { BeforeTool: [{ matcher: 'write_file', hooks: [{ type: 'command', command: 'lint-hook' }] }] } },
    groups: (s: any) => s.hooks.BeforeTool,
    fixture: 'gemini-cli/shell-deny.json',
    denied: (out: any) => out.decision === 'deny',
  },
  {
    agent: 'cursor',
    file: '.cursor/hooks.json',
    existing: { version: 1, hooks: { afterFileEdit: [{ command: './hooks/format.sh' }], beforeShellExecution: [{ command: './hooks/audit.sh' }] } },
    groups: (s: any) => s.hooks.beforeShellExecution,
    fixture: 'cursor/shell-deny.json',
    denied: (out: any) => out.permission === 'deny',
  },
  {
    agent: 'codex',
    file: '.codex/hooks.json',
    existing: {
      hooks: {
        PostToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'notify-hook' }] }],
        PreToolUse: [{ matcher: 'apply_patch', hooks: [{ type: 'command', command: 'patch-lint' }] }],
      },
    },
    groups: (s: any) => s.hooks.PreToolUse.filter((g: any) => /Bash/.test(g.matcher)),
    fixture: 'codex/bash-deny.json',
    denied: (out: any) => out.hookSpecificOutput.permissionDecision === 'deny',
  },
  {
    agent: 'copilot',
    file: '.copilot/settings.json',
    projectFile: '.github/hooks/shellgate.json',
    existing: {
      banner: 'never',
      model: 'gpt-5',
      hooks: { postToolUse: [{ type: 'command', bash: './audit.sh' }], preToolUse: [{ type: 'command', bash: './policy.sh' }] },
    },
    groups: (s: any) => s.hooks.preToolUse.filter((h: any) => /shellgate/.test(h.bash)),
    fixture: 'copilot/bash-deny.json',
    denied: (out: any) => out.permissionDecision === 'deny',
  },
] as const;

function install(agent: string, ...args: string[]) {
  return runCli(['hook', 'install', agent, ...args], { env: sb.env, cwd: sb.dir });
}

function backups(file: string): string[] {
  return readdirSync(dirname(file)).filter((f) => f.includes('.bak-'));
}

function ourCommand(settings: any, agent: string): string[] {
  return JSON.stringify(settings).match(new RegExp(`[^"]*shellgate(\\.js)?'? hook ${agent}`, 'g')) ?? [];
}

describe.each(CASES)('hook install $agent', (c) => {
  it('merges into existing settings, keeps a backup, and is idempotent', () => {
    const file = join(sb.home, c.file);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(c.existing, null, 2));

    const first = install(c.agent);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain(`installed the shellgate hook for ${c.agent}`);
    const after = JSON.parse(readFileSync(file, 'utf8'));
    for (const [k, v] of Object.entries(c.existing)) if (k !== 'hooks') expect(after[k]).toEqual(v);
    expect(JSON.stringify(after)).toContain(JSON.stringify(c.existing.hooks).slice(1, 30));
    expect(ourCommand(after, c.agent)).toHaveLength(1);
    expect(backups(file)).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(dirname(file), backups(file)[0]), 'utf8'))).toEqual(c.existing);

    const bytes = readFileSync(file, 'utf8');
    const second = install(c.agent);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('already installed');
    expect(readFileSync(file, 'utf8')).toBe(bytes);
    expect(backups(file)).toHaveLength(1);
  });

  it('creates the file when there is none (no backup)', () => {
    const file = join(sb.home, c.file);
    expect(install(c.agent).status).toBe(0);
    const settings = JSON.parse(readFileSync(file, 'utf8'));
    expect(c.groups(settings)).toHaveLength(1);
    expect(backups(file)).toHaveLength(0);
  });

  it('--project writes the project file', () => {
    const project = join(sb.dir, 'proj');
    mkdirSync(project);
    expect(install(c.agent, '--project', project).status).toBe(0);
    expect(existsSync(join(project, 'projectFile' in c ? c.projectFile : c.file))).toBe(true);
    expect(existsSync(join(sb.home, c.file))).toBe(false);
  });

  it('leaves a file it cannot parse alone, with a clear message', () => {
    const file = join(sb.home, c.file);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, '{ "oops": ');
    const r = install(c.agent);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/not plain JSON/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(file, 'utf8')).toBe('{ "oops": ');
  });

  it('the installed command answers the agent payload', () => {
    expect(install(c.agent).status).toBe(0);
    const settings = JSON.parse(readFileSync(join(sb.home, c.file), 'utf8'));
    const [command] = ourCommand(settings, c.agent);
    const r = spawnSync('bash', ['-c', command], { env: sb.env, input: readFileSync(join(FIXTURES, c.fixture), 'utf8'), encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(c.denied(JSON.parse(r.stdout))).toBe(true);
  });
});

describe('hook install specifics', () => {
  it('claude-code: a PreToolUse group for Bash with a command hook and a timeout in seconds', () => {
    install('claude-code');
    const s = JSON.parse(readFileSync(join(sb.home, '.claude/settings.json'), 'utf8'));
    expect(s.hooks.PreToolUse[0]).toMatchObject({ matcher: 'Bash', hooks: [{ type: 'command', timeout: 30 }] });
  });

  it('gemini: BeforeTool for run_shell_command (timeout in ms) and hooksConfig.enabled', () => {
    install('gemini');
    const s = JSON.parse(readFileSync(join(sb.home, '.gemini/settings.json'), 'utf8'));
    expect(s.hooks.BeforeTool[0]).toMatchObject({ matcher: 'run_shell_command', hooks: [{ type: 'command', name: 'shellgate', timeout: 30000 }] });
    expect(s.hooksConfig.enabled).toBe(true);
  });

  it('cursor: version 1 and a beforeShellExecution entry that fails closed', () => {
    install('cursor');
    const s = JSON.parse(readFileSync(join(sb.home, '.cursor/hooks.json'), 'utf8'));
    expect(s.version).toBe(1);
    expect(s.hooks.beforeShellExecution[0]).toMatchObject({ failClosed: true });
  });

  it('--dry-run shows the result and writes nothing', () => {
    const r = install('cursor', '--dry-run');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('beforeShellExecution');
    expect(existsSync(join(sb.home, '.cursor/hooks.json'))).toBe(false);
  });

  it("--defer-allow: what shellgate allows goes on to the agent's own permissions; installing again changes nothing", () => {
    expect(install('claude-code', '--defer-allow').status).toBe(0);
    const file = join(sb.home, '.claude/settings.json');
    const s = JSON.parse(readFileSync(file, 'utf8'));
    const command: string = s.hooks.PreToolUse[0].hooks[0].command;
    expect(command).toBe('SHELLGATE_HOOK_ALLOW=defer shellgate hook claude-code');
    expect(install('claude-code', '--defer-allow').stdout).toMatch(/already installed/);
    const run = (name: string) =>
      spawnSync('bash', ['-c', command], { env: sb.env, input: readFileSync(join(FIXTURES, 'claude-code', `${name}.json`), 'utf8'), encoding: 'utf8' });
    expect(run('bash-allow').stdout).toBe('');
    expect(JSON.parse(run('bash-deny').stdout).hookSpecificOutput.permissionDecision).toBe('deny');
    // and back: one shellgate entry, without the variable
    install('claude-code');
    const again = JSON.parse(readFileSync(file, 'utf8'));
    expect(again.hooks.PreToolUse.flatMap((g: { hooks: unknown[] }) => g.hooks)).toHaveLength(1);
    expect(again.hooks.PreToolUse[0].hooks[0].command).toBe('shellgate hook claude-code');
  });

  it('replaces an entry that earlier versions wrote for bin/shellgate.js instead of adding a second', () => {
    const file = join(sb.home, '.gemini/settings.json');
    mkdirSync(dirname(file), { recursive: true });
    const old = {
      hooks: {
        BeforeTool: [
          {
            matcher: 'run_shell_command',
            hooks: [{ type: 'command', name: 'shellgate', command: '/usr/bin/node /opt/shellgate/bin/shellgate.js hook gemini', timeout: 30000 }],
          },
        ],
      },
    };
    writeFileSync(file, JSON.stringify(old));
    expect(install('gemini').status).toBe(0);
    const s = JSON.parse(readFileSync(file, 'utf8'));
    expect(s.hooks.BeforeTool.flatMap((g: { hooks: unknown[] }) => g.hooks)).toHaveLength(1);
    expect(s.hooks.BeforeTool[0].hooks[0].command).toBe('shellgate hook gemini');
  });

  it('with shellgate on PATH the command is simply `shellgate hook AGENT`', () => {
    install('claude-code');
    const s = JSON.parse(readFileSync(join(sb.home, '.claude/settings.json'), 'utf8'));
    expect(s.hooks.PreToolUse[0].hooks[0].command).toBe('shellgate hook claude-code');
  });

  it('without shellgate on PATH it writes node and the bin by absolute path, and that works', () => {
    const env = { ...sb.env, PATH: process.env.PATH };
    expect(runCli(['hook', 'install', 'gemini'], { env, cwd: sb.dir }).status).toBe(0);
    const s = JSON.parse(readFileSync(join(sb.home, '.gemini/settings.json'), 'utf8'));
    const command: string = s.hooks.BeforeTool[0].hooks[0].command;
    expect(command).toMatch(/^\S*node\S* \S*\/bin\/shellgate\.cjs hook gemini$/);
    expect(runCli(['hook', 'install', 'gemini'], { env, cwd: sb.dir }).stdout).toMatch(/already installed/);
    const r = spawnSync('bash', ['-c', command], { env, input: readFileSync(join(FIXTURES, 'gemini-cli/shell-allow.json'), 'utf8'), encoding: 'utf8' });
    expect(JSON.parse(r.stdout)).toMatchObject({ decision: 'allow' });
  });
});

describe.each(CASES)('hook uninstall $agent', (c) => {
  it('takes out exactly our entry: the file is as it was before install (a backup of each change kept)', () => {
    const file = join(sb.home, c.file);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(c.existing, null, 2));
    expect(install(c.agent).status).toBe(0);
    const r = runCli(['hook', 'uninstall', c.agent], { env: sb.env, cwd: sb.dir });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`removed the shellgate hook for ${c.agent}`);
    const after = JSON.parse(readFileSync(file, 'utf8'));
    if (c.agent === 'gemini') delete after.hooksConfig; // switched on by install; other hooks may need it
    expect(after).toEqual(c.existing);
    expect(backups(file)).toHaveLength(2);
    const again = runCli(['hook', 'uninstall', c.agent], { env: sb.env, cwd: sb.dir });
    expect(again.stdout).toMatch(/no shellgate hook/);
    expect(backups(file)).toHaveLength(2);
  });

  it('a file holding only our hook is emptied of it', () => {
    expect(install(c.agent).status).toBe(0);
    expect(runCli(['hook', 'uninstall', c.agent], { env: sb.env, cwd: sb.dir }).status).toBe(0);
    const after = JSON.parse(readFileSync(join(sb.home, c.file), 'utf8'));
    expect(ourCommand(after, c.agent)).toEqual([]);
    expect(after.hooks).toBeUndefined();
  });
});

describe("opencode: a plugin file of shellgate's own", () => {
  const file = () => join(sb.home, '.config/opencode/plugins/shellgate.js');

  it('install writes the plugin (idempotent), uninstall removes it', () => {
    const r = install('opencode');
    expect(r.status, r.stderr).toBe(0);
    const text = readFileSync(file(), 'utf8');
    expect(text).toMatch(/^\/\/ shellgate OpenCode plugin/);
    expect(text).toContain('"tool.execute.before"');
    expect(text).toContain('shellgate hook opencode');
    expect(install('opencode').stdout).toMatch(/already installed/);
    expect(runCli(['hook', 'uninstall', 'opencode'], { env: sb.env, cwd: sb.dir }).status).toBe(0);
    expect(existsSync(file())).toBe(false);
  });

  it("leaves a plugin file that is not shellgate's alone, both ways", () => {
    mkdirSync(dirname(file()), { recursive: true });
    writeFileSync(file(), 'export const Mine = async () => ({});\n');
    expect(install('opencode').status).toBe(2);
    expect(runCli(['hook', 'uninstall', 'opencode'], { env: sb.env, cwd: sb.dir }).status).toBe(2);
    expect(readFileSync(file(), 'utf8')).toBe('export const Mine = async () => ({});\n');
  });

  it('--project writes .opencode/plugins/shellgate.js', () => {
    const project = join(sb.dir, 'proj');
    mkdirSync(project);
    expect(install('opencode', '--project', project).status).toBe(0);
    expect(existsSync(join(project, '.opencode/plugins/shellgate.js'))).toBe(true);
  });
});

describe('hook install: codex and copilot specifics', () => {
  it('codex: a PreToolUse group for its shell tools, timeout in seconds, and the note about hook trust', () => {
    const r = install('codex');
    expect(r.stdout).toMatch(/trust/i);
    const s = JSON.parse(readFileSync(join(sb.home, '.codex/hooks.json'), 'utf8'));
    expect(s.hooks.PreToolUse[0]).toMatchObject({
      matcher: expect.stringContaining('Bash'),
      hooks: [{ type: 'command', command: 'shellgate hook codex', timeout: 30 }],
    });
  });

  it('copilot: preToolUse in the user settings; a repository hooks file gets version 1', () => {
    install('copilot');
    const s = JSON.parse(readFileSync(join(sb.home, '.copilot/settings.json'), 'utf8'));
    expect(s.hooks.preToolUse[0]).toEqual({ type: 'command', bash: 'shellgate hook copilot', timeoutSec: 30 });
    const project = join(sb.dir, 'p2');
    mkdirSync(project);
    install('copilot', '--project', project);
    expect(JSON.parse(readFileSync(join(project, '.github/hooks/shellgate.json'), 'utf8'))).toMatchObject({
      version: 1,
      hooks: { preToolUse: [{ bash: 'shellgate hook copilot' }] },
    });
  });

  it('--no-contain writes SHELLGATE_HOOK_CONTAIN=0 into the command', () => {
    install('claude-code', '--no-contain');
    const s = JSON.parse(readFileSync(join(sb.home, '.claude/settings.json'), 'utf8'));
    expect(s.hooks.PreToolUse[0].hooks[0].command).toBe('SHELLGATE_HOOK_CONTAIN=0 shellgate hook claude-code');
  });
});
