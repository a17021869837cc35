// Issue 12, red team: the guard's own variables planted through a file the agent can write. Gemini
// CLI loads `.env` and `.gemini/.env` of the project into its environment at start, OpenCode (Bun)
// loads `.env*`: a contained command writes one, and at the agent's next start its hooks and its
// `$SHELL` would run with SHELLGATE_CONFIG_DIR (or STATE_DIR, HOOK_CONTAIN …) of the agent's
// choosing: config, approvals and the daemon's key in its hands. Such a file a contained command
// wrote is moved aside after it (contain/planted-dotenv.ts); one written outside the container
// (the agent CLI's own edit tool) makes the entries refuse.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_BIN } from '../helpers/cli.js';
import { agentRun, makeWorld, type World } from './helpers.js';

/** What the agent writes in one contained call (a program, so that the classifier cannot see it). */
function plant(w: World, file: string, text: string): string {
  writeFileSync(
    join(w.project, 'plant.py'),
    `import os\nos.makedirs(os.path.dirname(${JSON.stringify(file)}) or '.', exist_ok=True)\nopen(${JSON.stringify(file)}, 'w').write(${JSON.stringify(text)})\n`,
  );
  const r = agentRun(w, '/usr/bin/python3 plant.py');
  expect(r.status).toBe(0);
  return r.stderr;
}

/**
 * An env file a contained command wrote with a SHELLGATE_ variable is moved aside after it
 * (contain/planted-dotenv.ts); one written outside the container (the agent CLI's own file-edit
 * tool) is still there at the agent's next start: written here directly.
 */
function plantOutside(w: World, file: string, text: string): void {
  expect(plant(w, file, text)).toMatch(/moved aside/);
  mkdirSync(join(w.project, file, '..'), { recursive: true });
  writeFileSync(join(w.project, file), text);
}

describe('a SHELLGATE_ variable from a project .env file', () => {
  it("shellgate-sh refuses to run (the agent CLI loaded the agent's .env at its next start)", () => {
    const w = makeWorld();
    const cfg = join(w.project, 'cfg');
    plant(w, 'cfg/sandbox.yaml', 'agents: advisory\nbwrap: /nonexistent\n');
    plantOutside(w, '.env', `SHELLGATE_CONFIG_DIR=${cfg}\n`);
    const r = agentRun(w, 'touch ran-uncontained', { env: { SHELLGATE_CONFIG_DIR: cfg } });
    expect(r.status).toBe(126);
    expect(r.stderr).toMatch(/SHELLGATE_CONFIG_DIR is set in a \.env file of the project/);
    expect(existsSync(join(w.project, 'ran-uncontained'))).toBe(false);
  });

  it("the hook refuses in the agent's blocking form (.gemini/.env switching containment off)", () => {
    const w = makeWorld();
    plantOutside(w, '.gemini/.env', 'SHELLGATE_HOOK_CONTAIN=0\n');
    const payload = JSON.stringify({ hook_event_name: 'BeforeTool', tool_name: 'run_shell_command', tool_input: { command: 'ls' }, cwd: w.project });
    const r = spawnSync(process.execPath, [CLI_BIN, 'hook', 'gemini'], {
      cwd: w.project,
      env: { ...w.env, SHELLGATE_HOOK_CONTAIN: '0', GEMINI_CLI: '1' },
      input: payload,
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr + r.stdout).toMatch(/SHELLGATE_HOOK_CONTAIN is set in a \.env file/);
  });

  it('the same variables set by the human (not in a project file) work as before', () => {
    const w = makeWorld();
    plant(w, '.env', 'DATABASE_URL=postgres://localhost/dev\n');
    mkdirSync(join(w.root, 'human-config'), { recursive: true });
    const r = agentRun(w, 'echo ok', { env: { SHELLGATE_CONFIG_DIR: join(w.root, 'human-config') } });
    expect(r.stdout).toBe('ok\n');
  });
});
