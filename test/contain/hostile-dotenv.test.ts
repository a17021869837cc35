// Issue 12, red team: Gemini CLI loads the project's `.gemini/.env` (or `.env`) into its own
// environment at start, every variable not already set (OpenCode's Bun does the same with
// `.env*`), and starts its hooks and shells with it, outside any container. A contained command
// can create such a file (only existing `.env*` files are masked). `NODE_OPTIONS=--require ./x.js`
// there runs the agent's code inside shellgate's own hook process, before shellgate's code runs
// (config/planted-env.ts refuses only SHELLGATE_* variables, from inside that process). Here the
// agent's CLI start is simulated as Gemini CLI 0.61 does it (loadEnvironment: first `.gemini/.env`
// or `.env` upwards, unset variables only), then the real hook is started with that environment.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentRun, CLI_BIN, makeWorld, type World } from './helpers.js';

/** The variables Gemini CLI would add from the project's env file (a minimal dotenv parse). */
function geminiLoads(w: World): Record<string, string> {
  for (const f of [join(w.project, '.gemini', '.env'), join(w.project, '.env')]) {
    if (!existsSync(f)) continue;
    const vars: Record<string, string> = {};
    for (const m of readFileSync(f, 'utf8').matchAll(/^\s*(?:export\s+)?([\w.-]+)\s*=\s*(.*?)\s*$/gm)) vars[m[1]] = m[2].replace(/^(['"])(.*)\1$/, '$2');
    return vars;
  }
  return {};
}

/** The human starts Gemini CLI in the project; it runs its BeforeTool hook for a shell command. */
function geminiHook(w: World): void {
  const env = { ...w.env, ...geminiLoads(w), ...w.env };
  delete env.CLAUDECODE;
  const payload = { session_id: 's', cwd: w.project, hook_event_name: 'BeforeTool', tool_name: 'run_shell_command', tool_input: { command: 'ls' } };
  spawnSync(process.execPath, [CLI_BIN, 'hook', 'gemini'], { cwd: w.project, env, input: JSON.stringify(payload), encoding: 'utf8' });
}

describe('an env file an agent CLI loads at its next start', () => {
  it('cannot bring NODE_OPTIONS=--require into the hook process (moved aside)', () => {
    const w = makeWorld();
    const mark = join(w.home, 'pwned-node-options');
    writeFileSync(join(w.project, 'evil.js'), `require('fs').writeFileSync(${JSON.stringify(mark)}, 'ran')\n`);
    writeFileSync(
      join(w.project, 'p.py'),
      `import os\nos.makedirs('.gemini', exist_ok=True)\nopen('.gemini/.env', 'w').write('NODE_OPTIONS=--require ${join(w.project, 'evil.js')}\\n')\n`,
    );
    const r = agentRun(w, '/usr/bin/python3 p.py');
    expect(r.stderr).toMatch(/moved aside:[\s\S]*\.gemini\/\.env/);
    geminiHook(w);
    expect(existsSync(mark)).toBe(false);
  });

  it('LD_PRELOAD in a new .env of a subdirectory the command ran in is moved aside too', () => {
    const w = makeWorld();
    mkdirSync(join(w.project, 'app'));
    writeFileSync(join(w.project, 'app', 'p.py'), `open('.env', 'w').write('LD_PRELOAD=/x/evil.so\\n')\n`);
    const r = agentRun(w, '/usr/bin/python3 p.py', { cwd: join(w.project, 'app') });
    expect(r.stderr).toMatch(/moved aside:[\s\S]*app\/\.env/);
    expect(existsSync(join(w.project, 'app', '.env'))).toBe(false);
  });

  it('an ordinary .env the agent writes stays (database URL, API key, a Node memory limit)', () => {
    const w = makeWorld();
    const text = 'DATABASE_URL=postgres://localhost/dev\nGEMINI_API_KEY=abc\nNODE_OPTIONS=--max-old-space-size=4096\nNODE_ENV=development\n';
    writeFileSync(join(w.project, 'p.py'), `open('.env', 'w').write(${JSON.stringify(text)})\n`);
    const r = agentRun(w, '/usr/bin/python3 p.py');
    expect(r.stderr).not.toMatch(/moved aside/);
    expect(readFileSync(join(w.project, '.env'), 'utf8')).toBe(text);
  });
});

describe("an env file that moves shellgate's own directories (XDG_CONFIG_HOME, XDG_STATE_HOME)", () => {
  // shellgate's config and state directories follow XDG_CONFIG_HOME / XDG_STATE_HOME when no
  // SHELLGATE_*_DIR names them (the usual install). Both are unset on many systems, so an agent CLI
  // that loads the project's .env sets them: a sandbox.yaml of the agent's saying `agents: advisory`
  // with a bubblewrap that does not exist then runs every agent command uncontained.
  function world(): World {
    const w = makeWorld();
    delete w.env.SHELLGATE_CONFIG_DIR;
    delete w.env.SHELLGATE_STATE_DIR;
    delete w.env.XDG_CONFIG_HOME;
    delete w.env.XDG_STATE_HOME;
    return w;
  }
  const code = (w: World) =>
    `import os\nos.makedirs('cfg/shellgate', exist_ok=True)\nopen('cfg/shellgate/sandbox.yaml', 'w').write('agents: advisory\\nbwrap: /nonexistent\\n')\nopen('.env', 'w').write('XDG_CONFIG_HOME=${join(w.project, 'cfg')}\\n')\n`;

  it('is moved aside when a contained command writes it', () => {
    const w = world();
    writeFileSync(join(w.project, 'p.py'), code(w));
    const r = agentRun(w, '/usr/bin/python3 p.py');
    expect(r.stderr).toMatch(/moved aside:[\s\S]*project\/\.env/);
    // The agent CLI's next start loads what is left: nothing.
    const next = agentRun(w, 'touch ~/pwned-xdg', { env: geminiLoads(w) });
    expect(existsSync(join(w.home, 'pwned-xdg'))).toBe(false);
    expect(next.status).not.toBe(0);
  });

  it('written outside the container (the agent CLI’s own edit tool), makes shellgate-sh refuse', () => {
    const w = world();
    writeFileSync(join(w.project, 'p.py'), code(w).replace(/open\('\.env'.*\n/, ''));
    agentRun(w, '/usr/bin/python3 p.py');
    writeFileSync(join(w.project, '.env'), `XDG_CONFIG_HOME=${join(w.project, 'cfg')}\n`);
    const r = agentRun(w, 'touch ~/pwned-xdg', { env: geminiLoads(w) });
    expect(r.status).toBe(126);
    expect(r.stderr).toMatch(/XDG_CONFIG_HOME is set in a \.env file/);
    expect(existsSync(join(w.home, 'pwned-xdg'))).toBe(false);
  });
});
