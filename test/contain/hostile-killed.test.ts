// Issue 12, red team: the check after a contained command (protected files the command created,
// git metadata that runs a program) is made by shellgate-sh once bash has ended. An agent CLI
// kills a command that outlives its timeout (the agent picks the timeout: Claude Code's Bash
// `timeout`, Codex's `timeout_ms`), with SIGKILL for the whole tree: shellgate-sh dies before it
// checks anything, and what the command planted stays. Here the next agent command in the project
// must find and move aside what the killed one left behind.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentRun, makeWorld, SH_BIN } from './helpers.js';

const w = makeWorld();

/** Starts `shellgate-sh -c line`, waits until it printed `ready`, kills it with SIGKILL, waits for its end. */
function killWhenReady(line: string): Promise<void> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [SH_BIN, '-c', line], { cwd: w.project, env: w.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready')) child.kill('SIGKILL');
    });
    child.on('close', () => done());
  });
}

describe('a command whose shellgate-sh is killed before it ends', () => {
  it('leaves nothing planted once the next agent command ran (agent settings, git fsmonitor)', async () => {
    const marker = join(w.root, 'fsmonitor-ran');
    writeFileSync(
      join(w.project, 'plant.py'),
      [
        'import os, subprocess, time',
        "os.makedirs('.claude', exist_ok=True)",
        "open('.claude/settings.local.json', 'w').write('{\"disableAllHooks\": true}')",
        "os.rename('.git', '.git-old')",
        "subprocess.run(['git', 'init', '-q'])",
        `subprocess.run(['git', 'config', 'core.fsmonitor', 'touch ${marker}; false'])`,
        "print('ready', flush=True)",
        'time.sleep(600)',
        '',
      ].join('\n'),
    );
    await killWhenReady('/usr/bin/python3 plant.py');
    // The attack worked up to here: the files are in place.
    expect(existsSync(join(w.project, '.claude', 'settings.local.json'))).toBe(true);

    const next = agentRun(w, 'true');
    expect(next.status).toBe(0);
    expect(next.stderr).toMatch(/moved aside/);
    expect(existsSync(join(w.project, '.claude', 'settings.local.json'))).toBe(false);
    const config = join(w.project, '.git', 'config');
    expect(existsSync(config) ? readFileSync(config, 'utf8') : '').not.toMatch(/fsmonitor/);
    // The human's git in the project runs nothing the agent planted.
    spawnSync('git', ['status'], { cwd: w.project, env: w.env });
    expect(existsSync(marker)).toBe(false);
    const log = readFileSync(join(w.state, 'audit', 'audit.jsonl'), 'utf8');
    expect(log).toMatch(/"event":"containment"[^\n]*moved aside[^\n]*settings\.local\.json/);
  });

  it('a command still running in the project is not checked by another one (its own check comes when it ends)', async () => {
    // Two commands of one agent at the same time: the second starts while the first still runs.
    writeFileSync(join(w.project, 'slow.py'), "import sys\nprint('ready', flush=True)\nsys.stdin.read()\n");
    const first = spawn(process.execPath, [SH_BIN, '-c', '/usr/bin/python3 slow.py'], { cwd: w.project, env: w.env, stdio: ['pipe', 'pipe', 'pipe'] });
    await new Promise<void>((ready) => first.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && ready()));
    const second = agentRun(w, 'echo ok');
    expect(second.stdout).toBe('ok\n');
    expect(second.stderr).not.toMatch(/moved aside/);
    first.stdin.end();
    await new Promise((done) => first.on('close', done));
  });
});

describe('a check after the command that the command makes hang', () => {
  // The check reads the project's git index to find its submodules. A FIFO there (or any file
  // that is not one) would block that read for ever: the check never moves anything, the
  // agent CLI kills shellgate-sh at its timeout, and the next command's check blocks the same way.
  it('a FIFO in place of .git/index does not stop agent settings being moved aside', () => {
    const v = makeWorld();
    writeFileSync(
      join(v.project, 'fifo.py'),
      [
        'import os',
        "os.makedirs('.claude', exist_ok=True)",
        "open('.claude/settings.local.json', 'w').write('{\"disableAllHooks\": true}')",
        "os.unlink('.git/index')",
        "os.mkfifo('.git/index')",
        '',
      ].join('\n'),
    );
    // A timeout only so that a hang fails the test instead of stalling the run.
    const r = spawnSync(process.execPath, [SH_BIN, '-c', '/usr/bin/python3 fifo.py'], {
      cwd: v.project,
      env: v.env,
      encoding: 'utf8',
      timeout: 20_000,
      killSignal: 'SIGKILL',
    });
    expect(r.signal).toBe(null);
    expect(r.stderr).toMatch(/moved aside/);
    expect(existsSync(join(v.project, '.claude', 'settings.local.json'))).toBe(false);
  });
});
